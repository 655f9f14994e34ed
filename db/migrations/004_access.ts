import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/** Purposes of access and break-glass grants with their review. */
export const access: Migration = {
  version: 4,
  name: 'access: purposes of access, break-glass grants and reviews',
  async up(db, dialect) {
    await db.schema
      .createTable('record_purposes')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('stated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('record_purposes_lookup')
      .on('record_purposes')
      .columns(['staff_id', 'record_type', 'record_id', 'stated_at'])
      .execute();

    await db.schema
      .createTable('break_glass_grants')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('denied_because', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('review_status', 'text', (c) => c.notNull().check(sql`review_status in ('pending', 'appropriate', 'inappropriate')`))
      .addColumn('reviewer_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('reviewed_at', 'text')
      .addColumn('review_note', 'text')
      .execute();
    await db.schema.createIndex('break_glass_active').on('break_glass_grants').columns(['staff_id', 'expires_at']).execute();
    await db.schema.createIndex('break_glass_review').on('break_glass_grants').columns(['review_status', 'granted_at']).execute();
  },
};
