import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * The second sign-in factor (PCI DSS 8.4, 8.5): one TOTP authenticator per person, its secret
 * sealed with the multi-factor purpose key, and one-time recovery codes stored only as hashes.
 */
export const secondFactors: Migration = {
  version: 20,
  name: 'second factors: TOTP authenticators and recovery codes',
  async up(db, dialect) {
    await db.schema
      .createTable('totp_factors')
      .addColumn('staff_id', 'integer', (c) => c.primaryKey().references('staff.id'))
      // A sealed value (cv1.<key version>.…) bound to this row: never the secret itself.
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      // pending: shown to the person, not yet confirmed with a first code; active: in use.
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'active')`))
      // The time step of the last accepted code: that step and earlier ones are refused (replay).
      .addColumn('last_used_step', 'integer')
      // One salt for the person's current set of recovery codes.
      .addColumn('recovery_salt', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();

    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('recovery_codes_staff').on('recovery_codes').columns(['staff_id', 'used_at']).execute();
  },
};
