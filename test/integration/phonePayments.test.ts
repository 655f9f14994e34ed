import { describe, expect, it } from 'vitest';
import { HOUR } from '../../electron/services/clock.js';
import { openCardNumber } from '../../electron/services/records/cardCipher.js';
import type { EnteredPayment, OverduePayment } from '../../electron/contract/payments.js';
import type { OpenResult } from '../../electron/contract/records.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyRing } from '../support/testKeys.js';

/** Visa's published test number, typed as a caller would read it out. */
const PAN = '4111 1111 1111 1111';
const DIGITS = '4111111111111111';
const payment = {
  cardholderName: 'Evelyn Harper',
  cardNumber: PAN,
  expiry: '04/28',
  amount: '42.50',
  orderReference: 'PH-2026-0001',
  agency: 'Department of Fish and Wildlife',
};
type List = { items: { id: number; title: string }[]; total: number };
type Overdue = { supervises: boolean; thresholdHours: number; items: OverduePayment[] };

describe.each(testDialects())('phone payments on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  it('are keyed, found by card number through its keyed hash, revealed, processed and wiped, every step audited', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const entered = valueOf<EnteredPayment>(await carl('payments.enter', payment));
    expect(entered).toMatchObject({ orderId: 'PH-2026-0001', maskedNumber: '4111 11•• •••• 1111', amount: '$42.50' });
    expect(JSON.stringify(entered)).not.toContain(DIGITS);

    const row = await a.handle.db.selectFrom('card_transactions').selectAll().where('id', '=', entered.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', pan_first6: '411111', pan_last4: '1111', department_id: expect.any(Number) });
    expect(openCardNumber(testKeyRing(), row.pan_ciphertext!, row.order_id)).toBe(DIGITS);
    expect(row.pan_lookup).toBe(testKeyRing().lookupHash('card-number', DIGITS));
    expect(row.expiry_sealed).toMatch(/^cv1\./);
    expect(JSON.stringify(row)).not.toContain(DIGITS);

    // The card search finds it by the number's keyed hash; the audit entry holds only the mask.
    const found = valueOf<List>(await carl('records.list', { subject: 'CardTransaction', search: PAN }));
    expect(found.items.map((i) => i.id)).toEqual([entered.id]);
    const listed = (await auditEvents(a, 'carl.patel')).filter((e) => e.event === 'record.list').at(-1)!;
    expect(JSON.parse(listed.details).search).toBe('4111 11•• •••• 1111');
    expect(valueOf<List>(await carl('records.list', { subject: 'CardTransaction', search: '5555 5555 5555 4444' })).total).toBe(0);

    const opened = valueOf<OpenResult>(
      await carl('records.open', { subject: 'CardTransaction', id: entered.id, purpose: { code: 'process_payment' } }),
    );
    expect(opened.status).toBe('opened');
    if (opened.status === 'opened') {
      expect(opened.record.fields.find((f) => f.key === 'pan')).toMatchObject({ masked: true, value: '4111 11•• •••• 1111' });
      expect(opened.record.canProcess).toBe(true);
    }
    const revealed = valueOf<{ value: string }>(await carl('records.reveal', { subject: 'CardTransaction', id: entered.id, field: 'pan' }));
    expect(revealed.value).toBe(PAN);
    valueOf(await carl('records.process', { id: entered.id }));
    const after = await a.handle.db.selectFrom('card_transactions').selectAll().where('id', '=', entered.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'processed', pan_ciphertext: null, pan_lookup: null, expiry_sealed: null, pan_last4: '1111' });
    // Once wiped, the number no longer finds the order.
    expect(valueOf<List>(await carl('records.list', { subject: 'CardTransaction', search: PAN })).total).toBe(0);

    const trail = (await auditEvents(a, 'carl.patel')).filter((e) => e.resource_id === String(entered.id));
    expect(trail.map((e) => e.event)).toEqual(['payment.enter', 'record.open', 'record.reveal', 'record.process']);
    expect(JSON.parse(trail[0]!.details)).toMatchObject({ orderId: 'PH-2026-0001', card: '4111 11•• •••• 1111', amountCents: 4250 });
    expect(JSON.stringify(await auditEvents(a))).not.toContain(DIGITS);
  });

  it('refuse a number that fails the Luhn check, an expired card, a reused reference and a number in the wrong box, never echoing it', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const bad = await carl('payments.enter', { ...payment, cardNumber: '4111 1111 1111 1112' });
    expect(bad).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { cardNumber: expect.stringMatching(/not a valid card number/) },
    });
    expect(JSON.stringify(bad)).not.toContain('4111');
    expect(await carl('payments.enter', { ...payment, expiry: '10/26' })).toMatchObject({
      ok: false,
      fields: { expiry: 'This card has expired.' },
    });
    expect(await carl('payments.enter', { ...payment, orderReference: 'x' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const misplaced = await carl('payments.enter', { ...payment, cardholderName: `Harper ${DIGITS}` });
    expect(misplaced).toMatchObject({ ok: false, fields: { cardholderName: expect.stringMatching(/does not belong here/) } });
    expect(JSON.stringify(misplaced)).not.toContain(DIGITS);
    valueOf(await carl('payments.enter', payment));
    expect(await carl('payments.enter', { ...payment, orderReference: 'ph-2026-0001' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await a.handle.db.selectFrom('card_transactions').select('id').where('order_id', 'like', 'PH-%').execute()).toHaveLength(1);
    expect(JSON.stringify(await auditEvents(a))).not.toContain(DIGITS);
  });

  it('are refused to anyone but a trained card processor, with the reason, and audited', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await rosa('payments.enter', payment)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Your role does not include card processing.',
    });
    expect((await auditEvents(a, 'rosa.diaz')).at(-1)).toMatchObject({ event: 'payment.enter', outcome: 'denied' });
  });

  it('still pending after 24 hours are flagged to the card processors’ supervisor, and no one else', async () => {
    const a = await app();
    const carl = await signedIn(a, 'carl.patel');
    const entered = valueOf<EnteredPayment>(await carl('payments.enter', payment));
    const ken = await signedIn(a, 'ken.ito');
    const before = valueOf<Overdue>(await ken('payments.overdue'));
    expect(before).toMatchObject({ supervises: true, thresholdHours: 24 });
    expect(before.items.map((i) => i.id)).not.toContain(entered.id);

    a.clock.advance(25 * HOUR);
    const later = await signedIn(a, 'ken.ito');
    const flagged = valueOf<Overdue>(await later('payments.overdue')).items.find((i) => i.id === entered.id);
    expect(flagged).toMatchObject({ orderId: 'PH-2026-0001', enteredBy: 'Carl Patel', ageHours: 25, amount: '$42.50' });
    expect(JSON.stringify(flagged)).not.toContain('Evelyn');

    // A supervisor of no card processor, and a card processor, are not flagged.
    const sam = await signedIn(a, 'sam.okafor');
    expect(valueOf<Overdue>(await sam('payments.overdue'))).toMatchObject({ supervises: false, items: [] });
    const carlLater = await signedIn(a, 'carl.patel');
    expect(valueOf<Overdue>(await carlLater('payments.overdue'))).toMatchObject({ supervises: false, items: [] });

    // Processed, it is no longer flagged.
    valueOf(await carlLater('records.process', { id: entered.id }));
    expect(valueOf<Overdue>(await later('payments.overdue')).items.map((i) => i.id)).not.toContain(entered.id);
  });
});
