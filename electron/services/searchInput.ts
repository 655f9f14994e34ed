/**
 * The scan every search box and filter value goes through before it is used or logged. A card
 * number or SSN typed into a search is looked up only through its keyed hash, and the audit trail
 * gets only its mask; a date may be a date of birth, so it is looked up the same way and masked.
 * Other text is searched and logged with any sensitive value inside it replaced by its token.
 */
import { classifySearch } from './intake/sensitiveData.js';
import { SEPARATOR_CLASS } from './intake/textContext.js';
import { maskSsn } from './records/recordViews.js';

export type ScannedSearch =
  | { kind: 'card_number'; digits: string; logged: string }
  | { kind: 'ssn'; digits: string; logged: string }
  | { kind: 'date'; date: string; logged: string }
  | { kind: 'text'; text: string; logged: string };

/** ddd-dd-dddd with one kind of separator, or nine digits alone: an SSN's shape, whether or not the SSA could issue it. */
const SSN_SHAPE = new RegExp(`^(\\d{3})(${SEPARATOR_CLASS}?)(\\d{2})\\2(\\d{4})$`);
/** The same shape inside longer text (a search box has too few words around it to tell an SSN from anything else). */
const SSN_SHAPE_INSIDE = new RegExp(`(?<!\\d)\\d{3}(${SEPARATOR_CLASS}?)\\d{2}\\1\\d{4}(?!\\d)`, 'g');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MASKED_DATE = '••••-••-••';

function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * What a search box value is, and the only form of it that may be written to the audit trail or
 * a log. Anything written like an SSN counts as one here, even in areas the SSA never issues
 * (the demo's and tests' synthetic numbers use them): a search box has no words around the
 * value to tell, and logging an SSN in clear is the worse mistake.
 */
export function scanSearch(input: string): ScannedSearch {
  const value = input.trim();
  const classified = classifySearch(value);
  if (classified.kind === 'card_number') return { kind: 'card_number', digits: classified.digits, logged: classified.mask };
  if (classified.kind === 'ssn') return { kind: 'ssn', digits: classified.digits, logged: classified.mask };
  const shaped = SSN_SHAPE.exec(value);
  if (shaped) {
    const digits = `${shaped[1]}${shaped[3]}${shaped[4]}`;
    return { kind: 'ssn', digits, logged: maskSsn(digits) };
  }
  if (isCalendarDate(value)) return { kind: 'date', date: value, logged: MASKED_DATE };
  const text = classified.text.replace(SSN_SHAPE_INSIDE, '[SSN removed]');
  return { kind: 'text', text, logged: text };
}

/**
 * A free-text filter that is compared, not looked up (the audit viewer's fields, a report's
 * department): the value to use and to log, with a card number or SSN replaced by its mask and
 * any embedded sensitive value by its token. A date is kept: filters compare dates openly.
 */
export function scanFilterText(input: string): string {
  const scanned = scanSearch(input);
  return scanned.kind === 'date' ? scanned.date : scanned.logged;
}

/** Every string field of a filter object through scanFilterText; other fields unchanged. */
export function scanFilter<T extends Record<string, unknown>>(filter: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) out[key] = typeof value === 'string' ? scanFilterText(value) : value;
  return out as T;
}

/** What the audit trail may hold of a search box value: null when empty. */
export function loggedSearch(input: string | undefined): string | null {
  const text = input?.trim();
  return text ? scanSearch(text).logged : null;
}
