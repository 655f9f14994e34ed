import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle } from '../../db/connection.js';
import { migrate, NewerDatabaseError } from '../../db/migrator.js';
import { migrations } from '../../db/migrations/index.js';
import type { Migration } from '../../db/migrations/types.js';
import { testDialects } from '../support/testApp.js';
import { emptyDatabase } from '../support/emptyDatabase.js';

const fresh = emptyDatabase;

async function tables(h: DatabaseHandle): Promise<string[]> {
  const q =
    h.dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  return (await q.execute(h.db)).rows.map((r) => r.name).sort();
}

describe.each(testDialects())('migrations on %s', (dialect) => {
  it('apply every numbered migration once and record each', async () => {
    const h = await fresh(dialect);
    const first = await migrate(h);
    expect(first.applied).toEqual(migrations.map((m) => m.version));
    const recorded = await h.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(await tables(h)).toEqual(
      expect.arrayContaining([
        'staff',
        'roles',
        'staff_roles',
        'credentials',
        'sessions',
        'settings',
        'audit_log',
        'training_completions',
        'break_glass_grants',
      ]),
    );
  });

  it('apply nothing the second time', async () => {
    const h = await fresh(dialect);
    await migrate(h);
    expect((await migrate(h)).applied).toEqual([]);
  });

  it('refuse a database written by a newer version and leave it unchanged', async () => {
    const h = await fresh(dialect);
    await migrate(h);
    await h.db
      .insertInto('schema_migrations')
      .values({ version: 999, name: 'from the future', applied_at: '2030-01-01T00:00:00Z' })
      .execute();
    const before = await tables(h);
    await expect(migrate(h)).rejects.toBeInstanceOf(NewerDatabaseError);
    await expect(migrate(h)).rejects.toThrow(/newer version of Clearance/);
    expect(await tables(h)).toEqual(before);
  });

  it('roll back a failing migration completely: no half-made table, not recorded', async () => {
    const h = await fresh(dialect);
    const next = Math.max(...migrations.map((m) => m.version)) + 1;
    const broken: Migration = {
      version: next,
      name: 'broken',
      async up(db) {
        await db.schema.createTable('half_made').addColumn('id', 'integer').execute();
        throw new Error('boom');
      },
    };
    await expect(migrate(h, [...migrations, broken])).rejects.toThrow('boom');
    expect(await tables(h)).not.toContain('half_made');
    expect(await h.db.selectFrom('schema_migrations').select('version').where('version', '=', next).execute()).toEqual([]);
  });
});

describe('SQLite settings', () => {
  it('open SQLite with WAL, foreign keys and synchronous=FULL', async () => {
    const h = await fresh('sqlite');
    const pragma = async (name: string) => (await sql.raw(`pragma ${name}`).execute(h.db)).rows[0] as Record<string, unknown>;
    expect(Object.values(await pragma('journal_mode'))[0]).toBe('wal');
    expect(Object.values(await pragma('foreign_keys'))[0]).toBe(1);
    expect(Object.values(await pragma('synchronous'))[0]).toBe(2);
    expect(Number(Object.values(await pragma('busy_timeout'))[0])).toBeGreaterThanOrEqual(5000);
  });
});
