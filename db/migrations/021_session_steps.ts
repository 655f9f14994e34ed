import { sql } from 'kysely';
import type { Migration } from './types.js';

const STATES = `'active', 'locked', 'must_change', 'needs_code', 'must_enrol', 'ended'`;

/**
 * Sessions learn the sign-in steps after the password: `needs_code` (the authenticator's code is
 * next) and `must_enrol` (a person who must use a second factor sets one up first), and remember
 * when a code was last given (`stepped_up_at`), so sensitive actions can ask again after a while.
 */
export const sessionSteps: Migration = {
  version: 21,
  name: 'sessions: second-factor states and the time of the last code',
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await sql`alter table sessions drop constraint sessions_state_check`.execute(db);
      await sql.raw(`alter table sessions add constraint sessions_state_check check (state in (${STATES}))`).execute(db);
      await db.schema.alterTable('sessions').addColumn('stepped_up_at', 'text').execute();
      return;
    }
    // SQLite cannot change a CHECK constraint in place: rebuild the table (nothing refers to it).
    await sql
      .raw(
        `create table sessions_next (
          id text primary key,
          staff_id integer not null references staff(id),
          workstation text not null,
          state text not null check (state in (${STATES})),
          created_at text not null,
          last_activity_at text not null,
          ended_at text,
          end_reason text,
          stepped_up_at text
        )`,
      )
      .execute(db);
    await sql`insert into sessions_next (id, staff_id, workstation, state, created_at, last_activity_at, ended_at, end_reason)
      select id, staff_id, workstation, state, created_at, last_activity_at, ended_at, end_reason from sessions`.execute(db);
    await sql`drop table sessions`.execute(db);
    await sql`alter table sessions_next rename to sessions`.execute(db);
    await db.schema.createIndex('sessions_staff').on('sessions').column('staff_id').execute();
  },
};
