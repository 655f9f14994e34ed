import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/** The three kinds of record the privacy statement describes. */
export const records: Migration = {
  version: 2,
  name: 'records: Live Help transcripts, personal-information records, card transactions',
  async up(db, dialect) {
    await db.schema
      .createTable('live_help_transcripts')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
      .addColumn('session_date', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('operator_name', 'text', (c) => c.notNull())
      .addColumn('visitor_name', 'text', (c) => c.notNull())
      .addColumn('browser', 'text', (c) => c.notNull())
      .addColumn('browser_version', 'text', (c) => c.notNull())
      .addColumn('host_ip', 'text', (c) => c.notNull())
      .addColumn('transcript_text', 'text', (c) => c.notNull())
      .addColumn('exit_interview', 'text')
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('transcript_email', 'text')
      .execute();
    await db.schema.createIndex('live_help_department').on('live_help_transcripts').column('department_id').execute();

    await db.schema
      .createTable('personal_records')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('email', 'web_form')`))
      .addColumn('agency', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('mailing_address', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('ssn', 'text', (c) => c.notNull())
      .addColumn('date_of_birth', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('personal_records_department').on('personal_records').column('department_id').execute();

    await db.schema
      .createTable('card_transactions')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
      .addColumn('order_id', 'text', (c) => c.notNull().unique())
      .addColumn('cardholder_name', 'text', (c) => c.notNull())
      .addColumn('amount_cents', 'integer', (c) => c.notNull())
      .addColumn('agency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'processed')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('processed_at', 'text')
      .addColumn('pan_first6', 'text', (c) => c.notNull())
      .addColumn('pan_last4', 'text', (c) => c.notNull())
      .addColumn('pan_ciphertext', 'text')
      .execute();
    await db.schema.createIndex('card_transactions_department').on('card_transactions').column('department_id').execute();
  },
};
