import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Break-glass grants that end when they should: the role that allowed the grant (so revoking it
 * ends the grant), and when and why a grant was ended before it expired (an alert or a review
 * judged the person's access inappropriate).
 */
export const breakGlassEnd: Migration = {
  version: 45,
  name: 'break-glass grants: the role that allowed each, and when and why one ended early',
  async up(db) {
    // SQLite adds one column per ALTER TABLE.
    await db.schema.alterTable('break_glass_grants').addColumn('allowed_by_role', 'text').execute();
    await db.schema.alterTable('break_glass_grants').addColumn('ended_at', 'text').execute();
    await db.schema.alterTable('break_glass_grants').addColumn('end_reason', 'text').execute();
    // Grants made before this migration: the emergency-access role the person held (none: the grant has ended).
    await sql`update break_glass_grants set allowed_by_role = (
        select min(r.role_key) from staff_roles r
        where r.staff_id = break_glass_grants.staff_id
          and r.role_key in ('live_help_operator', 'records_clerk', 'card_processor', 'privacy_officer'))`.execute(db);
  },
};
