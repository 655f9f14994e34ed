/**
 * Keyed lookup hashes: find a row by SSN, card number, date of birth… without storing the value
 * in clear. HMAC-SHA-256 under the lookup-hashes purpose key, over `<domain> NUL <normalized value>`,
 * so equal values in different domains hash differently. The output names its key version,
 * `<version>:<64 hex>`, so during a rotation a query can ask for the hash under every held version.
 */
import { createHmac } from 'node:crypto';
import { AppError } from '../errors.js';
import { parseKeyVersion } from './masterKey.js';
import { purposeKeyObject, type PurposeKey } from './purposes.js';

/** How each domain's values are normalized; invalid input is refused without echoing the value. */
const NORMALIZERS = {
  ssn: (v: string) => digitsOnly(v, /^[0-9]{9}$/, 'A Social Security number has 9 digits.'),
  'card-number': (v: string) => digitsOnly(v, /^[0-9]{12,19}$/, 'A card number has 12 to 19 digits.'),
  'date-of-birth': (v: string) => isoDate(v),
  email: (v: string) => nonEmpty(v.normalize('NFKC').trim().toLowerCase(), 'An email address cannot be empty.'),
  phone: (v: string) => {
    // Keep the digits only: "+1 (555) 010-2030" and "15550102030" are the same number.
    if (/[^0-9+().\s-]/.test(v)) throw invalid('A phone number has only digits, spaces, +, -, . and brackets.');
    return digitsOnly(v.replace(/[+().\s-]/g, ''), /^[0-9]{7,15}$/, 'A phone number has 7 to 15 digits.');
  },
  name: (v: string) => nonEmpty(v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase(), 'A name cannot be empty.'),
  // Any field of a record, as stored (a correction's old and new values): `<table.column> NUL <value>`, exact.
  'record-field': (v: string) => v.normalize('NFC'),
} as const satisfies Record<string, (value: string) => string>;

export type LookupDomain = keyof typeof NORMALIZERS;
export const LOOKUP_DOMAINS = Object.freeze(Object.keys(NORMALIZERS) as LookupDomain[]);

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

function digitsOnly(value: string, shape: RegExp, message: string): string {
  // Spaces and dashes are separators people type; anything else makes the value invalid.
  const digits = value.trim().replace(/[\s-]/g, '');
  if (!shape.test(digits)) throw invalid(message);
  return digits;
}

function isoDate(value: string): string {
  const text = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw invalid('A date of birth is a calendar date written YYYY-MM-DD.');
  }
  return text;
}

function nonEmpty(value: string, message: string): string {
  if (!value) throw invalid(message);
  return value;
}

export function isLookupDomain(value: unknown): value is LookupDomain {
  return typeof value === 'string' && Object.hasOwn(NORMALIZERS, value);
}

/** The value as it is hashed. AppError INVALID_INPUT (without the value) when it is not valid for the domain. */
export function normalizeLookupValue(domain: LookupDomain, value: string): string {
  if (!isLookupDomain(domain)) throw new TypeError(`Unknown lookup domain "${String(domain)}".`);
  if (typeof value !== 'string') throw new TypeError('A lookup value is a string.');
  return NORMALIZERS[domain](value);
}

export function lookupHash(key: PurposeKey<'lookup-hashes'>, domain: LookupDomain, value: string): string {
  if (key.purpose !== 'lookup-hashes') throw new TypeError('Lookup hashes need the lookup-hashes purpose key.');
  const normalized = normalizeLookupValue(domain, value);
  const mac = createHmac('sha256', purposeKeyObject(key)).update(`${domain}\u0000${normalized}`, 'utf8').digest('hex');
  return `${key.version}:${mac}`;
}

/** The key version a lookup hash was made under, or null when the text is not a lookup hash. */
export function lookupHashVersion(hash: string): number | null {
  const match = /^([1-9][0-9]{0,8}):[0-9a-f]{64}$/.exec(hash);
  return match?.[1] ? parseKeyVersion(match[1]) : null;
}
