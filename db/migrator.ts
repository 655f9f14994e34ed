/**
 * Applies numbered migrations, each once, each inside its own transaction, recorded in
 * `schema_migrations`. On PostgreSQL an advisory lock makes concurrent start-ups of several
 * workstations apply each migration exactly once.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseHandle } from './connection.js';
import type { Database } from './schema.js';
import type { Migration } from './migrations/types.js';
import { migrations as allMigrations } from './migrations/index.js';
import { lockForTransaction } from './locks.js';

export class NewerDatabaseError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database was written by a newer version of Clearance (schema version ${databaseVersion}; ` +
        `this app understands up to ${appVersion}). Install the current version of Clearance; the database was not changed.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

export interface MigrationReport {
  applied: number[];
  version: number;
}

async function ensureMigrationsTable(db: Kysely<Database>): Promise<void> {
  // Look first: on a locked-down server the app role may no longer CREATE, even "IF NOT EXISTS".
  const tables = await db.introspection.getTables();
  if (tables.some((t) => t.name === 'schema_migrations')) return;
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
}

async function lockForMigration(trx: Transaction<Database>, handle: DatabaseHandle): Promise<void> {
  await lockForTransaction(trx, handle.dialect, 'migration');
}

async function appliedVersions(db: Kysely<Database>): Promise<Set<number>> {
  const rows = await db.selectFrom('schema_migrations').select('version').execute();
  return new Set(rows.map((r) => Number(r.version)));
}

/** The applied versions, or null on a database that has no migrations table yet. */
async function appliedVersionsIfAny(db: Kysely<Database>): Promise<Set<number> | null> {
  try {
    return await appliedVersions(db);
  } catch {
    return null;
  }
}

export async function migrate(
  handle: DatabaseHandle,
  migrations: readonly Migration[] = allMigrations,
  now: () => Date = () => new Date(),
): Promise<MigrationReport> {
  const { db } = handle;
  // The usual start, on a database already migrated: one query, no lock, no introspection.
  let before = await appliedVersionsIfAny(db);
  if (!before) {
    await db.transaction().execute(async (trx) => {
      await lockForMigration(trx, handle);
      await ensureMigrationsTable(trx);
    });
    before = await appliedVersions(db);
  }
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const newest = Math.max(0, ...before);
  if (newest > latest) throw new NewerDatabaseError(newest, latest);

  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (before.has(migration.version)) continue;
    const ran = await db.transaction().execute(async (trx) => {
      await lockForMigration(trx, handle);
      // Another workstation may have applied it while we waited for the lock.
      const already = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (already) return false;
      await migration.up(trx as unknown as Kysely<unknown>, handle.dialect);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: now().toISOString() })
        .execute();
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return { applied, version: latest };
}
