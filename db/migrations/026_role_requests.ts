import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * Grants of the administrator and privacy-officer roles wait here for a second administrator's
 * approval (NIST AC-5) when one exists. At most one request is pending per person and role.
 */
export const roleRequests: Migration = {
  version: 26,
  name: 'role requests awaiting a second administrator',
  async up(db, dialect) {
    await db.schema
      .createTable('role_requests')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('role_key', 'text', (c) => c.notNull().references('roles.key'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'refused', 'withdrawn')`))
      .addColumn('decided_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .execute();
    // A partial unique index: the same SQL in SQLite and PostgreSQL.
    await sql`create unique index role_requests_one_pending on role_requests (staff_id, role_key) where status = 'pending'`.execute(db);
    await db.schema.createIndex('role_requests_status').on('role_requests').columns(['status', 'requested_at']).execute();
  },
};
