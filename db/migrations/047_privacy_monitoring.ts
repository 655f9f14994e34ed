import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/**
 * Privacy monitoring: alerts raised by the rules (one per rule, person and day, with the audit
 * entries that are its evidence), the privacy officer's suppressions and watch list, the notices
 * a supervisor sees when their report's access was judged inappropriate, and each run of the rules.
 */
export const privacyMonitoring: Migration = {
  version: 47,
  name: 'privacy monitoring: alerts and their evidence, suppressions, watch list, supervisor notices, runs',
  async up(db, dialect) {
    await db.schema
      .createTable('monitor_alerts')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'follow_up', 'appropriate', 'inappropriate')`))
      .addColumn('why', 'text', (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('first_at', 'text', (c) => c.notNull())
      .addColumn('last_at', 'text', (c) => c.notNull())
      .addColumn('raised_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .addUniqueConstraint('monitor_alerts_once', ['rule', 'staff_id', 'day'])
      .execute();
    await db.schema.createIndex('monitor_alerts_queue').on('monitor_alerts').columns(['status', 'raised_at']).execute();
    await db.schema.createIndex('monitor_alerts_person').on('monitor_alerts').columns(['staff_id', 'day']).execute();

    await db.schema
      .createTable('monitor_alert_entries')
      .addColumn('alert_id', 'integer', (c) => c.notNull().references('monitor_alerts.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('monitor_alert_entries_pk', ['alert_id', 'seq'])
      .execute();

    await db.schema
      .createTable('monitor_suppressions')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('lifted_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('lifted_at', 'text')
      .execute();
    await db.schema.createIndex('monitor_suppressions_person').on('monitor_suppressions').columns(['staff_id', 'rule']).execute();

    await db.schema
      .createTable('watch_list')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('note', 'text')
      .addColumn('added_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('removed_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('removed_at', 'text')
      .execute();

    await db.schema
      .createTable('supervisor_notices')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('supervisor_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('alert_id', 'integer', (c) => c.notNull().references('monitor_alerts.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .execute();
    await db.schema
      .createIndex('supervisor_notices_inbox')
      .on('supervisor_notices')
      .columns(['supervisor_id', 'acknowledged_at'])
      .execute();

    await db.schema
      .createTable('monitor_runs')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text', (c) => c.notNull())
      .addColumn('window_from', 'text', (c) => c.notNull())
      .addColumn('window_to', 'text', (c) => c.notNull())
      .addColumn('raised', 'integer', (c) => c.notNull())
      .addColumn('updated', 'integer', (c) => c.notNull())
      .addColumn('run_by', 'integer', (c) => c.references('staff.id'))
      .execute();
  },
};
