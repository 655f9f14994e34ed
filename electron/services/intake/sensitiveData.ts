/**
 * Finds and redacts the sensitive data the privacy statement asks citizens never to send (card
 * numbers and codes, SSNs, dates of birth, bank details, a mother's maiden name, Medicare numbers)
 * in free text, before anything is stored or logged. Pure functions: no I/O, no clock.
 *
 * Each detector lives in its own file; this one merges their findings (one kind per span, by
 * precedence), writes the labelled tokens and classifies search box input.
 */
import { SENSITIVE_KINDS, type SensitiveKind } from '../../contract/sensitiveKinds.js';
import { maskPan } from '../records/cardCipher.js';
import { maskSsn } from '../records/recordViews.js';
import { findBankDetails } from './bankDetails.js';
import { findBirthDates } from './birthDates.js';
import { findCardNumbers, wholeCardNumber } from './cardNumbers.js';
import { findCardSecurityCodes } from './cardSecurityCodes.js';
import { findMaidenNames } from './maidenNames.js';
import { findMedicareNumbers } from './medicareNumbers.js';
import { findSsns, wholeSsn } from './socialSecurityNumbers.js';

// The kinds are part of the contract: screens show counts by kind.
export { SENSITIVE_KINDS, type SensitiveKind };

export type SensitiveMatch =
  | { kind: 'card_number'; start: number; end: number; last4: string; brand: string }
  | { kind: Exclude<SensitiveKind, 'card_number'>; start: number; end: number };

export interface RedactionResult {
  text: string;
  counts: Record<SensitiveKind, number>;
}

export type SearchInput =
  | { kind: 'card_number'; digits: string; mask: string; last4: string }
  | { kind: 'ssn'; digits: string; mask: string }
  | { kind: 'text'; text: string; redacted: boolean };

/** The token that replaces a match in stored text. */
export function redactionToken(match: SensitiveMatch): string {
  switch (match.kind) {
    case 'card_number':
      return `[card number removed, ending ${match.last4}]`;
    case 'card_security_code':
      return '[card security code removed]';
    case 'ssn':
      return '[SSN removed]';
    case 'date_of_birth':
      return '[date of birth removed]';
    case 'bank_account':
      return '[bank account removed]';
    case 'mothers_maiden_name':
      return "[mother's maiden name removed]";
    case 'medicare_number':
      return '[Medicare number removed]';
  }
}

interface Candidate {
  match: SensitiveMatch;
  /** Lower wins where two findings overlap. */
  precedence: number;
  /** A routing number and its account number share this, to read as one bank account. */
  bankPair?: number;
}

const plain = (kind: Exclude<SensitiveKind, 'card_number'>, start: number, end: number): SensitiveMatch => ({ kind, start, end });

function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const c of findCardNumbers(text)) {
    out.push({ match: { kind: 'card_number', start: c.start, end: c.end, last4: c.digits.slice(-4), brand: c.brand }, precedence: 0 });
  }
  // A formatted SSN is unmistakable; nine bare digits near "SSN" yield to a checksummed routing number near bank words.
  for (const s of findSsns(text)) out.push({ match: plain('ssn', s.start, s.end), precedence: s.formatted ? 1 : 4 });
  for (const m of findMedicareNumbers(text)) out.push({ match: plain('medicare_number', m.start, m.end), precedence: 2 });
  for (const b of findBankDetails(text)) {
    const c: Candidate = { match: plain('bank_account', b.start, b.end), precedence: 3 };
    if (b.pair !== undefined) c.bankPair = b.pair;
    out.push(c);
  }
  for (const d of findBirthDates(text)) out.push({ match: plain('date_of_birth', d.start, d.end), precedence: 5 });
  for (const c of findCardSecurityCodes(text)) out.push({ match: plain('card_security_code', c.start, c.end), precedence: 6 });
  for (const n of findMaidenNames(text)) out.push({ match: plain('mothers_maiden_name', n.start, n.end), precedence: 7 });
  return out;
}

const overlaps = (a: SensitiveMatch, b: SensitiveMatch) => a.start < b.end && b.start < a.end;

/** Every sensitive value in the text, in order and non-overlapping. */
export function findSensitive(text: string): SensitiveMatch[] {
  const accepted: Candidate[] = [];
  const byPrecedence = candidates(text).sort((a, b) => a.precedence - b.precedence || a.match.start - b.match.start);
  for (const c of byPrecedence) {
    if (!accepted.some((a) => overlaps(a.match, c.match))) accepted.push(c);
  }
  accepted.sort((a, b) => a.match.start - b.match.start);
  return joinBankDetails(text, accepted);
}

/** "routing 021000021, account 12345678" becomes one bank-account span when only words lie between the two numbers. */
function joinBankDetails(text: string, accepted: Candidate[]): SensitiveMatch[] {
  const out: SensitiveMatch[] = [];
  let previous: Candidate | undefined;
  for (const c of accepted) {
    const last = out[out.length - 1];
    const joins =
      last !== undefined &&
      c.bankPair !== undefined &&
      previous?.bankPair === c.bankPair &&
      !/\d/.test(text.slice(last.end, c.match.start));
    if (joins) out[out.length - 1] = { ...last, end: c.match.end };
    else out.push(c.match);
    previous = c;
  }
  return out;
}

const zeroCounts = (): Record<SensitiveKind, number> =>
  Object.fromEntries(SENSITIVE_KINDS.map((k) => [k, 0])) as Record<SensitiveKind, number>;

/** The text with each sensitive value replaced by its labelled token, and how many of each kind were replaced. */
export function redactSensitive(text: string): RedactionResult {
  const counts = zeroCounts();
  let out = '';
  let at = 0;
  for (const m of findSensitive(text)) {
    out += text.slice(at, m.start) + redactionToken(m);
    at = m.end;
    counts[m.kind]++;
  }
  return { text: out + text.slice(at), counts };
}

/** The text safe to write to a log. */
export function redactForLog(text: string): string {
  return redactSensitive(text).text;
}

/**
 * What a search box or filter value is. A whole card number or SSN is returned as digits for a
 * keyed-hash lookup, with the only form that may be logged (card: first 6 and last 4 at most,
 * PCI DSS 3.4.1; SSN: last 4). Nine bare digits that the SSA could have issued count as an SSN
 * here, where there are no words around them: logging one in the clear is the worse mistake.
 * Anything else comes back with embedded sensitive values redacted.
 */
export function classifySearch(input: string): SearchInput {
  const card = wholeCardNumber(input);
  if (card)
    return {
      kind: 'card_number',
      digits: card.digits,
      mask: maskPan(card.digits.slice(0, 6), card.digits.slice(-4)),
      last4: card.digits.slice(-4),
    };
  const ssn = wholeSsn(input);
  if (ssn) return { kind: 'ssn', digits: ssn, mask: maskSsn(ssn) };
  const { text, counts } = redactSensitive(input);
  return { kind: 'text', text, redacted: Object.values(counts).some((n) => n > 0) };
}
