import { sql } from 'kysely';
import type { Migration } from './types.js';
import { appendOnlySql, autoId } from './columns.js';

/**
 * Key custody across workstations (PCI DSS 3.6, 3.7): the workstations and their enrolment,
 * the master key wrapped for one workstation until it collects it, rotations (resumable, with a
 * second administrator's confirmation) and the key custodians' signed acknowledgements.
 */
export const keyCustody: Migration = {
  version: 11,
  name: 'workstations, key wraps, rotations and key custodian acknowledgements',
  async up(db, dialect) {
    await db.schema
      .createTable('workstations')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('name', 'text', (c) => c.notNull())
      // The X25519 public key (base64) the master key is wrapped for; the private key never leaves the workstation.
      .addColumn('public_key', 'text', (c) => c.notNull().unique())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'enrolled', 'refused', 'retired')`))
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('approved_at', 'text')
      .addColumn('second_approved_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('second_approved_at', 'text')
      .addColumn('received_at', 'text')
      .addColumn('refused_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('refused_at', 'text')
      .addColumn('refusal_reason', 'text')
      .addColumn('retired_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('retired_at', 'text')
      .execute();

    // Deleted by the workstation as soon as it has unwrapped and sealed the key locally.
    await db.schema
      .createTable('key_wraps')
      .addColumn('workstation_id', 'integer', (c) => c.notNull().references('workstations.id'))
      .addColumn('version', 'integer', (c) => c.notNull().references('key_versions.version'))
      .addColumn('wrapped', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
      .addPrimaryKeyConstraint('key_wraps_pk', ['workstation_id', 'version'])
      .execute();

    await db.schema
      .createTable('key_rotations')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('awaiting_confirmation', 'running', 'finished', 'lapsed')`))
      .addColumn('from_version', 'integer', (c) => c.notNull())
      .addColumn('to_version', 'integer')
      .addColumn('requested_by', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_by', 'integer', (c) => c.references('staff.id'))
      .addColumn('confirmed_at', 'text')
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('resealed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unreadable', 'integer', (c) => c.notNull().defaultTo(0))
      // JSON: per sealed column, the last row id re-sealed in the current pass (so a restart resumes there).
      .addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();

    await db.schema
      .createTable('key_custodian_acknowledgements')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('statement_version', 'text', (c) => c.notNull())
      .addColumn('text_hash', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text', (c) => c.notNull())
      .execute();
    for (const statement of appendOnlySql(dialect, 'key_custodian_acknowledgements')) await sql.raw(statement).execute(db);

    // The next version's checkpoint key signs this version's public key at rotation, so checkpoints signed
    // under a destroyed version stay verifiable from the current key alone.
    await db.schema.alterTable('key_versions').addColumn('checkpoint_key_endorsement', 'text').execute();
  },
};
