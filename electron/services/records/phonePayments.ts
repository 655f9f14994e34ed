/**
 * Payments taken by phone (the privacy statement: "only authorized employees have access to your
 * credit card number for card processing purposes"). A card processor keys the card; the number
 * is Luhn-checked, sealed with its keyed hash and never sent back whole, and it is wiped when the
 * order is processed (RecordsService.process). A payment still pending after a set time is
 * flagged to the card processors' supervisor.
 */
import type { EnteredPayment, OverduePayment, PhonePaymentInput } from '../../contract/payments.js';
import type { Caller } from '../caller.js';
import { HOUR } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { cardBrand } from '../intake/cardNumbers.js';
import { findSensitive } from '../intake/sensitiveData.js';
import { decideRecordAccess } from '../policy/recordAbility.js';
import { numberSetting } from '../settings.js';
import { actorOf, type Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import { accessFacts } from './accessFacts.js';
import { maskPan, type CardCipher } from './cardCipher.js';
import { money } from './recordViews.js';

/** The last day of the expiry month (cards are valid through it), as YYYY-MM-DD. */
function expiryEnd(expiry: string): string {
  const [mm, yy] = expiry.split('/');
  const year = 2000 + Number(yy);
  const end = new Date(Date.UTC(year, Number(mm), 0));
  return end.toISOString().slice(0, 10);
}

export class PhonePaymentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly cipher: CardCipher,
  ) {}

  /** Keys a phone payment as a new pending order of the processor's department. */
  async enter(principal: Principal, input: PhonePaymentInput, { workstation }: Caller): Promise<EnteredPayment> {
    const facts = await accessFacts(this.ctx, this.training, principal);
    const decision = decideRecordAccess(facts, 'enter', 'CardTransaction');
    if (!decision.allowed) {
      await this.ctx.audit.record({
        actor: actorOf(principal),
        workstation,
        event: 'payment.enter',
        outcome: 'denied',
        resource: { type: 'CardTransaction', id: '*' },
        reason: decision.reason,
      });
      throw new AppError('FORBIDDEN', decision.reason);
    }
    const { digits, brand, amountCents } = this.check(input);
    const orderId = input.orderReference.toUpperCase();
    const taken = await this.ctx.db.selectFrom('card_transactions').select('id').where('order_id', '=', orderId).executeTakeFirst();
    if (taken) {
      throw new AppError('CONFLICT', `An order with the reference ${orderId} already exists; nothing was saved.`, {
        orderReference: 'This order reference is already used.',
      });
    }
    const sealed = await this.cipher.protect(digits, orderId);
    const expirySealed = await this.cipher.sealExpiry(input.expiry, orderId);
    const masked = maskPan(digits.slice(0, 6), digits.slice(-4));
    const now = this.ctx.clock.now().toISOString();
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('card_transactions')
        .values({
          department_id: principal.departmentId,
          order_id: orderId,
          cardholder_name: input.cardholderName.replace(/\s+/g, ' '),
          amount_cents: amountCents,
          agency: input.agency.replace(/\s+/g, ' '),
          status: 'pending',
          created_at: now,
          processed_at: null,
          pan_first6: digits.slice(0, 6),
          pan_last4: digits.slice(-4),
          ...sealed,
          expiry_sealed: expirySealed,
          entered_by: principal.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'payment.enter',
        outcome: 'allowed',
        resource: { type: 'CardTransaction', id: Number(row.id) },
        reason: decision.reason,
        details: {
          orderId,
          card: masked,
          brand,
          amountCents,
          agency: input.agency,
          taken: 'by phone',
          certificates: decision.certificates,
        },
      });
      return Number(row.id);
    });
    return { id, orderId, maskedNumber: masked, amount: money(amountCents), agency: input.agency };
  }

  /** Field by field, in words that never repeat the number. */
  private check(input: PhonePaymentInput): { digits: string; brand: string; amountCents: number } {
    const problems: Record<string, string> = {};
    const digits = input.cardNumber.replace(/[\s-]/g, '');
    const brand = cardBrand(digits);
    if (!brand) problems.cardNumber = 'This is not a valid card number: check the digits (the last one is a check digit).';
    const today = this.ctx.clock.now().toISOString().slice(0, 10);
    if (expiryEnd(input.expiry) < today) problems.expiry = 'This card has expired.';
    const amountCents = Math.round(Number(input.amount) * 100);
    if (!(amountCents > 0)) problems.amount = 'The amount must be more than $0.00.';
    // A card number or other sensitive value typed into the wrong box is refused, not stored.
    for (const key of ['cardholderName', 'orderReference', 'agency'] as const) {
      if (findSensitive(input[key]).length > 0)
        problems[key] = 'This looks like a card number or other sensitive value; it does not belong here.';
    }
    if (Object.keys(problems).length > 0 || !brand) {
      throw new AppError('INVALID_INPUT', 'The payment was not saved: correct the fields shown.', problems);
    }
    return { digits, brand, amountCents };
  }

  /**
   * For the card processors' supervisor: pending orders older than the set time (setting
   * `payments.pendingAlertHours`, 24 by default) in the departments of the card processors they supervise.
   */
  async overdue(principal: Principal): Promise<{ supervises: boolean; thresholdHours: number; items: OverduePayment[] }> {
    const thresholdHours = await numberSetting(this.ctx.db, 'payments.pendingAlertHours');
    const processors = await this.ctx.db
      .selectFrom('staff as s')
      .innerJoin('staff_roles as r', 'r.staff_id', 's.id')
      .select('s.department_id')
      .where('s.supervisor_id', '=', principal.id)
      .where('s.status', '=', 'active')
      .where('r.role_key', '=', 'card_processor')
      .execute();
    const departments = [...new Set(processors.map((p) => Number(p.department_id)))];
    if (!principal.roles.includes('supervisor') || departments.length === 0) return { supervises: false, thresholdHours, items: [] };
    const now = this.ctx.clock.now().getTime();
    const before = new Date(now - thresholdHours * HOUR).toISOString();
    const rows = await this.ctx.db
      .selectFrom('card_transactions as c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .leftJoin('staff as e', 'e.id', 'c.entered_by')
      .select(['c.id', 'c.order_id', 'c.agency', 'c.amount_cents', 'c.created_at', 'd.name as department', 'e.display_name as entered_by'])
      .where('c.status', '=', 'pending')
      .where('c.created_at', '<', before)
      .where('c.department_id', 'in', departments)
      .orderBy('c.created_at')
      .limit(200)
      .execute();
    return {
      supervises: true,
      thresholdHours,
      items: rows.map((r) => ({
        id: Number(r.id),
        orderId: r.order_id,
        agency: r.agency,
        amount: money(Number(r.amount_cents)),
        department: r.department,
        enteredBy: r.entered_by ?? null,
        createdAt: r.created_at,
        ageHours: Math.floor((now - Date.parse(r.created_at)) / HOUR),
      })),
    };
  }
}
