/**
 * The audit chain a page at a time, as the verifiers walk it: each entry's number, canonical bytes,
 * hash, previous hash and workstation. On SQLite the bytes come from SQLite (db/auditChainReader.ts);
 * on PostgreSQL they are built here from the row. Either way an entry whose bytes do not give its
 * stored hash is judged by entryHashOf, the JavaScript serialization of its own fields.
 */
import type { Kysely } from 'kysely';
import {
  sqliteChainReader,
  sqliteRangeChecks,
  type ChainPageReader,
  type ParallelOptions,
  type RangeChecks,
  type RangePlan,
} from '../../../db/auditChainReader.js';
import type { AuditLogTable, Database } from '../../../db/schema.js';
import { CANONICAL_FIELDS, CANONICAL_INTEGERS, canonicalEntry, entryHash, type HashableEntry } from './canonical.js';

export type { ChainPageReader, ChainRow, ParallelOptions, RangeAnswer, RangeChecks, RangePlan } from '../../../db/auditChainReader.js';

/**
 * Pages of the chain in ChainRow form: from SQLite directly (canonical bytes built by SQLite), or
 * through Kysely (PostgreSQL; canonical bytes built here), so both dialects walk the same rows.
 */
export function chainPageReader(db: Kysely<Database>): ChainPageReader {
  const direct = sqliteChainReader(db, CANONICAL_FIELDS, CANONICAL_INTEGERS);
  if (direct) return direct;
  return async (fromSeq, limit) => {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
    return page.map((row) => [Number(row.seq), canonicalEntry(hashable(row)), row.hash, row.prev_hash, row.workstation]);
  };
}

/**
 * The chain [1, head] checked a range at a time in worker threads (SQLite files only; null when not
 * so checked: the caller walks the chain itself). A range answered clean needs no more reading; one
 * answered not clean is for the caller to walk entry by entry, which names what is wrong.
 */
export function chainRangeChecks(db: Kysely<Database>, plan: RangePlan, options?: ParallelOptions): Promise<RangeChecks | null> {
  return sqliteRangeChecks(db, CANONICAL_FIELDS, CANONICAL_INTEGERS, plan, options);
}

/** The entry's fields as they hash: numbers as numbers (PostgreSQL returns bigints as text). */
function hashable(row: AuditLogTable): HashableEntry {
  return { ...row, seq: Number(row.seq), actor_id: row.actor_id === null ? null : Number(row.actor_id) };
}

/** The hash of one entry's fields serialized in JavaScript: the verdict when the fast path's bytes do not match. */
export async function entryHashOf(db: Kysely<Database>, seq: number): Promise<string | null> {
  const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? entryHash(hashable(row)) : null;
}
