/**
 * What records intake removed from the free text citizens wrote, by month and where they wrote it:
 * "citizens pasting card numbers into Live Help" is a training topic for the privacy office. Each
 * record counts in the month of its own date (the Live Help session, the letter's arrival), from
 * the counts by kind it keeps (the originals were never stored).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { IntakeRedactionMonth } from '../../contract/dashboard.js';
import { SENSITIVE_KINDS, type SensitiveKind } from '../../contract/sensitiveKinds.js';

type Counts = Partial<Record<SensitiveKind, number>>;

function addCounts(into: Counts, json: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (!parsed || typeof parsed !== 'object') return;
  for (const kind of SENSITIVE_KINDS) {
    const n = (parsed as Record<string, unknown>)[kind];
    if (typeof n === 'number' && n > 0) into[kind] = (into[kind] ?? 0) + n;
  }
}

const listOf = (counts: Counts) => SENSITIVE_KINDS.filter((k) => counts[k]).map((kind) => ({ kind, count: counts[kind]! }));

/** The twelve months ending with `now`'s (UTC), oldest first, each with what was removed from Live Help and from correspondence. */
export async function intakeRedactionTrend(db: Kysely<Database>, now: Date): Promise<IntakeRedactionMonth[]> {
  const months: string[] = [];
  for (let back = 11; back >= 0; back--)
    months.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
  const from = `${months[0]}-01`;
  const [transcripts, letters] = await Promise.all([
    db
      .selectFrom('live_help_transcripts')
      .select(['started_at as at', 'redaction_counts'])
      .where('started_at', '>=', from)
      .where('redaction_counts', '<>', '{}')
      .execute(),
    db
      .selectFrom('personal_records')
      .select(['received_at as at', 'redaction_counts'])
      .where('received_at', '>=', from)
      .where('redaction_counts', '<>', '{}')
      .execute(),
  ]);
  const liveHelp = new Map<string, Counts>(months.map((m) => [m, {}]));
  const correspondence = new Map<string, Counts>(months.map((m) => [m, {}]));
  for (const r of transcripts) {
    const bucket = liveHelp.get(new Date(r.at).toISOString().slice(0, 7));
    if (bucket) addCounts(bucket, r.redaction_counts);
  }
  for (const r of letters) {
    const bucket = correspondence.get(new Date(r.at).toISOString().slice(0, 7));
    if (bucket) addCounts(bucket, r.redaction_counts);
  }
  return months.map((month) => ({ month, liveHelp: listOf(liveHelp.get(month)!), correspondence: listOf(correspondence.get(month)!) }));
}
