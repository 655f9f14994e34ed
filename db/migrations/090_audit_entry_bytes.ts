import { sql, type Kysely } from 'kysely';
import { AUDIT_LOG_INDEXES, auditLogTableSql } from '../auditLogTable.js';
import { appendOnlySql } from './columns.js';
import type { DialectName } from '../connection.js';
import { headGuardSql } from './040_audit_head_guard.js';
import type { Migration } from './types.js';

interface OldEntry {
  seq: number | string;
  at: string;
  actor_id: number | string | null;
  actor_username: string | null;
  workstation: string;
  event: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  reason: string;
  details: string;
  prev_hash: string;
  hash: string;
}

const PAGE = 5000;

/**
 * Each entry keeps the bytes its hash covers, and its fields become columns computed from them
 * (db/auditLogTable.ts), so verifying the trail is hashing what is stored. Every entry is carried
 * over with its hash as it was: the bytes are the fields' canonical form at this moment (a JSON
 * array, serialized here rather than with today's code), so an entry altered before this migration
 * still fails its hash after it.
 */
export const auditEntryBytes: Migration = {
  version: 90,
  name: 'audit trail: each entry stored as the bytes its hash covers, its fields computed from them',
  async up(db, dialect) {
    const trx = db as Kysely<{ audit_log_before_090: OldEntry; audit_log: { seq: number; entry: string; hash: string } }>;
    await sql`alter table audit_log rename to audit_log_before_090`.execute(db);
    await sql.raw(auditLogTableSql(dialect)).execute(db);
    for (let from = 1; ;) {
      const page = await trx.selectFrom('audit_log_before_090').selectAll().where('seq', '>=', from).orderBy('seq').limit(PAGE).execute();
      if (page.length === 0) break;
      await trx
        .insertInto('audit_log')
        .values(page.map((e) => ({ seq: Number(e.seq), entry: canonicalAt090(e), hash: e.hash })))
        .execute();
      from = Number(page.at(-1)!.seq) + 1;
    }
    await sql`drop table audit_log_before_090`.execute(db);
    for (const statement of [...AUDIT_LOG_INDEXES, ...appendOnlySql(dialect, 'audit_log'), ...headGuard(dialect)])
      await sql.raw(statement).execute(db);
  },
};

/**
 * Migration 040's guard, reading the previous hash from the bytes on PostgreSQL: there a BEFORE
 * trigger runs before the generated columns are computed, so NEW.prev_hash is still null in it.
 * SQLite computes NEW's generated columns for its triggers, so 040's guard stands as it was.
 */
function headGuard(dialect: DialectName): string[] {
  return headGuardSql(dialect, dialect === 'postgres' ? '(NEW.entry::json ->> 11)' : 'NEW.prev_hash');
}

/** The canonical form of an entry as it stood before this migration: its fields in order, one JSON array. */
function canonicalAt090(e: OldEntry): string {
  return JSON.stringify([
    Number(e.seq),
    e.at,
    e.actor_id === null ? null : Number(e.actor_id),
    e.actor_username,
    e.workstation,
    e.event,
    e.resource_type,
    e.resource_id,
    e.outcome,
    e.reason,
    e.details,
    e.prev_hash,
  ]);
}
