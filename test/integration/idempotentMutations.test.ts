/**
 * A double click must never do the work twice, even when the screen fails to stop it: the router
 * runs a mutation once per request id and answers a repeat, concurrent or later, with the first
 * result and no second audit entry.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../electron/services/clock.js';
import { createTestApp, signedIn, testDialects, valueOf, windowOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';

const purpose = { code: 'respond_to_citizen' as const };

async function pendingCardOrder(a: TestApp): Promise<number> {
  const fin = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'FIN').executeTakeFirstOrThrow();
  const row = await a.handle.db
    .selectFrom('card_transactions')
    .select('id')
    .where('department_id', '=', fin.id)
    .where('status', '=', 'pending')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function personalRecord(a: TestApp): Promise<number> {
  const rec = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow();
  const row = await a.handle.db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', rec.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function entries(a: TestApp, event: string, resourceId?: number) {
  let q = a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', event);
  if (resourceId !== undefined) q = q.where('resource_id', '=', String(resourceId));
  return q.execute();
}

describe.each(testDialects())('a repeated request id on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  it('marks a card order processed once: both clicks get the first answer, one audit entry', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const id = await pendingCardOrder(a);
    valueOf(await carl('records.open', { subject: 'CardTransaction', id, purpose: { code: 'process_payment' } }));
    const requestId = randomUUID();
    const [first, second] = await Promise.all([carl('records.process', { id }, requestId), carl('records.process', { id }, requestId)]);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    // A later repeat (a retry of the same action) gets the same answer, not "already processed".
    expect(await carl('records.process', { id }, requestId)).toEqual(first);
    expect(await entries(a, 'record.process', id)).toHaveLength(1);
  });

  it('without a shared id the second click does the work again (what the id prevents)', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const id = await pendingCardOrder(a);
    valueOf(await carl('records.open', { subject: 'CardTransaction', id, purpose: { code: 'process_payment' } }));
    await Promise.all([carl('records.process', { id }, randomUUID()), carl('records.process', { id }, randomUUID())]);
    expect((await entries(a, 'record.process', id)).length).toBeGreaterThan(1);
  });

  it('applies a roster once: the same one-time passwords, one new account, no constraint failure', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const csv = readFileSync('test/fixtures/roster-sample.csv', 'utf8');
    const requestId = randomUUID();
    const [first, second] = await Promise.all([alex('roster.apply', { csv }, requestId), alex('roster.apply', { csv }, requestId)]);
    const applied = valueOf<{ newAccounts: { oneTimePassword: string }[] }>(first);
    expect(applied.newAccounts).toHaveLength(1);
    expect(second).toEqual(first);
    const hires = await a.handle.db.selectFrom('staff').select('id').where('employee_id', '=', 'E3001').execute();
    expect(hires).toHaveLength(1);
    expect(await entries(a, 'roster.new_hire')).toHaveLength(1);
  });

  it('opens a record and reveals a field once per action: one audit entry each', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const id = await pendingCardOrder(a);
    const openId = randomUUID();
    const input = { subject: 'CardTransaction', id, purpose: { code: 'process_payment' } };
    const opens = await Promise.all([carl('records.open', input, openId), carl('records.open', input, openId)]);
    expect(opens[0]).toMatchObject({ ok: true, value: { status: 'opened' } });
    expect(opens[1]).toEqual(opens[0]);
    expect(await entries(a, 'record.open', id)).toHaveLength(1);

    const revealId = randomUUID();
    const field = { subject: 'CardTransaction', id, field: 'pan' };
    const reveals = await Promise.all([carl('records.reveal', field, revealId), carl('records.reveal', field, revealId)]);
    expect(reveals[0]).toMatchObject({ ok: true, value: { field: 'pan' } });
    expect(reveals[1]).toEqual(reveals[0]);
    expect(await entries(a, 'record.reveal', id)).toHaveLength(1);
  });

  it('refuses an id reused for another action, and an id that is not a UUID, without doing the work', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const id = await personalRecord(a);
    const requestId = randomUUID();
    valueOf(await rosa('records.open', { subject: 'PersonalRecord', id, purpose }, requestId));
    const reused = await rosa('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'correct_record' } }, requestId);
    expect(reused).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringContaining('already used for a different action'),
    });
    expect(await rosa('records.reveal', { subject: 'PersonalRecord', id, field: 'email' }, requestId)).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(await rosa('records.open', { subject: 'PersonalRecord', id, purpose }, 'not-a-uuid')).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { requestId: 'A request id is a UUID.' },
    });
    expect(await entries(a, 'record.open', id)).toHaveLength(1);
    expect(await entries(a, 'record.reveal', id)).toHaveLength(0);
    const refusals = (await entries(a, 'ipc.refused')).map((e) => e.reason);
    expect(refusals).toEqual(expect.arrayContaining(['request id reused for another action', 'invalid request id']));
  });

  it('remembers an id for one session and for ten minutes; after that the action runs again', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const id = await personalRecord(a);
    const requestId = randomUUID();
    const open = () => rosa('records.open', { subject: 'PersonalRecord', id, purpose }, requestId);
    valueOf(await open());
    a.clock.advance(9 * MINUTE);
    valueOf(await open());
    expect(await entries(a, 'record.open', id)).toHaveLength(1);
    a.clock.advance(2 * MINUTE);
    valueOf(await open());
    expect(await entries(a, 'record.open', id)).toHaveLength(2);

    // Signed out and in again in the same window: a new session, whose requests are its own.
    valueOf(await rosa('auth.signOut'));
    await signedIn(a, 'rosa.diaz');
    valueOf(await open());
    expect(await entries(a, 'record.open', id)).toHaveLength(3);
    // Another person's window with the same id does its own work under its own rules.
    const other = await signedIn(a, 'rosa.diaz', DEMO_PASSWORD, 'window-other');
    valueOf(await other('records.open', { subject: 'PersonalRecord', id, purpose }, requestId));
    expect(await entries(a, 'record.open', id)).toHaveLength(4);
  });

  it('counts one failed sign-in for a double-submitted wrong password', async () => {
    const a = await app();
    const win = windowOf(a, 'window-signin');
    const requestId = randomUUID();
    const input = { username: 'rosa.diaz', password: 'not the password' };
    const failures = async () => (await entries(a, 'auth.sign_in')).filter((e) => e.outcome === 'denied').length;
    const before = await failures();
    const [first, second] = await Promise.all([win('auth.signIn', input, requestId), win('auth.signIn', input, requestId)]);
    expect(first).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(second).toEqual(first);
    expect(await failures()).toBe(before + 1);
  });

  it('ignores a request id on a channel that is not a mutation', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const requestId = randomUUID();
    valueOf(await rosa('records.list', { subject: 'PersonalRecord' }, requestId));
    valueOf(await rosa('records.list', { subject: 'PersonalRecord', page: 2 }, requestId));
    expect(await entries(a, 'record.list')).toHaveLength(2);
    expect(a.router.recentRequests.size).toBe(0);
  });
});
