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
/** The lead-in, up to where the name starts: "maiden name", an optional link ("is", "was", ":", "-") and an opening quote. */
const LEAD_IN = new RegExp(
  `(?:${MOTHER})?maiden\\s+name(?![\\p{L}])(?:\\s+(?:is|was)(?![\\p{L}])|\\s*[:=\u2013\u2014-])?(\\s*:)?\\s*["'\u201c\u2018]?`,
  'giu',
);
/** "Smith is my mother's maiden name", "Smith was her maiden name"; group 1 is the name. */
const NAME_BEFORE = new RegExp(
  `(?<![\\p{L}'\u2019-])(\\p{L}[\\p{L}'\u2019-]*)\\s+(?:is|was)\\s+(?:${MOTHER}|(?:my|her|his|their)\\s+)maiden\\s+name`,
  'giu',
);

/** One word of a surname: letters, apostrophes and hyphens (`O'Brien-Jones`). */
const WORD = /\p{L}[\p{L}'\u2019-]*/uy;
/** Lower-case particles inside a surname (`de la Cruz`, `van der Berg`). */
const PARTICLES = new Set('de da di du del della der den la le van von st st. mac'.split(' '));
/** Words that follow "maiden name" without being one. */
const NOT_A_NAME = new Set(
  (
    'is was not none unknown the a an same private confidential something what required needed for of and or to as on in at ' +
    'please question field again i you she he they we it her his my your their if that this but so because too also correct ' +
    'wrong incorrect n na unavailable blank empty here there with from by thanks thank ok okay'
  ).split(' '),
);

const isCapitalised = (w: string) => /^\p{Lu}/u.test(w);
const notAName = (w: string) => NOT_A_NAME.has(w.toLowerCase().replace(/['\u2019]s$/, ''));

function wordAt(text: string, at: number): string | null {
  WORD.lastIndex = at;
  const m = WORD.exec(text);
  return m ? m[0].replace(/['\u2019-]+$/, '') : null;
}

/**
 * The end of the name that starts at `start`: its first word, then further capitalised words,
 * each possibly led by particles (`Garcia Lopez`, `de la Cruz`), up to four words in all.
 */
function nameEnd(text: string, start: number, capitalisedOnly: boolean): number | null {
  const first = wordAt(text, start);
  if (!first || notAName(first) || (capitalisedOnly && !isCapitalised(first))) return null;
  let end = start + first.length;
  let at = end;
  for (let words = 1; words < 4 && text[at] === ' ';) {
    const next = wordAt(text, at + 1);
    if (!next) break;
    at += 1 + next.length;
    words++;
    if (PARTICLES.has(next.toLowerCase()) && !isCapitalised(next)) continue;
    if (!isCapitalised(next) || notAName(next)) break;
    end = at;
  }
  // A particle as the first word counts only with a surname after it ("de la Cruz", not "de").
  if (PARTICLES.has(first.toLowerCase()) && end === start + first.length) return null;
  return end;
}

export function findMaidenNames(text: string): NameSpan[] {
  const found: NameSpan[] = [];
  for (const m of allMatches(LEAD_IN, text)) {
    const start = m.index + m[0].length;
    // Without "is", "was" or a colon, only a capitalised word is taken as the name ("maiden name Smith").
    const linked = /[a-z:=\u2013\u2014-]/i.test(m[0].slice(m[0].toLowerCase().lastIndexOf('name') + 4));
    const end = nameEnd(text, start, !linked);
    if (end !== null) found.push({ start, end });
  }
  for (const m of allMatches(NAME_BEFORE, text)) {
    const name = m[1] ?? '';
    if (isCapitalised(name) && !notAName(name)) found.push({ start: m.index, end: m.index + name.length });
  }
  return found.sort((a, b) => a.start - b.start);
}
