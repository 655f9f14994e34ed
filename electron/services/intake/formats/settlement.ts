/**
 * The payment portal's settlement file: card orders paid online, without their numbers (at
 * most the first 6 and last 4 digits, PCI DSS 3.4.1), so card processors see each order's status
 * beside the phone payments. CSV, JSON Lines or a JSON array.
 */
import { z } from 'zod';
import { dateTime, optionalDateTime, requiredText, sourceId, sourceSystem } from './common.js';

export const SETTLEMENT_SOURCE = 'payment-portal';
export const SETTLEMENT_STATUSES = ['authorized', 'settled', 'refunded', 'declined', 'voided'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export const SETTLEMENT_FIELDS = [
  'order_id',
  'source_system',
  'department',
  'agency',
  'cardholder_name',
  'amount',
  'currency',
  'status',
  'ordered_at',
  'settled_at',
  'card',
] as const;

const blank = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** Dollars and cents as written ("45.00", 45): whole cents, more than nothing. */
const amount = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : blank(v)),
  z
    .string({ error: (i) => (i.input === undefined ? 'Missing.' : 'Must be an amount such as 45.00.') })
    .trim()
    .regex(/^\d{1,7}(\.\d{1,2})?$/, 'Must be an amount in dollars such as 45.00 (no currency sign, at most two decimals).')
    .transform((s) => Math.round(Number(s) * 100))
    .refine((cents) => cents > 0, 'Must be more than 0.00.'),
);

/**
 * The card as the portal shows it, masked: "411111******1111", "************1111", "XXXX-XXXX-XXXX-1111".
 * More than 10 digits is (part of) a card number, which a settlement file must not carry.
 */
const card = z.preprocess(
  blank,
  z
    .string({ error: (i) => (i.input === undefined ? 'Missing.' : 'Must be text.') })
    .trim()
    .transform((s, ctx) => {
      const digits = s.replace(/\D/g, '');
      if (digits.length > 10) {
        ctx.addIssue({
          code: 'custom',
          message: 'Holds more than the first 6 and last 4 digits: a settlement file must not carry card numbers. Nothing was stored.',
        });
        return z.NEVER;
      }
      const m = /^(?:(\d{6})|(\d{4}[\s-]?\d{2}))?[\s*xX•#.-]{2,}(\d{4})$/.exec(s);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'Is not a masked card such as 411111******1111 or ************1111.' });
        return z.NEVER;
      }
      return { first6: (m[1] ?? m[2] ?? '').replace(/\D/g, ''), last4: m[3]! };
    }),
);

export const SettlementRecord = z
  .object({
    order_id: sourceId,
    source_system: sourceSystem(SETTLEMENT_SOURCE),
    department: requiredText(200),
    agency: requiredText(200),
    cardholder_name: requiredText(200),
    amount,
    currency: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : blank(v)),
      z.literal('USD', { error: 'Must be USD: the portal settles in US dollars.' }).optional(),
    ),
    status: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : blank(v)),
      z.enum(SETTLEMENT_STATUSES, { error: `Must be one of ${SETTLEMENT_STATUSES.join(', ')}.` }),
    ),
    ordered_at: dateTime,
    settled_at: optionalDateTime,
    card,
  })
  .superRefine((r, ctx) => {
    if (r.status === 'settled' && !r.settled_at)
      ctx.addIssue({ code: 'custom', path: ['settled_at'], message: 'A settled order needs settled_at.' });
    if (r.settled_at && r.settled_at < r.ordered_at)
      ctx.addIssue({ code: 'custom', path: ['settled_at'], message: 'Is before ordered_at.' });
  });

export type SettlementRecord = z.output<typeof SettlementRecord>;
