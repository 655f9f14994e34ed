import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Start-up without parsing or scanning. `content_loads` remembers, by the SHA-256 of the content
 * files, that a set of training files was read and imported and what problems it had: a start
 * with the same files and the same modules in force parses nothing. `staff_inactivity` lets the
 * 90-day check find the unused accounts (usually none) without reading every staff row.
 */
export const fastStart: Migration = {
  version: 50,
  name: 'start-up: training content loads remembered by file hash; an index for the 90-day inactivity check',
  async up(db) {
    await db.schema
      .createTable('content_loads')
      .addColumn('files_hash', 'text', (c) => c.primaryKey())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('module_versions', 'integer', (c) => c.notNull())
      .addColumn('modules_updated_at', 'text', (c) => c.notNull())
      .addColumn('loaded_at', 'text', (c) => c.notNull())
      .execute();
    await sql`create index staff_inactivity on staff (status, coalesce(last_sign_in_at, created_at))`.execute(db);
  },
};
