import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * SIEM forwarding for the whole database, in one row: the settings (no secrets: TLS keys stay in
 * their files), the delivery cursor, the lease that lets exactly one workstation forward at a
 * time, and that workstation's last status (for every workstation's dashboard).
 */
export const siemForwarding: Migration = {
  version: 42,
  name: 'SIEM forwarding: settings, cursor, lease and status',
  async up(db) {
    await db.schema
      .createTable('siem_forwarding')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('settings', 'text')
      .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_holder', 'text')
      .addColumn('lease_workstation', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('status', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into siem_forwarding (id, cursor, updated_at) values (1, 0, ${new Date(0).toISOString()})`.execute(db);
  },
};
