import { sql } from 'kysely';
import type { Migration } from './types.js';
import { appendOnlySql, autoId } from './columns.js';

/**
 * Signed checkpoints of the audit trail's head (see electron/services/audit/checkpoint.ts).
 * Append-only like the trail itself; the same signed lines go to a witness file outside the database.
 */
export const auditCheckpoints: Migration = {
  version: 41,
  name: 'audit trail: signed checkpoints of the head',
  async up(db, dialect) {
    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('database_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('workstation', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('start', 'interval', 'stop')`))
      .addColumn('key_version', 'integer', (c) => c.notNull())
      .addColumn('witness', 'text')
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_checkpoints_seq').on('audit_checkpoints').columns(['seq', 'at']).execute();
    await db.schema.createIndex('audit_checkpoints_workstation').on('audit_checkpoints').columns(['workstation', 'at']).execute();
    for (const statement of appendOnlySql(dialect, 'audit_checkpoints')) await sql.raw(statement).execute(db);
  },
};
