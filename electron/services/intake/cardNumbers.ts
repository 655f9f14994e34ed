/**
 * Payment card numbers (PANs) in free text: 13 to 19 digits, contiguous or grouped with single
 * spaces or dashes, Luhn-valid, with an issuer prefix and a length valid for that brand. The brand
 * table is Braintree's credit-card-type (kept current with new BIN ranges); Luhn is ours.
 */
import creditCardType from 'credit-card-type';
import { SEPARATOR_CLASS, SPACE_CHARS, allMatches, gluedAfter, gluedBefore } from './textContext.js';

export interface CardCandidate {
  start: number;
  end: number;
  digits: string;
  /** credit-card-type's id, e.g. `visa`, `mastercard`, `american-express`. */
  brand: string;
}

export const CARD_MIN_DIGITS = 13;
export const CARD_MAX_DIGITS = 19;

/** The Luhn (mod 10) check every payment card number carries in its last digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The brand whose prefix and length both fit, or null when the digits are not a plausible card number. */
export function cardBrand(digits: string): string | null {
  if (!/^\d+$/.test(digits) || digits.length < CARD_MIN_DIGITS || digits.length > CARD_MAX_DIGITS) return null;
  if (!luhnValid(digits)) return null;
  const brand = creditCardType(digits).find((t) => t.lengths.includes(digits.length));
  return brand ? brand.type : null;
}

/** Digit groups joined by one separator each: the widest span a grouped card number could be part of. */
const DIGIT_RUN = new RegExp(`\\d+(?:${SEPARATOR_CLASS}\\d+)*`, 'g');

interface Group {
  start: number;
  end: number;
  /** The separator that follows this group inside the run, or '' for the last group. */
  next: string;
}

function groupsOf(text: string, runStart: number, runEnd: number): Group[] {
  const groups: Group[] = [];
  let i = runStart;
  while (i < runEnd) {
    let j = i;
    while (j < runEnd && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    groups.push({ start: i, end: j, next: j < runEnd ? (text[j] ?? '') : '' });
    i = j + 1;
  }
  return groups;
}

const spacedFromNext = (g: Group | undefined): boolean => g !== undefined && g.next !== '' && SPACE_CHARS.includes(g.next);

/**
 * Groups chained by dashes to a glued neighbour belong to that identifier (`ORD-2026-000123`,
 * `2026-01-15T10:30`), up to the first space; the groups after that space still count.
 */
function trimGluedChains(text: string, groups: Group[]): Group[] {
  let from = 0;
  let to = groups.length;
  const first = groups[0];
  const last = groups[groups.length - 1];
  if (first && gluedBefore(text, first.start)) {
    while (from < to && !spacedFromNext(groups[from])) from++;
    from++;
  }
  if (last && gluedAfter(text, last.end)) {
    to--;
    while (to > from && !spacedFromNext(groups[to - 1])) to--;
  }
  return from < to ? groups.slice(from, to) : [];
}

/**
 * A written card number is one group (`4111111111111111`) or groups of four or more digits with a
 * shorter tail (`4111 1111 1111 1111`, `3782 822463 10005`, `6200 0000 0000 0000 005`). Phone-like
 * groups of two or three digits in the middle are not a card number however the digits add up.
 */
function groupShapeFits(groups: Group[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const g = groups[k];
    if (!g) return false;
    const len = g.end - g.start;
    if (k < to && len < 4) return false;
    if (k === to && from !== to && len < 3) return false;
  }
  return true;
}

/** Every card number in the text, in order, none overlapping. */
export function findCardNumbers(text: string): CardCandidate[] {
  const found: CardCandidate[] = [];
  for (const run of allMatches(DIGIT_RUN, text)) {
    const groups = trimGluedChains(text, groupsOf(text, run.index, run.index + run[0].length));
    let i = 0;
    while (i < groups.length) {
      const hit = longestCardFrom(text, groups, i);
      if (hit) {
        found.push(hit.card);
        i = hit.lastGroup + 1;
      } else {
        i++;
      }
    }
  }
  return found;
}

function longestCardFrom(text: string, groups: Group[], from: number): { card: CardCandidate; lastGroup: number } | null {
  let best: { card: CardCandidate; lastGroup: number } | null = null;
  let digits = '';
  for (let to = from; to < groups.length; to++) {
    const g = groups[to];
    if (!g) break;
    digits += text.slice(g.start, g.end);
    if (digits.length > CARD_MAX_DIGITS) break;
    if (digits.length < CARD_MIN_DIGITS || !groupShapeFits(groups, from, to)) continue;
    const brand = cardBrand(digits);
    const first = groups[from];
    if (brand && first) best = { card: { start: first.start, end: g.end, digits, brand }, lastGroup: to };
  }
  return best;
}

/** The whole input is one card number (a search box value); returns its digits and brand. */
export function wholeCardNumber(input: string): { digits: string; brand: string } | null {
  const trimmed = input.trim();
  if (!new RegExp(`^\\d+(?:${SEPARATOR_CLASS}\\d+)*$`).test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const brand = cardBrand(digits);
  return brand ? { digits, brand } : null;
}
