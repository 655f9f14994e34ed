import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The organization a database belongs to, written once by the first-run setup (or by the demo
 * seed): its name, and whether it is a demo, which the database itself remembers so every screen
 * can say so. No row means the database is not set up yet. A database created before this
 * migration had either the demo seed (it audited `admin.demo_created`) or staff of its own.
 */
export const organization: Migration = {
  version: 25,
  name: 'organization: name, demo or real, set up once',
  async up(db) {
    await db.schema
      .createTable('organization')
      // One row only: the check makes a second setup a constraint violation, whatever the code does.
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('demo', 'real')`))
      .addColumn('set_up_at', 'text', (c) => c.notNull())
      .addColumn('set_up_by', 'integer', (c) => c.references('staff.id'))
      .execute();
    await sql`
      insert into organization (id, name, kind, set_up_at, set_up_by)
      select 1,
             case when exists (select 1 from audit_log where event = 'admin.demo_created') then 'Demo organization' else 'Organization' end,
             case when exists (select 1 from audit_log where event = 'admin.demo_created') then 'demo' else 'real' end,
             min(created_at),
             null
      from staff
      having count(*) > 0`.execute(db);
  },
};
