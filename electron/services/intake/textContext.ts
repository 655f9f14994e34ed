/**
 * Small helpers shared by the detectors: which characters join digit groups, whether a number
 * stands on its own (not part of an identifier, a decimal or a longer number), and whether
 * keywords occur near a span.
 */

/** Space-like characters a pasted number may be grouped with (plain, no-break, figure and narrow no-break space). */
export const SPACE_CHARS = ' \u00a0\u2007\u202f';
/** Dash-like characters a pasted number may be grouped with (hyphen-minus, Unicode hyphens, figure and en dash, minus). */
export const DASH_CHARS = '-\u2010\u2011\u2012\u2013\u2212';
/** One grouping separator, as a regex character class body. */
export const SEPARATOR_CLASS = `[${[...SPACE_CHARS, ...DASH_CHARS].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`;

const DASHES = new Set(DASH_CHARS);
/** Characters that glue a number to a neighbouring word or number: `ORD-123`, `3.14`, `10/12`, `ab_12`. */
const JOINERS = new Set([...DASH_CHARS, '.', '/', '_', '\u2014']);

export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
export const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isLetter(c);

/**
 * True when text[start, end) is not glued to its neighbours: no letter or digit directly beside it,
 * no joiner leading to a digit (a decimal, a date, an IP address, a longer number), and no dash or
 * underscore leading to a letter (an identifier such as `ORD-2026-000123`). A `+` right before it
 * marks an international phone number. Sentence punctuation (`card 4111…1111.`) is fine.
 */
export function standsAlone(text: string, start: number, end: number): boolean {
  return !gluedBefore(text, start) && !gluedAfter(text, end);
}

export function gluedBefore(text: string, start: number): boolean {
  const before = text[start - 1];
  if (isAlnum(before) || before === '+') return true;
  return gluedThrough(before, text[start - 2]);
}

export function gluedAfter(text: string, end: number): boolean {
  const after = text[end];
  if (isAlnum(after)) return true;
  return gluedThrough(after, text[end + 1]);
}

function gluedThrough(joiner: string | undefined, beyond: string | undefined): boolean {
  if (joiner === undefined || !JOINERS.has(joiner)) return false;
  if (isDigit(beyond)) return true;
  return (DASHES.has(joiner) || joiner === '_') && isLetter(beyond);
}

export const digitsOf = (s: string): string => s.replace(/\D/g, '');

/**
 * True when `keywords` matches within the `before` characters preceding start or the `after`
 * characters following end, with no other digit in between: in "SSN 219-09-9999, order 123456789"
 * the SSN word belongs to the first number, not the second.
 */
export function keywordNear(text: string, start: number, end: number, keywords: RegExp, before: number, after: number): boolean {
  const lead = text.slice(Math.max(0, start - before), start).replace(/^.*\d/s, '');
  const trail = text.slice(end, end + after).replace(/\d.*$/s, '');
  return testFresh(keywords, lead) || testFresh(keywords, trail);
}

/** RegExp.test without the lastIndex surprises of global or sticky patterns. */
export function testFresh(pattern: RegExp, s: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(s);
  pattern.lastIndex = 0;
  return found;
}

/** All matches of a pattern (which must be global) as [index, match] pairs. */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new Error('allMatches needs a global pattern');
  pattern.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}
