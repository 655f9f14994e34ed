import { z } from 'zod';

/** The kinds of sensitive data the privacy statement asks citizens never to send, as found in free text. */
export const SENSITIVE_KINDS = [
  'card_number',
  'card_security_code',
  'ssn',
  'date_of_birth',
  'bank_account',
  'mothers_maiden_name',
  'medicare_number',
] as const;
export const SensitiveKindSchema = z.enum(SENSITIVE_KINDS);
export type SensitiveKind = z.infer<typeof SensitiveKindSchema>;

/** Each kind in words, as a count reads: "2 card numbers". */
export const SENSITIVE_KIND_LABELS: Record<SensitiveKind, { one: string; many: string }> = {
  card_number: { one: 'card number', many: 'card numbers' },
  card_security_code: { one: 'card security code', many: 'card security codes' },
  ssn: { one: 'Social Security number', many: 'Social Security numbers' },
  date_of_birth: { one: 'date of birth', many: 'dates of birth' },
  bank_account: { one: 'bank account', many: 'bank accounts' },
  mothers_maiden_name: { one: "mother's maiden name", many: "mothers' maiden names" },
  medicare_number: { one: 'Medicare number', many: 'Medicare numbers' },
};

export function countOfKind(kind: SensitiveKind, n: number): string {
  return `${n} ${n === 1 ? SENSITIVE_KIND_LABELS[kind].one : SENSITIVE_KIND_LABELS[kind].many}`;
}
