import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * Retention and disposal: legal holds on a person or a record (disposal skips what they cover
 * until they are lifted), and the certificate of each disposal run. The retention periods are
 * settings (`retention.<kind>.days`).
 */
export const retention: Migration = {
  version: 37,
  name: 'legal holds and disposal certificates',
  async up(db, dialect) {
    await db.schema
      .createTable('legal_holds')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('record', 'person')`))
      .addColumn('record_type', 'text')
      .addColumn('record_id', 'integer')
      // A person is matched by name or e-mail, compared in lower case.
      .addColumn('person_name', 'text')
      .addColumn('person_email', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('placed_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('placed_at', 'text', (c) => c.notNull())
      .addColumn('lifted_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('lifted_at', 'text')
      .addColumn('lift_reason', 'text')
      .execute();
    await db.schema.createIndex('legal_holds_record').on('legal_holds').columns(['record_type', 'record_id']).execute();

    await db.schema
      .createTable('disposal_certificates')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('retention_days', 'integer', (c) => c.notNull())
      .addColumn('cutoff', 'text', (c) => c.notNull())
      .addColumn('disposed_count', 'integer', (c) => c.notNull())
      .addColumn('held_count', 'integer', (c) => c.notNull())
      .addColumn('batches', 'integer', (c) => c.notNull())
      .addColumn('id_ranges', 'text', (c) => c.notNull())
      .addColumn('ids_sha256', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('workstation', 'text', (c) => c.notNull())
      .addColumn('audit_seq', 'integer', (c) => c.notNull())
      .execute();
  },
};
