import { sql } from 'kysely';
import type { DialectName } from '../connection.js';
import type { Migration } from './types.js';

const GENESIS = '0'.repeat(64);
const HEAD_REFUSAL = 'audit_log is append-only: a new entry must extend the head (the next seq, linked to the last hash)';

/**
 * The database refuses an audit entry that does not extend the head: its seq must be the next
 * one and its prev_hash the hash of the last entry. That closes SQLite's INSERT OR REPLACE and
 * upsert paths, which replace a row without an UPDATE or DELETE trigger firing (the conflict is
 * only found after BEFORE INSERT triggers ran, and this one refuses first).
 */
/** `newPrevHash`: how the trigger reads the new entry's previous hash (migration 090 reads it from its bytes). */
export function headGuardSql(dialect: DialectName, newPrevHash = 'NEW.prev_hash'): string[] {
  if (dialect === 'postgres') {
    return [
      `CREATE OR REPLACE FUNCTION audit_log_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE head_seq integer; head_hash text;
       BEGIN
         SELECT seq, hash INTO head_seq, head_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
         IF NEW.seq IS DISTINCT FROM coalesce(head_seq, 0) + 1 OR ${newPrevHash} IS DISTINCT FROM coalesce(head_hash, '${GENESIS}') THEN
           RAISE EXCEPTION '${HEAD_REFUSAL}';
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_extends_head()`,
    ];
  }
  return [
    `CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log
     WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
       OR ${newPrevHash} IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${GENESIS}')
     BEGIN SELECT RAISE(ABORT, '${HEAD_REFUSAL}'); END`,
  ];
}

export const auditHeadGuard: Migration = {
  version: 40,
  name: 'audit trail: the database refuses an entry that does not extend the head',
  async up(db, dialect) {
    for (const statement of headGuardSql(dialect)) await sql.raw(statement).execute(db);
  },
};
