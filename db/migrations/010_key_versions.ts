import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The versions of the deployment master key (PCI DSS 3.6, 3.7). The key itself is never stored
 * here: only a key-check value (so a workstation holding a different key finds out) and the
 * public half of each version's audit checkpoint key pair (so checkpoints stay verifiable).
 */
export const keyVersions: Migration = {
  version: 10,
  name: 'master key versions',
  async up(db) {
    await db.schema
      .createTable('key_versions')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      // active: new values are sealed under it (one at a time); retiring: values still to re-seal; destroyed: forgotten.
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retiring', 'destroyed')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('created_on', 'text', (c) => c.notNull())
      .addColumn('check_value', 'text', (c) => c.notNull())
      .addColumn('checkpoint_public_key', 'text', (c) => c.notNull())
      .addColumn('retiring_since', 'text')
      .addColumn('destroyed_at', 'text')
      .execute();
  },
};
