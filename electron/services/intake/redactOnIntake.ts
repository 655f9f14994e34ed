/**
 * Redaction on the way in: every free-text field of an incoming record is scanned before
 * anything is stored, and each match is replaced by its labelled token. A transcript's messages
 * are scanned together, so context crosses messages: "my SSN is" in one message and the number in
 * the next, a card number pasted in two parts, or a date given in reply to "your date of birth?".
 */
import { findDates, mentionsBirthDate } from './birthDates.js';
import { findSensitive, redactionToken, SENSITIVE_KINDS, type SensitiveKind, type SensitiveMatch } from './sensitiveData.js';

/** What was redacted, by kind; kinds with none are left out. */
export type RedactionCounts = Partial<Record<SensitiveKind, number>>;

/** A short piece of redacted text around one token, so a person can see what was caught and where. */
export interface RedactionExcerpt {
  /** The field or message it was in, in words: "message 3 (visitor)", "subject". */
  where: string;
  kind: SensitiveKind;
  text: string;
}

export interface Segment {
  /** Where the text sits, in words, for excerpts. */
  where: string;
  text: string;
  /** Messages by the same sender run on (joined by a space); anything else is a new line. */
  speaker?: string | undefined;
}

export interface RedactedSegments {
  texts: string[];
  counts: RedactionCounts;
  excerpts: RedactionExcerpt[];
}

const EXCERPT_CONTEXT = 40;

export function addCounts(into: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const kind of SENSITIVE_KINDS) {
    const n = more[kind];
    if (n) into[kind] = (into[kind] ?? 0) + n;
  }
  return into;
}

export const totalRedactions = (counts: RedactionCounts): number => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** Counts in a fixed order for storage and audit: only the kinds found. */
export function countsJson(counts: RedactionCounts): string {
  const ordered: RedactionCounts = {};
  for (const kind of SENSITIVE_KINDS) if (counts[kind]) ordered[kind] = counts[kind];
  return JSON.stringify(ordered);
}

/**
 * Scans the segments as one text and redacts each. A match that spans two segments (a number
 * pasted in two messages) is replaced in each, and counted once.
 */
export function redactSegments(segments: readonly Segment[]): RedactedSegments {
  const starts: number[] = [];
  let joined = '';
  segments.forEach((s, i) => {
    if (i > 0) joined += s.speaker !== undefined && s.speaker === segments[i - 1]!.speaker ? ' ' : '\n';
    starts.push(joined.length);
    joined += s.text;
  });
  const matches = mergeMatches(findSensitive(joined), birthDatesInReplies(segments, starts));
  const counts: RedactionCounts = {};
  const pieces: { at: number; end: number; token: string; kind: SensitiveKind }[][] = segments.map(() => []);
  for (const m of matches) {
    counts[m.kind] = (counts[m.kind] ?? 0) + 1;
    segments.forEach((s, i) => {
      const from = Math.max(m.start, starts[i]!);
      const to = Math.min(m.end, starts[i]! + s.text.length);
      if (from < to && s.text.slice(from - starts[i]!, to - starts[i]!).trim())
        pieces[i]!.push({ at: from - starts[i]!, end: to - starts[i]!, token: redactionToken(m), kind: m.kind });
    });
  }
  const excerpts: RedactionExcerpt[] = [];
  const texts = segments.map((s, i) => {
    let out = '';
    let at = 0;
    const tokens: { start: number; end: number; kind: SensitiveKind }[] = [];
    for (const p of pieces[i]!) {
      out += s.text.slice(at, p.at);
      tokens.push({ start: out.length, end: out.length + p.token.length, kind: p.kind });
      out += p.token;
      at = p.end;
    }
    out += s.text.slice(at);
    for (const t of tokens) excerpts.push({ where: s.where, kind: t.kind, text: excerptAround(out, t.start, t.end) });
    return out;
  });
  return { texts, counts, excerpts };
}

/** One free-text field on its own. */
export function redactField(where: string, text: string): RedactedSegments & { text: string } {
  const r = redactSegments([{ where, text }]);
  return { ...r, text: r.texts[0]! };
}

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - EXCERPT_CONTEXT);
  const to = Math.min(text.length, end + EXCERPT_CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ')}${to < text.length ? '…' : ''}`;
}

/**
 * A reply, by someone else, to a message that speaks of a date of birth, that is little more than
 * a date ("03/14/1985", "it's March 14, 1985 thanks"): that date is the date of birth.
 */
const FEW_WORDS = 3;

function birthDatesInReplies(segments: readonly Segment[], starts: readonly number[]): SensitiveMatch[] {
  const out: SensitiveMatch[] = [];
  for (let i = 1; i < segments.length; i++) {
    const asked = segments[i - 1]!;
    const reply = segments[i]!;
    if (asked.speaker === undefined || asked.speaker === reply.speaker || !mentionsBirthDate(asked.text)) continue;
    const dates = findDates(reply.text);
    if (dates.length !== 1) continue;
    const [d] = dates as [(typeof dates)[number]];
    const rest = reply.text.slice(0, d.start) + reply.text.slice(d.end);
    if ((rest.match(/\p{L}+/gu) ?? []).length > FEW_WORDS) continue;
    out.push({ kind: 'date_of_birth', start: starts[i]! + d.start, end: starts[i]! + d.end });
  }
  return out;
}

/** The detectors' matches win; an extra match is added only where it overlaps none of them. */
function mergeMatches(found: SensitiveMatch[], extra: SensitiveMatch[]): SensitiveMatch[] {
  const all = [...found];
  for (const e of extra) if (!all.some((m) => m.start < e.end && e.start < m.end)) all.push(e);
  return all.sort((a, b) => a.start - b.start);
}
