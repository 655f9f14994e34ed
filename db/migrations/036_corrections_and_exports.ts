import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * Corrections (who corrected which fields of a record, and when: never the values) and the
 * records each export contained, so "who accessed this person" counts exports too. Both point at
 * the audit entry that recorded them.
 */
export const correctionsAndExports: Migration = {
  version: 36,
  name: 'record corrections and the records in each export',
  async up(db, dialect) {
    await db.schema
      .createTable('record_corrections')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('corrected_at', 'text', (c) => c.notNull())
      // JSON array of the field keys changed.
      .addColumn('fields', 'text', (c) => c.notNull())
      .addColumn('audit_seq', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('record_corrections_record').on('record_corrections').columns(['record_type', 'record_id']).execute();

    await db.schema
      .createTable('exported_records')
      .addColumn('audit_seq', 'integer', (c) => c.notNull())
      .addColumn('record_type', 'text', (c) => c.notNull())
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('exported_records_pk', ['audit_seq', 'record_type', 'record_id'])
      .execute();
    await db.schema.createIndex('exported_records_record').on('exported_records').columns(['record_type', 'record_id']).execute();
  },
};
