/**
 * The audit chain a page at a time, as the verifiers walk it: each entry's number, stored bytes,
 * hash, previous hash and workstation, and whether its fields are exactly what its bytes say. The
 * same reading on both dialects; on a SQLite file, worker threads check ranges first (db/auditChainReader.ts).
 */
import type { Kysely } from 'kysely';
import type { ChainPageReader, ChainRow } from '../../../db/auditChainReader.js';
import type { AuditEntry, Database } from '../../../db/schema.js';
import { canonicalEntry, type HashableEntry } from './canonical.js';

export type { ChainPageReader, ChainRow, ParallelOptions, RangeAnswer, RangeChecks, RangePlan } from '../../../db/auditChainReader.js';
/**
 * The chain [1, head] checked a range at a time in worker threads (SQLite files only; null when not
 * so checked: the caller walks the chain itself). A range answered clean needs no more reading; one
 * answered not clean is for the caller to walk entry by entry, which names what is wrong.
 */
export { sqliteRangeChecks as chainRangeChecks } from '../../../db/auditChainReader.js';

/**
 * Pages of the chain in ChainRow form. An entry whose bytes are not valid JSON cannot have its
 * fields read on SQLite (they are computed from the bytes): that page is read again an entry at a
 * time, and such an entry is given as not consistent, linked to what its bytes end with.
 */
export function chainPageReader(db: Kysely<Database>): ChainPageReader {
  const page = (fromSeq: number, limit: number) =>
    db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
  return async (fromSeq, limit) => {
    try {
      return (await page(fromSeq, limit)).map(chainRow);
    } catch (error) {
      if (!(error instanceof Error && /json/i.test(error.message))) throw error;
      const stored = await db
        .selectFrom('audit_log')
        .select(['seq', 'entry', 'hash'])
        .where('seq', '>=', fromSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      const rows: ChainRow[] = [];
      for (const s of stored) {
        const whole = await page(Number(s.seq), 1).catch(() => null);
        rows.push(whole?.[0] ? chainRow(whole[0]) : [Number(s.seq), s.entry, s.hash, linkedHashOf(s.entry), null, false]);
      }
      return rows;
    }
  };
}

function chainRow(row: AuditEntry): ChainRow {
  return [Number(row.seq), row.entry, row.hash, row.prev_hash, row.workstation, canonicalEntry(hashable(row)) === row.entry];
}

/** The previous hash an entry's bytes end with, or '' when they do not end with one. */
function linkedHashOf(bytes: string): string {
  return /,"([0-9a-f]{64})"\]$/.exec(bytes)?.[1] ?? '';
}

/** The entry's fields as they hash: numbers as numbers (PostgreSQL may return integers as text). */
function hashable(row: AuditEntry): HashableEntry {
  return { ...row, seq: Number(row.seq), actor_id: row.actor_id === null ? null : Number(row.actor_id) };
}
