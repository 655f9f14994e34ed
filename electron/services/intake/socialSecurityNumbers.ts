/**
 * US Social Security numbers. `123-45-6789` and `123 45 6789` count on their own; nine contiguous
 * digits only near words that name an SSN, since order numbers, zip+4 codes and routing numbers
 * look the same. Numbers the SSA never issues are skipped (its structural rules).
 */
import { SEPARATOR_CLASS, allMatches, keywordNear, standsAlone } from './textContext.js';

export interface SsnCandidate {
  start: number;
  end: number;
  digits: string;
  /** Written as ddd-dd-dddd (or with spaces) rather than nine contiguous digits. */
  formatted: boolean;
}

/** Area not 000, 666 or 900–999; group not 00; serial not 0000 (SSA). */
export function ssnStructureValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  return area !== 0 && area !== 666 && area < 900 && group !== '00' && serial !== '0000';
}

/** "SSN", "S.S.N.", "social security", "my social", "soc sec", "SS#", "SS no". */
export const SSN_WORDS =
  /\b(?:s\.?s\.?n(?![a-z])|social(?!\s+(?:media|worker|services?|network)\b)|soc\.?\s*sec\b|ss\s*(?:#|no\b|num\b|number\b))/i;

const FORMATTED = new RegExp(`(?<!\\d)(\\d{3})(${SEPARATOR_CLASS})(\\d{2})\\2(\\d{4})(?!\\d)`, 'g');
const CONTIGUOUS = /(?<!\d)\d{9}(?!\d)/g;

/** How far (characters) an SSN word may stand before or after nine contiguous digits. */
const WORDS_BEFORE = 40;
const WORDS_AFTER = 25;

export function findSsns(text: string): SsnCandidate[] {
  const found: SsnCandidate[] = [];
  for (const m of allMatches(FORMATTED, text)) {
    const digits = `${m[1]}${m[3]}${m[4]}`;
    const end = m.index + m[0].length;
    if (ssnStructureValid(digits) && standsAlone(text, m.index, end)) found.push({ start: m.index, end, digits, formatted: true });
  }
  for (const m of allMatches(CONTIGUOUS, text)) {
    const end = m.index + m[0].length;
    if (!ssnStructureValid(m[0]) || !standsAlone(text, m.index, end)) continue;
    if (keywordNear(text, m.index, end, SSN_WORDS, WORDS_BEFORE, WORDS_AFTER))
      found.push({ start: m.index, end, digits: m[0], formatted: false });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The whole input is an SSN (a search box value): formatted, or nine digits that the SSA could have issued. */
export function wholeSsn(input: string): string | null {
  const trimmed = input.trim();
  const m = new RegExp(`^(\\d{3})(${SEPARATOR_CLASS})(\\d{2})\\2(\\d{4})$|^(\\d{9})$`).exec(trimmed);
  if (!m) return null;
  const digits = m[5] ?? `${m[1]}${m[3]}${m[4]}`;
  return ssnStructureValid(digits) ? digits : null;
}
