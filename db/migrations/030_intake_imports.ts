import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * Records intake: one row per applied import file (who, which file by SHA-256, from where, what
 * it added and what was redacted on the way in). The records it stored point back to it.
 */
export const intakeImports: Migration = {
  version: 30,
  name: 'records intake: imported files',
  async up(db, dialect) {
    await db.schema
      .createTable('intake_imports')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('live_help', 'correspondence', 'settlement')`))
      .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('jsonl', 'json', 'csv')`))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('screen', 'watched_folder')`))
      .addColumn('imported_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('workstation', 'text', (c) => c.notNull())
      .addColumn('added', 'integer', (c) => c.notNull())
      .addColumn('duplicates', 'integer', (c) => c.notNull())
      .addColumn('updated', 'integer', (c) => c.notNull())
      // Counts by kind of what was redacted, as JSON ({"card_number": 2}); never a value.
      .addColumn('redactions', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('intake_imports_at').on('intake_imports').column('imported_at').execute();
  },
};
