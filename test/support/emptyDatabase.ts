/** An empty database of either dialect for a test of migrations or bare SQL; closed when the test ends. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { openSqlite, type DatabaseHandle, type DialectName } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { migrations } from '../../db/migrations/index.js';
import { openPostgres } from '../../db/postgres.js';
import { emptyPostgresDatabase } from './postgresTestDb.js';

export async function emptyDatabase(dialect: DialectName): Promise<DatabaseHandle> {
  const h =
    dialect === 'postgres'
      ? await openPostgres(await emptyPostgresDatabase(inject('pgUrl')))
      : openSqlite(join(mkdtempSync(join(tmpdir(), 'clearance-empty-')), 'db.sqlite'));
  onTestFinished(() => h.close());
  return h;
}

/** An empty database migrated up to (not including) migration `version`: the schema an older Clearance left. */
export async function databaseBefore(dialect: DialectName, version: number): Promise<DatabaseHandle> {
  const h = await emptyDatabase(dialect);
  await migrate(
    h,
    migrations.filter((m) => m.version < version),
  );
  return h;
}
