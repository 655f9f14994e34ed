/**
 * Migration 025 classifies databases created before it: one the demo seed created stays a demo
 * (with its banner), one with staff of its own counts as set up, and an empty one opens on the
 * first-run setup.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { databaseBefore } from '../support/emptyDatabase.js';
import { testDialects } from '../support/testApp.js';

async function addStaff(h: DatabaseHandle): Promise<void> {
  const dept = await h.db.insertInto('departments').values({ code: 'OPS', name: 'Operations' }).returning('id').executeTakeFirstOrThrow();
  await h.db
    .insertInto('staff')
    .values({
      employee_id: 'E1',
      username: 'pat.lee',
      display_name: 'Pat Lee',
      email: 'pat.lee@example.org',
      department_id: Number(dept.id),
      supervisor_id: null,
      hire_date: '2025-01-06',
      status: 'active',
      disabled_reason: null,
      last_sign_in_at: null,
      created_at: '2025-01-06T09:00:00.000Z',
    })
    .execute();
}

/** audit_log as it stood before migration 025 (and until 090): every field a column written directly. */
interface AuditLogBefore025 {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_username: string | null;
  workstation: string;
  event: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  reason: string;
  details: string;
  prev_hash: string;
  hash: string;
}

async function audited(h: DatabaseHandle, event: string): Promise<void> {
  // Written as the app wrote entries at the time; today's Database type describes the table after migration 090.
  await (h.db as unknown as Kysely<{ audit_log: AuditLogBefore025 }>)
    .insertInto('audit_log')
    .values({
      seq: 1,
      at: '2025-01-06T09:00:00.000Z',
      actor_id: null,
      actor_username: null,
      workstation: 'ws',
      event,
      resource_type: null,
      resource_id: null,
      outcome: 'allowed',
      reason: 'x',
      details: '{}',
      prev_hash: '0',
      hash: '1',
    })
    .execute();
}

describe.each(testDialects())('migration 025 on an older database (%s)', (dialect) => {
  it('keeps a database the demo seed created a demo', async () => {
    const h = await databaseBefore(dialect, 25);
    await addStaff(h);
    await audited(h, 'admin.demo_created');
    await migrate(h);
    expect(await h.db.selectFrom('organization').select(['id', 'kind', 'name', 'set_up_at']).execute()).toEqual([
      { id: 1, kind: 'demo', name: 'Demo organization', set_up_at: '2025-01-06T09:00:00.000Z' },
    ]);
  });

  it('counts a database with staff of its own as set up, and leaves an empty one to the setup', async () => {
    const real = await databaseBefore(dialect, 25);
    await addStaff(real);
    await audited(real, 'audit.log_start');
    await migrate(real);
    expect(await real.db.selectFrom('organization').select(['kind', 'name']).execute()).toEqual([{ kind: 'real', name: 'Organization' }]);

    const empty = await databaseBefore(dialect, 25);
    await migrate(empty);
    expect(await empty.db.selectFrom('organization').selectAll().execute()).toEqual([]);
  });
});
