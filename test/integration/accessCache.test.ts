/**
 * The session keeps the person, their curriculum and their break-glass grants between calls
 * (services/auth/accessCache.ts). Whatever changes them, the very next call sees the change: an
 * administrator's call here, a change on another workstation sharing the database, or only the
 * clock (a training lapse, a grant reaching its end).
 */
import { describe, expect, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import type { OpenResult } from '../../electron/contract/records.js';
import { HOUR, MINUTE } from '../../electron/services/clock.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody } from '../support/testKeys.js';
import { createTestApp, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';

const reason = 'Citizen on the phone reporting identity theft; their office is closed.';

async function firstRecordOf(a: TestApp, department: string): Promise<number> {
  const dept = await a.handle.db.selectFrom('departments').select('id').where('code', '=', department).executeTakeFirstOrThrow();
  const row = await a.handle.db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', dept.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function open(window: Call, id: number): Promise<OpenResult> {
  return valueOf<OpenResult>(await window('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'investigation' } }));
}

/** Maria, Rosa's supervisor, revokes Rosa's records-clerk role in an access review (at this workstation or another). */
async function revokeRosasRole(app: RunningClearance): Promise<void> {
  const rosa = await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'rosa.diaz').executeTakeFirstOrThrow();
  const maria = await signedIn(app, 'maria.lopez');
  valueOf(
    await maria('reviews.complete', {
      staffId: Number(rosa.id),
      decisions: [{ role: 'records_clerk', decision: 'revoke', note: 'Moved to the front desk' }],
    }),
  );
}

/** Another workstation on the same database (the same SQLite file, or the same PostgreSQL database). */
function otherWorkstation(a: TestApp): Promise<RunningClearance> {
  return startClearance({
    ...(a.url ? { url: a.url } : { sqlitePath: a.sqlitePath }),
    workstation: 'ws-other',
    clock: a.clock,
    contentDir: CONTENT_DIR,
    keyCustody: testKeyCustody(),
  });
}

/** After a long wait the session is locked: Rosa types her password again, which changes nothing she is allowed. */
async function unlock(window: Call): Promise<void> {
  valueOf(await window('auth.unlock', { password: DEMO_PASSWORD }));
}

describe.each(testDialects())('the session’s kept person, training and grants on %s', (dialect) => {
  it('sees a role revoked by an administrator on the very next open', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'REC');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });

    await revokeRosasRole(a);
    expect(await open(rosa, id)).toMatchObject({ status: 'denied' });
    const access = valueOf<{ subjects: { subject: string; allowed: boolean }[] }>(await rosa('records.myAccess'));
    expect(access.subjects.find((s) => s.subject === 'PersonalRecord')).toMatchObject({ allowed: false });
  });

  it('sees a training lapse on the very next open, when only the clock moved past the expiry', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'REC');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });
    const { items } = valueOf<{ items: { status: string; expiresAt: string | null }[] }>(await rosa('training.myCurriculum'));
    const current = items.filter((i) => i.expiresAt !== null && (i.status === 'passed' || i.status === 'expiring'));
    expect(current.length).toBeGreaterThan(0);
    const lastExpiry = Math.max(...current.map((i) => Date.parse(i.expiresAt!)));

    // A minute before the last expiry, the record still opens; a minute after, it does not.
    a.clock.set(new Date(lastExpiry - MINUTE));
    await unlock(rosa);
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });
    a.clock.advance(2 * MINUTE);
    const denied = await open(rosa, id);
    expect(denied).toMatchObject({ status: 'denied' });
    if (denied.status === 'denied') expect(denied.reason).toMatch(/training|expired/i);
  });

  it('sees an organisation-wide change, a new major version of every module written in the database by hand, on the very next open', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'REC');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });

    await a.handle.db
      .updateTable('training_modules')
      .set((eb) => ({ current_major: eb('current_major', '+', 1), major_published_at: a.clock.now().toISOString() }))
      .execute();
    const denied = await open(rosa, id);
    expect(denied).toMatchObject({ status: 'denied' });
  });

  it('sees a break-glass grant on the very next open, and its early end by a reviewer on the one after', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'CS');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await open(rosa, id)).toMatchObject({ status: 'denied', breakGlassAllowed: true });

    const { grantId } = valueOf<{ grantId: number }>(
      await rosa('records.breakGlass', { subject: 'PersonalRecord', id, reason, password: DEMO_PASSWORD }),
    );
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });

    const priya = await signedIn(a, 'priya.shah');
    valueOf(await priya('review.decide', { grantId, outcome: 'inappropriate', note: 'No call was logged.' }));
    const ended = await open(rosa, id);
    expect(ended).toMatchObject({ status: 'denied', breakGlassAllowed: false });
    if (ended.status === 'denied')
      expect(ended.reason).toContain('Your emergency access to this record ended: the review judged it inappropriate.');
  });

  it('sees a break-glass grant reach its end on the very next open, when only the clock moved', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'CS');
    const rosa = await signedIn(a, 'rosa.diaz');
    const { expiresAt } = valueOf<{ expiresAt: string }>(
      await rosa('records.breakGlass', { subject: 'PersonalRecord', id, reason, password: DEMO_PASSWORD }),
    );
    expect(Date.parse(expiresAt)).toBe(a.clock.now().getTime() + 4 * HOUR);
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });

    a.clock.set(new Date(Date.parse(expiresAt) - MINUTE));
    await unlock(rosa);
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });
    a.clock.advance(MINUTE);
    expect(await open(rosa, id)).toMatchObject({ status: 'denied' });
  });

  it('sees a role revoked at another workstation sharing the database on the very next open', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'REC');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'role' });

    const other = await otherWorkstation(a);
    try {
      await revokeRosasRole(other);
    } finally {
      await other.stop();
    }
    expect(await open(rosa, id)).toMatchObject({ status: 'denied' });
  });

  it('sees a break-glass grant ended at another workstation sharing the database on the very next open', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const id = await firstRecordOf(a, 'CS');
    const rosa = await signedIn(a, 'rosa.diaz');
    const { grantId } = valueOf<{ grantId: number }>(
      await rosa('records.breakGlass', { subject: 'PersonalRecord', id, reason, password: DEMO_PASSWORD }),
    );
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });
    expect(await open(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });

    const other = await otherWorkstation(a);
    try {
      const priya = await signedIn(other, 'priya.shah');
      valueOf(await priya('review.decide', { grantId, outcome: 'inappropriate', note: 'No call was logged.' }));
    } finally {
      await other.stop();
    }
    expect(await open(rosa, id)).toMatchObject({ status: 'denied', breakGlassAllowed: false });
  });
});
