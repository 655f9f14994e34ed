/**
 * The tamper-evident audit trail: append-only (the database rejects UPDATE and DELETE) and
 * hash-chained (each entry's hash covers the previous hash), so any edit shows on verify().
 * Every service writes through `append`, inside the transaction of the change it records.
 */
import { sql, type Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { DialectName } from '../../../db/connection.js';
import type { AuditEntry, AuditOutcome, Database } from '../../../db/schema.js';
import type { Clock } from '../clock.js';
import { canonicalEntry, canonicalJson, GENESIS_HASH, sha256Hex, type JsonValue } from './canonical.js';
import { chainPageReader, chainRangeChecks, type ParallelOptions } from './chainPages.js';
import { QueryTemplate, slot } from '../../../db/queryTemplate.js';

export interface Actor {
  id: number;
  username: string;
}

export interface AuditEvent {
  actor: Actor | null;
  workstation: string;
  event: string;
  resource?: { type: string; id: string | number } | undefined;
  outcome: AuditOutcome;
  /** The rule, training record or reason that allowed or denied it, in words. */
  reason: string;
  details?: { [key: string]: JsonValue } | undefined;
}

export type VerifyResult =
  { ok: true; checked: number; headSeq: number; headHash: string } | { ok: false; checked: number; brokenSeq: number; problem: string };

// Every audited call runs these two: compiled once (see queryTemplate.ts).
// The limit is written into the SQL: with a bound LIMIT the same statement took about 10 µs more per call on SQLite
// (measured; it behaves as if prepared again whenever the value is bound).
const headQuery = new QueryTemplate<Database, { seq: number; hash: string }, Record<string, never>>((db) =>
  db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(sql.lit(1)),
);
// Only the bytes and their hash are written: the database computes every field from the bytes (db/auditLogTable.ts).
const insertQuery = new QueryTemplate<Database, never, { seq: number; entry: string; hash: string }>((db) =>
  db.insertInto('audit_log').values({ seq: slot('seq'), entry: slot('entry'), hash: slot('hash') }),
);

export class AuditLog {
  private readonly listeners = new Set<(seq: number) => void>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly clock: Clock,
  ) {}

  /**
   * Calls `listener` with the seq of each entry appended in a transaction of its own, once it is
   * committed (SIEM forwarding wakes on it; entries written inside a larger transaction are found
   * by its polling). Listeners cannot delay or fail an append. Returns the unsubscribe function.
   */
  onAppended(listener: (seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends one entry in a transaction of its own (for events that change nothing else). */
  record(event: AuditEvent): Promise<AuditEntry> {
    return this.append(this.db, event);
  }

  /** Appends one entry. Joins the caller's transaction, or opens one if given the plain database. */
  async append(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
    if (!db.isTransaction) {
      const committed = await db.transaction().execute((trx) => this.append(trx, event));
      for (const listener of this.listeners) {
        try {
          listener(committed.seq);
        } catch {
          // A listener never reaches the person whose action was audited.
        }
      }
      return committed;
    }
    // Shared by every workstation: appends serialize on it so the chain has one head.
    await lockForTransaction(db, this.dialect, 'auditChain');
    const head = await headQuery.executeTakeFirst(db, {});
    const unhashed = {
      seq: head ? Number(head.seq) + 1 : 1,
      at: this.clock.now().toISOString(),
      actor_id: event.actor?.id ?? null,
      actor_username: event.actor?.username ?? null,
      workstation: event.workstation,
      event: event.event,
      resource_type: event.resource?.type ?? null,
      resource_id: event.resource ? String(event.resource.id) : null,
      outcome: event.outcome,
      reason: event.reason,
      details: canonicalJson(event.details ?? {}),
      prev_hash: head?.hash ?? GENESIS_HASH,
    };
    const bytes = canonicalEntry(unhashed);
    const entry: AuditEntry = { ...unhashed, entry: bytes, hash: sha256Hex(bytes) };
    await insertQuery.execute(db, { seq: entry.seq, entry: bytes, hash: entry.hash });
    return entry;
  }

  /**
   * Walks the whole chain in order and names the first entry that does not match. On a SQLite file
   * worker threads check it a range at a time first (chainRangeChecks); the ranges they do not find
   * clean are walked here, so the answer is the walk's.
   */
  async verify(db: Kysely<Database> = this.db, pageSize = 5000, parallel?: ParallelOptions): Promise<VerifyResult> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const readPage = chainPageReader(db);
    /** Entries from expectedSeq up to `until`, one at a time: the first problem, or null. */
    const walk = async (until: number): Promise<VerifyResult | null> => {
      for (;;) {
        const page = await readPage(expectedSeq, pageSize);
        if (page.length === 0) return null;
        for (const [seq, bytes, hash, linkedTo, , consistent] of page) {
          if (seq > until) return null;
          if (seq !== expectedSeq) {
            return { ok: false, checked, brokenSeq: expectedSeq, problem: `entry ${expectedSeq} is missing (next entry is ${seq})` };
          }
          if (linkedTo !== prevHash) {
            return { ok: false, checked, brokenSeq: seq, problem: `entry ${seq} does not link to entry ${seq - 1}` };
          }
          if (!(consistent && sha256Hex(bytes) === hash)) {
            return { ok: false, checked, brokenSeq: seq, problem: `entry ${seq} was altered after it was written` };
          }
          prevHash = hash;
          expectedSeq = seq + 1;
          checked += 1;
        }
      }
    };
    const checks = await chainRangeChecks(db, { checkpointSeqs: [], boundaries: new Map(), defaultBoundaries: [] }, parallel);
    if (checks) {
      try {
        for (const [i, { from, to }] of checks.ranges.entries()) {
          const answer = await checks.answers[i]!;
          if (answer.clean && from === expectedSeq && answer.firstPrevHash === prevHash && answer.count === to - from + 1) {
            checked += answer.count;
            expectedSeq = to + 1;
            prevHash = answer.lastHash;
            continue;
          }
          const broken = await walk(to);
          if (broken) return broken;
        }
      } finally {
        await checks.close();
      }
    }
    return (await walk(Infinity)) ?? { ok: true, checked, headSeq: expectedSeq - 1, headHash: prevHash };
  }
}
