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
  /** The first-run setup (or the demo seed): a database is set up once, whichever workstation asks first. */
  setup: 7_202_625,
  /** Creating, rotating and destroying master key versions: one key operation at a time. */
  keys: 7_202_620,
  /** Disposing of records past their retention period: one batch at a time across workstations. */
  retention: 7_202_630,
  /** Writing privacy-monitoring alerts: two workstations running the rules raise each alert once. */
  monitoring: 7_202_614,
  /** Checking a password or code of one account: attempts take turns, so none slips past the lockout (with the staff id). */
  account: 7_202_630,
  /** The same for a username that matches no account (with a 32-bit hash of the name). */
  unknownUsername: 7_202_631,
  /** Records intake: one import at a time checks and stores its source ids, so none is stored twice. */
  recordsIntake: 7_202_640,
  /** Recording the daily scheduled audit verification: one a day between all workstations. */
  scheduledVerification: 7_202_641,
} as const;

/** The keys that name a class of rows and take a second number (which row) beside them. */
export type RowLockKey = 'account' | 'unknownUsername';

/** Holds the lock until the surrounding transaction ends (PostgreSQL); nothing on SQLite. */
export async function lockForTransaction(
  trx: Kysely<Database>,
  dialect: DialectName,
  key: Exclude<keyof typeof LOCK_KEYS, RowLockKey>,
): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEYS[key]})`.execute(trx);
}

/**
 * Holds the lock on one row of a class (`pg_advisory_xact_lock(class, row)`) until the surrounding
 * transaction ends (PostgreSQL); nothing on SQLite. `row` is a 32-bit signed integer.
 */
export async function lockRowForTransaction(trx: Kysely<Database>, dialect: DialectName, key: RowLockKey, row: number): Promise<void> {
  if (!Number.isInteger(row) || row < -(2 ** 31) || row >= 2 ** 31) throw new RangeError('A row lock needs a 32-bit integer.');
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEYS[key]}::int4, ${row}::int4)`.execute(trx);
}
