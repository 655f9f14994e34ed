/**
 * What a correction may change and how each new value is checked. The values themselves go only
 * into the record: the audit entry gets the field names and the keyed hashes of the old and new
 * values (domain `record-field`, over `<table.column> NUL <value>`), so the privacy office can
 * confirm a value it is shown without the trail ever holding one.
 */
import type { RecordSubject } from '../../contract/records.js';
import { AppError } from '../errors.js';
import { findSensitive, type SensitiveKind } from '../intake/sensitiveData.js';
import { ssnStructureValid } from '../intake/socialSecurityNumbers.js';
import { CORRECTABLE_FIELDS } from '../policy/recordRules.js';
import { normalizeSsn } from './sensitiveFields.js';

const KIND_WORDS: Record<SensitiveKind, string> = {
  card_number: 'a card number',
  card_security_code: 'a card security code',
  ssn: 'a Social Security number',
  date_of_birth: 'a date of birth',
  bank_account: 'bank details',
  mothers_maiden_name: "a mother's maiden name",
  medicare_number: 'a Medicare number',
};

function noSensitiveInside(text: string): string | null {
  const found = findSensitive(text)[0];
  return found ? `This looks like it holds ${KIND_WORDS[found.kind]}, which does not belong in this field.` : null;
}

function length(min: number, max: number, what: string) {
  return (v: string) => (v.length < min ? `Enter the ${what}.` : v.length > max ? `The ${what} is at most ${max} characters.` : null);
}

type Check = { normalize(value: string): string; problem(value: string): string | null };

const MAX_AGE_YEARS = 130;

/** How each correctable field's new value is normalized and checked (a problem in words, or null). */
const FIELD_CHECKS: Record<string, Check> = {
  full_name: {
    normalize: (v) => v.replace(/\s+/g, ' ').trim(),
    problem: (v) => length(1, 200, 'name')(v) ?? noSensitiveInside(v),
  },
  mailing_address: {
    normalize: (v) => v.replace(/\s+/g, ' ').trim(),
    problem: (v) => length(1, 300, 'mailing address')(v) ?? noSensitiveInside(v),
  },
  email: {
    normalize: (v) => v.trim().toLowerCase(),
    problem: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254 ? null : 'Enter an e-mail address like name@example.org.'),
  },
  phone: {
    normalize: (v) => v.trim(),
    problem: (v) =>
      /^[0-9+().\s-]+$/.test(v) && /^\d{7,15}$/.test(v.replace(/\D/g, ''))
        ? null
        : 'Enter a phone number of 7 to 15 digits (spaces, dashes, brackets and + are fine).',
  },
  ssn: {
    normalize: (v) => {
      try {
        return normalizeSsn(v);
      } catch {
        return v.trim();
      }
    },
    problem: (v) =>
      /^\d{3}-\d{2}-\d{4}$/.test(v) && ssnStructureValid(v.replace(/-/g, ''))
        ? null
        : 'Enter a Social Security number of 9 digits, like 123-45-6789, that the SSA could have issued.',
  },
  date_of_birth: {
    normalize: (v) => v.trim(),
    problem: (v) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const d = m ? new Date(`${v}T00:00:00Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return 'Enter the date of birth as YYYY-MM-DD.';
      return null;
    },
  },
};

/**
 * The requested changes, normalized, or AppError INVALID_INPUT naming each field's problem
 * (never echoing a value). `today` bounds a date of birth.
 */
export function checkCorrection(subject: RecordSubject, changes: Record<string, string>, today: string): Record<string, string> {
  const allowed = CORRECTABLE_FIELDS[subject];
  const problems: Record<string, string> = {};
  const out: Record<string, string> = {};
  for (const [field, raw] of Object.entries(changes)) {
    const check = FIELD_CHECKS[field];
    if (!allowed.includes(field) || !check) {
      problems[field.slice(0, 40)] = 'This field cannot be corrected.';
      continue;
    }
    const value = check.normalize(raw);
    let problem = check.problem(value);
    if (!problem && field === 'date_of_birth') {
      const oldest = `${Number(today.slice(0, 4)) - MAX_AGE_YEARS}${today.slice(4)}`;
      if (value > today) problem = 'A date of birth cannot be in the future.';
      else if (value < oldest) problem = `A date of birth is at most ${MAX_AGE_YEARS} years ago.`;
    }
    if (problem) problems[field] = problem;
    else out[field] = value;
  }
  if (Object.keys(problems).length > 0) {
    throw new AppError('INVALID_INPUT', 'Some corrections are not valid; nothing was changed.', problems);
  }
  return out;
}

/** What is hashed for a correction's audit entry: the column named with the value, so equal values in two fields differ. */
export function correctionHashInput(table: string, field: string, value: string): string {
  return `${table}.${field}\u0000${value}`;
}
