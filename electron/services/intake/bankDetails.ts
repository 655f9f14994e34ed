/**
 * US bank details: a nine-digit ABA routing number that passes the ABA checksum, found only next
 * to bank words or an account number (a random nine digits passes the checksum one time in ten),
 * and the account number given with it (4–17 digits). An account number labelled as a bank,
 * checking or savings account counts on its own.
 */
import { allMatches, keywordNear, standsAlone } from './textContext.js';

export interface BankCandidate {
  start: number;
  end: number;
  part: 'routing' | 'account';
  /** A routing number and the account number given with it share this (the routing number's start), so the two can read as one. */
  pair?: number;
}

/** Federal Reserve routing symbols: 00–12 (banks), 21–32 (thrifts), 61–72 (electronic), 80 (traveller's cheques). */
function routingPrefixValid(digits: string): boolean {
  const p = Number(digits.slice(0, 2));
  return p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
}

/** ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10), with a valid routing symbol. */
export function abaRoutingValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || !routingPrefixValid(digits) || /^0+$/.test(digits)) return false;
  const d = [...digits].map(Number) as [number, number, number, number, number, number, number, number, number];
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
  return sum % 10 === 0;
}

const BANK_WORDS = /\b(?:routing|aba|rtn|account|acct|a\/c|bank(?:ing)?|checking|chequing|savings|direct\s+deposit|wire|transit)\b/i;
const ROUTING = /(?<!\d)\d{9}(?!\d)/g;
const NUMBER = /(?<!\d)\d{4,17}(?!\d)/g;

/** "account number is", "acct #", "a/c no.:" … directly before an account number. */
const ACCOUNT_LABEL = /(?:account|acct|a\/c)\.?(?:\s*(?:number|num|no\.?|#))?(?:\s+(?:is|was))?[\s:#=-]*$/i;
/** The same, qualified as a bank account, so it counts even without a routing number. */
const BANK_ACCOUNT_LABEL =
  /(?:bank|checking|chequing|savings)\s+(?:account|acct|a\/c)\.?(?:\s*(?:number|num|no\.?|#))?(?:\s+(?:is|was))?[\s:#=-]*$/i;
/** Only punctuation between a routing and an account number: `021000021 / 12345678`, `021000021, 12345678`. */
const ADJACENT = /^[\s,;:/|-]{1,4}$/;

/** How far (characters) bank words, or an account number, may stand from a routing number. */
const NEAR = 40;

interface NumberSpan {
  start: number;
  end: number;
  digits: string;
}

export function findBankDetails(text: string): BankCandidate[] {
  const numbers: NumberSpan[] = allMatches(NUMBER, text)
    .map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }))
    .filter((n) => standsAlone(text, n.start, n.end));
  const labelled = (n: NumberSpan, label: RegExp) => label.test(text.slice(Math.max(0, n.start - 40), n.start));

  const found: BankCandidate[] = [];
  const taken = new Set<number>();
  for (const m of allMatches(ROUTING, text)) {
    const start = m.index;
    const end = start + 9;
    if (taken.has(start) || !abaRoutingValid(m[0]) || !standsAlone(text, start, end)) continue;
    const account = accountFor(text, numbers, start, end, labelled);
    if (!account && !keywordNear(text, start, end, BANK_WORDS, NEAR, NEAR)) continue;
    taken.add(start);
    if (account && !taken.has(account.start)) {
      found.push({ start, end, part: 'routing', pair: start }, { start: account.start, end: account.end, part: 'account', pair: start });
      taken.add(account.start);
    } else {
      found.push({ start, end, part: 'routing' });
    }
  }
  for (const n of numbers) {
    if (!taken.has(n.start) && labelled(n, BANK_ACCOUNT_LABEL)) found.push({ start: n.start, end: n.end, part: 'account' });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The account number given with a routing number: labelled as an account within reach, or right beside it. */
function accountFor(
  text: string,
  numbers: NumberSpan[],
  start: number,
  end: number,
  labelled: (n: NumberSpan, label: RegExp) => boolean,
): NumberSpan | null {
  const others = numbers.filter((n) => n.start !== start);
  const after = others.find(
    (n) => n.start >= end && n.start - end <= NEAR && (labelled(n, ACCOUNT_LABEL) || ADJACENT.test(text.slice(end, n.start))),
  );
  if (after) return after;
  const before = others.filter(
    (n) => n.end <= start && start - n.end <= NEAR && (labelled(n, ACCOUNT_LABEL) || ADJACENT.test(text.slice(n.end, start))),
  );
  return before[before.length - 1] ?? null;
}
