/**
 * PostgreSQL advisory-lock keys, in one place. Every Clearance workstation uses the same numbers,
 * so start-ups and appends on several workstations take turns. SQLite has one writer at a time
 * already, so there the lock is a no-op.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connection.js';
import type { Database } from './schema.js';

export const LOCK_KEYS = {
  /** Applying migrations: each runs once, whichever workstation starts first. */
  migration: 7_202_611,
  /** Appending to the audit trail: the hash chain has one head. */
  auditChain: 7_202_612,
  /** Publishing training content: a version is published once. */
  contentImport: 7_202_613,
  /** Creating, rotating and destroying master key versions: one key operation at a time. */
  keys: 7_202_620,
  /** Writing privacy-monitoring alerts: two workstations running the rules raise each alert once. */
  monitoring: 7_202_614,
  /** Recording the daily scheduled audit verification: one a day between all workstations. */
  scheduledVerification: 7_202_640,
} as const;

/** Holds the lock until the surrounding transaction ends (PostgreSQL); nothing on SQLite. */
export async function lockForTransaction(trx: Kysely<Database>, dialect: DialectName, key: keyof typeof LOCK_KEYS): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEYS[key]})`.execute(trx);
}
