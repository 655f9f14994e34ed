import { sql } from 'kysely';
import type { Migration } from './types.js';
import { appendOnlySql, autoId } from './columns.js';

export const foundation: Migration = {
  version: 1,
  name: 'foundation: staff, roles, credentials, sessions, settings, audit trail',
  async up(db, dialect) {
    await db.schema
      .createTable('departments')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('staff')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('employee_id', 'text', (c) => c.notNull().unique())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
      .addColumn('supervisor_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('hire_date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'disabled')`))
      .addColumn('disabled_reason', 'text')
      .addColumn('last_sign_in_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_department').on('staff').column('department_id').execute();
    await db.schema.createIndex('staff_supervisor').on('staff').column('supervisor_id').execute();

    await db.schema
      .createTable('roles')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .execute();

    // Role reference data belongs to the schema: code refers to these keys.
    await sql`insert into roles (key, name, description) values
      ('staff', 'Staff member', 'Takes the privacy training every employee needs.'),
      ('live_help_operator', 'Live Help operator', 'Answers citizens in Live Help and reads Live Help transcripts of their department.'),
      ('records_clerk', 'Records clerk', 'Handles correspondence from e-mail and web forms that contains personal information.'),
      ('card_processor', 'Card processor', 'Processes card payments for their agency; the only role that may reveal a full card number.'),
      ('supervisor', 'Supervisor', 'Reviews the training and access of their team.'),
      ('privacy_officer', 'Privacy officer', 'Audits access to personal information and reviews emergency (break-glass) access.'),
      ('administrator', 'Administrator', 'Manages staff accounts, roles and settings.')`.execute(db);

    await db.schema
      .createTable('staff_roles')
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('role_key', 'text', (c) => c.notNull().references('roles.key'))
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'integer', (c) => c.references('staff.id'))
      .addPrimaryKeyConstraint('staff_roles_pk', ['staff_id', 'role_key'])
      .execute();

    await db.schema
      .createTable('credentials')
      .addColumn('staff_id', 'integer', (c) => c.primaryKey().references('staff.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('previous_hashes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('must_change', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('unknown_sign_ins')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('workstation', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'locked', 'must_change', 'ended')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_activity_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('end_reason', 'text')
      .execute();
    await db.schema.createIndex('sessions_staff').on('sessions').column('staff_id').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_username', 'text')
      .addColumn('workstation', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text')
      .addColumn('resource_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('allowed', 'denied')`))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
    await db.schema.createIndex('audit_log_resource').on('audit_log').columns(['resource_type', 'resource_id']).execute();
    await db.schema.createIndex('audit_log_event').on('audit_log').columns(['event', 'seq']).execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    for (const statement of appendOnlySql(dialect, 'audit_log')) await sql.raw(statement).execute(db);
  },
};
