/**
 * A mother's maiden name when it is stated: "my mother's maiden name is Smith", "maiden name:
 * Smith", "mom's maiden name was O'Brien", "Smith is my mother's maiden name". Only the name is
 * found, so the sentence still reads. A question ("what is your mother's maiden name?") has no
 * name after it and finds nothing.
 */
import { allMatches } from './textContext.js';

export interface NameSpan {
  start: number;
  end: number;
}

const MOTHER = "(?:(?:my|her|his|their|your|the)\\s+)?(?:mother|mom|mum|mommy|ma)(?:['\u2019]?s)?\\s+";
/** The lead-in, up to where the name starts; group 1 is the link word or punctuation, if any. */
const LEAD_IN = new RegExp(`(?:${MOTHER})?maiden\\s+name(?![\\p{L}])(?:\\s+(?:is|was)(?![\\p{L}])|\\s*[:=\u2013\u2014-])?(\\s*:)?\\s*["'\u201c\u2018]?`, 'giu');
/** A surname: a word of letters, apostrophes and hyphens, optionally a second capitalised word (`Van Buren`, `de la Cruz` is cut at `de`). */
const NAME_AT = /^(\p{L}[\p{L}'\u2019-]*)(?:[ ](\p{Lu}[\p{L}'\u2019-]*))?/u;
/** "Smith is my mother's maiden name", "Smith was her maiden name"; group 1 is the name. */
const NAME_BEFORE = new RegExp(`(?<![\\p{L}'\u2019-])(\\p{L}[\\p{L}'\u2019-]*)\\s+(?:is|was)\\s+(?:${MOTHER}|(?:my|her|his|their)\\s+)maiden\\s+name`, 'giu');

/** Words that follow "maiden name" without being one. */
const NOT_A_NAME = new Set([
  'is', 'was', 'not', 'none', 'unknown', 'the', 'a', 'an', 'same', 'private', 'confidential', 'something', 'what', 'required',
  'needed', 'for', 'of', 'and', 'or', 'to', 'as', 'on', 'in', 'at', 'please', 'question', 'field', 'again', 'i', 'you', 'she',
  'he', 'they', 'we', 'it', 'her', 'his', 'my', 'your', 'their', 'if', 'that', 'this', 'but', 'so', 'because', 'too', 'also',
  'correct', 'wrong', 'incorrect', 'n', 'na', 'unavailable', 'blank', 'empty', 'here', 'there', 'with', 'from', 'by',
]);

export function findMaidenNames(text: string): NameSpan[] {
  const found: NameSpan[] = [];
  for (const m of allMatches(LEAD_IN, text)) {
    const nameStart = m.index + m[0].length;
    const name = NAME_AT.exec(text.slice(nameStart, nameStart + 80));
    if (!name) continue;
    const first = name[1] ?? '';
    if (NOT_A_NAME.has(first.toLowerCase().replace(/['\u2019]s$/, ''))) continue;
    // Without "is", "was" or a colon, only a capitalised word is taken as the name ("maiden name Smith").
    const linked = /[a-z:=\u2013\u2014-]/i.test(m[0].slice(m[0].toLowerCase().lastIndexOf('name') + 4));
    if (!linked && !/^\p{Lu}/u.test(first)) continue;
    const second = name[2];
    const length = second && !NOT_A_NAME.has(second.toLowerCase()) ? name[0].length : first.length;
    found.push({ start: nameStart, end: nameStart + trimTrailingPunctuation(text.slice(nameStart, nameStart + length)) });
  }
  for (const m of allMatches(NAME_BEFORE, text)) {
    const name = m[1] ?? '';
    if (/^\p{Lu}/u.test(name) && !NOT_A_NAME.has(name.toLowerCase())) found.push({ start: m.index, end: m.index + name.length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `O'Brien-` or `Smith'` at a sentence edge: keep the punctuation out of the name. */
function trimTrailingPunctuation(s: string): number {
  return s.replace(/['\u2019-]+$/, '').length;
}
