/**
 * Step-up on the sensitive actions that features after the second factor added: an administrator's
 * account, key, retention, SIEM and audit settings actions, a card processor keying a phone payment
 * and records intake choosing its watched folder. Once the last code is older than the window, each
 * is refused with STEP_UP_REQUIRED, changes nothing, and runs once after a code (same request id).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../electron/services/clock.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, stepUp, testDialects, valueOf, type TestApp } from '../support/testApp.js';

type Call = Awaited<ReturnType<typeof signedIn>>;

/** Lets the step-up window pass without the idle lock (activity at 10 minutes). */
async function olderThanTheWindow(app: TestApp, ...windows: Call[]): Promise<void> {
  app.clock.advance(10 * MINUTE);
  for (const w of windows) valueOf(await w('auth.activity'));
  app.clock.advance(5 * MINUTE);
}

const payment = {
  cardholderName: 'Evelyn Harper',
  cardNumber: '4111 1111 1111 1111',
  expiry: '04/28',
  amount: '42.50',
  orderReference: 'PH-2026-0001',
  agency: 'Department of Fish and Wildlife',
};

describe.each(testDialects())('step-up on sensitive actions on %s', (dialect) => {
  it("refuses an administrator's account, key, retention, SIEM and checkpoint actions without a fresh code, changing nothing", async () => {
    const app = await createTestApp({ dialect });
    const rosa = await signedIn(app, 'rosa.diaz');
    const alex = await signedIn(app, 'alex.morgan');
    await olderThanTheWindow(app, alex, rosa);

    const reason = 'Asked by their supervisor';
    const refused: [string, unknown][] = [
      ['accounts.endSessions', { username: 'rosa.diaz', reason }],
      ['accounts.unlock', { username: 'rosa.diaz', reason }],
      ['accounts.resetPassword', { username: 'rosa.diaz', reason }],
      ['accounts.resetSecondFactor', { username: 'rosa.diaz', reason }],
      ['accounts.setEnabled', { username: 'rosa.diaz', enabled: false, reason }],
      ['keys.requestRotation', {}],
      ['retention.setPeriod', { subject: 'LiveHelpTranscript', days: 400 }],
      ['siem.turnOff', {}],
      ['admin.setCheckpointInterval', { minutes: 60 }],
    ];
    for (const [channel, input] of refused) {
      expect(await alex(channel, input, randomUUID()), channel).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
    }
    // Nothing happened: Rosa's session still works, her factor and password are hers, the settings unchanged.
    expect(await rosa('auth.activity')).toMatchObject({ ok: true });
    expect(await app.handle.db.selectFrom('key_rotations').selectAll().execute()).toEqual([]);
    const settings = await app.handle.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', '=', 'audit.checkpointIntervalMinutes')
      .execute();
    expect(settings).toEqual([]);
    const refusals = await app.handle.db
      .selectFrom('audit_log')
      .select(['event', 'reason'])
      .where('event', '=', 'ipc.refused')
      .where('reason', 'like', '%step-up due%')
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(refused.length);

    // After a code, the same request (same id) runs once.
    const requestId = randomUUID();
    expect(await alex('accounts.endSessions', { username: 'rosa.diaz', reason }, requestId)).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    await stepUp(app, alex, 'alex.morgan');
    expect(await alex('accounts.endSessions', { username: 'rosa.diaz', reason }, requestId)).toMatchObject({ ok: true });
    expect(await alex('accounts.endSessions', { username: 'rosa.diaz', reason }, requestId)).toMatchObject({ ok: true });
    expect(await rosa('auth.activity')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    valueOf(await alex('admin.setCheckpointInterval', { minutes: 60 }, randomUUID()));
  });

  it('asks a card processor for a code before keying a phone payment, and records intake before choosing its folder', async () => {
    // With the training content, so the card processor's curriculum is current and payments are theirs to key.
    const app = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const carl = await signedIn(app, 'carl.patel');
    const ivy = await signedIn(app, 'ivy.nguyen');
    await olderThanTheWindow(app, carl, ivy);

    const requestId = randomUUID();
    expect(await carl('payments.enter', payment, requestId)).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
    const entered = () =>
      app.handle.db.selectFrom('card_transactions').select('id').where('order_id', '=', payment.orderReference).execute();
    expect(await entered()).toEqual([]);
    await stepUp(app, carl, 'carl.patel');
    expect(await carl('payments.enter', payment, requestId)).toMatchObject({ ok: true });
    expect(await carl('payments.enter', payment, requestId)).toMatchObject({ ok: true });
    expect(await entered()).toHaveLength(1);

    expect(await ivy('intake.setFolder', { folder: null }, randomUUID())).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
    await stepUp(app, ivy, 'ivy.nguyen');
    expect(await ivy('intake.setFolder', { folder: null }, randomUUID())).toMatchObject({ ok: true });
  });
});
