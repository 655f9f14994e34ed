import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';

/** A phone payment as a card processor keys it. The card number is never sent back whole. */
export const PhonePaymentInput = z
  .object({
    cardholderName: z.string().trim().min(1, 'Enter the name on the card.').max(120, 'The name is at most 120 characters.'),
    cardNumber: z
      .string()
      .trim()
      .min(1, 'Enter the card number.')
      .max(30, 'A card number has at most 19 digits.')
      .regex(/^[0-9 -]+$/, 'A card number has only digits (spaces and dashes are fine).'),
    expiry: z
      .string()
      .trim()
      .regex(/^(0[1-9]|1[0-2])\/[0-9]{2}$/, 'Enter the expiry date as MM/YY, for example 04/28.'),
    amount: z
      .string()
      .trim()
      .regex(/^[0-9]{1,7}(\.[0-9]{2})?$/, 'Enter the amount in dollars, for example 42.50.'),
    orderReference: z
      .string()
      .trim()
      .min(3, 'Enter the order reference.')
      .max(40, 'An order reference is at most 40 characters.')
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'An order reference has only letters, digits and dashes.'),
    agency: z.string().trim().min(2, 'Enter the agency being paid.').max(120, 'The agency is at most 120 characters.'),
  })
  .strict();
export type PhonePaymentInput = z.output<typeof PhonePaymentInput>;

export const EnteredPayment = z.object({
  id: z.number(),
  orderId: z.string(),
  /** First 6 and last 4 at most. */
  maskedNumber: z.string(),
  amount: z.string(),
  agency: z.string(),
});
export type EnteredPayment = z.infer<typeof EnteredPayment>;

export const OverduePayment = z.object({
  id: z.number(),
  orderId: z.string(),
  agency: z.string(),
  amount: z.string(),
  department: z.string(),
  enteredBy: z.string().nullable(),
  createdAt: IsoTime,
  ageHours: z.number(),
});
export type OverduePayment = z.infer<typeof OverduePayment>;

export const paymentsContract = {
  'payments.enter': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Card processors: key a payment taken by phone (card number Luhn-checked, sealed, never echoed back whole).',
    input: PhonePaymentInput,
    output: EnteredPayment,
  }),
  'payments.overdue': defineChannel({
    access: 'session',
    summary: "The card processors' supervisor: pending card orders older than the set time, in the departments they supervise.",
    input: Empty,
    output: z.object({ supervises: z.boolean(), thresholdHours: z.number(), items: z.array(OverduePayment) }),
  }),
};
