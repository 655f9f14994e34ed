import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import type { OpenResult } from '../../electron/contract/records.js';
import type { BreakGlassItem } from '../../electron/contract/privacy.js';
import { HOUR } from '../../electron/services/clock.js';
import { createTestApp, disableAccount, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';

const reason = 'Citizen on the phone reporting identity theft; their office is closed.';

/** Rosa (a records clerk) breaks the glass on a Constituent Services record and opens it. */
async function rosaBreaksTheGlass(a: TestApp): Promise<{ rosa: Call; id: number; grantId: number }> {
  const cs = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'CS').executeTakeFirstOrThrow();
  const record = await a.handle.db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', cs.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const id = Number(record.id);
  const rosa = await signedIn(a, 'rosa.diaz');
  const { grantId } = valueOf<{ grantId: number }>(
    await rosa('records.breakGlass', { subject: 'PersonalRecord', id, reason, password: DEMO_PASSWORD }),
  );
  const opened = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'investigation' } }));
  expect(opened).toMatchObject({ status: 'opened', via: 'break-glass' });
  return { rosa, id, grantId };
}

async function openAgain(rosa: Call, id: number): Promise<OpenResult> {
  return valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'investigation' } }));
}

async function queueItem(a: TestApp, grantId: number): Promise<BreakGlassItem> {
  const priya = await signedIn(a, 'priya.shah');
  const { items } = valueOf<{ items: BreakGlassItem[] }>(await priya('review.queue', { status: 'all' }));
  return items.find((i) => i.grantId === grantId)!;
}

describe.each(testDialects())('break-glass that ends when it should, on %s', (dialect) => {
  it('ends when a reviewer judges it inappropriate, which needs a note', async () => {
    const a = await createTestApp({ dialect });
    const { rosa, id, grantId } = await rosaBreaksTheGlass(a);
    const priya = await signedIn(a, 'priya.shah');

    const noNote = await priya('review.decide', { grantId, outcome: 'inappropriate' });
    expect(noNote).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { note: 'Say why the access was inappropriate.' } });
    expect(await openAgain(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });

    const judged = valueOf<BreakGlassItem>(
      await priya('review.decide', { grantId, outcome: 'inappropriate', note: 'No call was logged; the record is a neighbour’s.' }),
    );
    expect(judged).toMatchObject({ status: 'inappropriate', endedBecause: 'the review judged it inappropriate' });
    const denied = await openAgain(rosa, id);
    expect(denied).toMatchObject({ status: 'denied', breakGlassAllowed: false });
    if (denied.status === 'denied')
      expect(denied.reason).toContain('Your emergency access to this record ended: the review judged it inappropriate.');
    const review = await a.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'break_glass.review')
      .executeTakeFirstOrThrow();
    expect(review.reason).toBe(
      `break-glass No. ${grantId} judged inappropriate: No call was logged; the record is a neighbour’s.; the grant ended at once`,
    );

    // Breaking the glass again for the same record is refused, and the refusal is audited.
    const again = await rosa('records.breakGlass', { subject: 'PersonalRecord', id, reason, password: DEMO_PASSWORD });
    expect(again).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const last = await a.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ event: 'record.break_glass', outcome: 'denied', actor_username: 'rosa.diaz' });
  });

  it('an appropriate judgement needs no note and leaves the grant open for its hours', async () => {
    const a = await createTestApp({ dialect });
    const { rosa, id, grantId } = await rosaBreaksTheGlass(a);
    const priya = await signedIn(a, 'priya.shah');
    expect(valueOf<BreakGlassItem>(await priya('review.decide', { grantId, outcome: 'appropriate' }))).toMatchObject({
      status: 'appropriate',
      endedBecause: null,
    });
    expect(await openAgain(rosa, id)).toMatchObject({ status: 'opened', via: 'break-glass' });
    a.clock.advance(4 * HOUR);
    expect(await openAgain(await signedIn(a, 'rosa.diaz'), id)).toMatchObject({ status: 'denied' });
    expect((await queueItem(a, grantId)).endedBecause).toMatch(/^it expired at /);
  });

  it('ends when the role that allowed it is revoked in an access review', async () => {
    const a = await createTestApp({ dialect });
    const { rosa, id, grantId } = await rosaBreaksTheGlass(a);
    const staff = await a.handle.db.selectFrom('staff').select('id').where('username', '=', 'rosa.diaz').executeTakeFirstOrThrow();
    const maria = await signedIn(a, 'maria.lopez');
    valueOf(
      await maria('reviews.complete', {
        staffId: Number(staff.id),
        decisions: [{ role: 'records_clerk', decision: 'revoke', note: 'Moved to the front desk' }],
      }),
    );
    const denied = await openAgain(rosa, id);
    expect(denied).toMatchObject({ status: 'denied', breakGlassAllowed: false });
    expect((await queueItem(a, grantId)).endedBecause).toBe('the role that allowed it (Records clerk) was revoked');

    // Granting the role again later does not bring the old grant back.
    a.clock.advance(24 * HOUR);
    await a.handle.db
      .insertInto('staff_roles')
      .values({
        staff_id: Number(staff.id),
        role_key: 'records_clerk',
        granted_at: a.clock.now().toISOString().slice(0, 10),
        granted_by: null,
      })
      .execute();
    const item = await queueItem(a, grantId);
    expect(item.endedBecause).not.toBeNull();
  });

  it('ends when the person is disabled', async () => {
    const a = await createTestApp({ dialect });
    const { grantId } = await rosaBreaksTheGlass(a);
    expect((await queueItem(a, grantId)).endedBecause).toBeNull();
    await disableAccount(a, 'rosa.diaz');
    expect((await queueItem(a, grantId)).endedBecause).toBe('the account was disabled');
  });

  it('audits an attempt on a record that does not exist like any denial', async () => {
    const a = await createTestApp({ dialect });
    const rosa = await signedIn(a, 'rosa.diaz');
    const r = await rosa('records.breakGlass', { subject: 'PersonalRecord', id: 999_999, reason, password: DEMO_PASSWORD });
    expect(r).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const last = await a.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      event: 'record.break_glass',
      outcome: 'denied',
      actor_username: 'rosa.diaz',
      resource_type: 'PersonalRecord',
      resource_id: '999999',
      reason: 'no such record',
    });
    expect(await a.handle.db.selectFrom('break_glass_grants').selectAll().execute()).toEqual([]);
  });
});
