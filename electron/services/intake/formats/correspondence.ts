/**
 * Correspondence and web forms: one e-mail or form submission per record, as CSV, JSON Lines or
 * a JSON array. Name, message and where it came from are required; the contact and identity
 * fields only when the citizen gave them (a web form may ask for an SSN; an e-mail never should).
 */
import { z } from 'zod';
import { ssnStructureValid } from '../socialSecurityNumbers.js';
import {
  dateTime,
  optionalFreeText,
  requiredFreeText,
  optionalDate,
  optionalEmail,
  optionalText,
  requiredText,
  sourceId,
  sourceSystem,
} from './common.js';

export const CORRESPONDENCE_SOURCE = 'correspondence';

export const CORRESPONDENCE_FIELDS = [
  'source_id',
  'source_system',
  'channel',
  'department',
  'agency',
  'received_at',
  'full_name',
  'email',
  'phone',
  'mailing_address',
  'ssn',
  'date_of_birth',
  'subject',
  'message',
  'notes',
] as const;

const blank = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** An SSN the SSA could have issued, written 123-45-6789 or as nine digits; stored as 123-45-6789. */
const ssn = z.preprocess(
  blank,
  z
    .string({ error: 'Must be text.' })
    .trim()
    .transform((s, ctx) => {
      const digits = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(s);
      const joined = digits ? `${digits[1]}${digits[2]}${digits[3]}` : '';
      if (!digits || !ssnStructureValid(joined)) {
        ctx.addIssue({ code: 'custom', message: 'Is not a Social Security number the SSA issues (nine digits, as 123-45-6789).' });
        return z.NEVER;
      }
      return `${digits[1]}-${digits[2]}-${digits[3]}`;
    })
    .optional(),
);

const phone = z.preprocess(
  blank,
  z
    .string({ error: 'Must be text.' })
    .trim()
    .refine((s) => /^\+?[\d\s().-]{7,24}(\s*(x|ext\.?)\s*\d{1,6})?$/i.test(s), 'Is not a phone number.')
    .refine((s) => {
      const digits = s.replace(/(x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15;
    }, 'Is not a phone number (7 to 15 digits).')
    .optional(),
);

export const CorrespondenceRecord = z.object({
  source_id: sourceId,
  source_system: sourceSystem(CORRESPONDENCE_SOURCE),
  channel: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        : blank(v),
    z.enum(['email', 'web_form'], { error: 'Must be email or web_form.' }),
  ),
  department: requiredText(200),
  agency: optionalText(200),
  received_at: dateTime,
  full_name: requiredText(200),
  email: optionalEmail,
  phone,
  mailing_address: optionalFreeText(500),
  ssn,
  date_of_birth: optionalDate,
  subject: optionalFreeText(500),
  message: requiredFreeText(100_000),
  notes: optionalFreeText(20_000),
});

export type CorrespondenceRecord = z.output<typeof CorrespondenceRecord>;
