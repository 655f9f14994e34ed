/**
 * Reads the audit chain for verification straight from SQLite, a page at a time, with SQLite
 * building each entry's canonical bytes (a JSON array of its fields): one string per entry crosses
 * into JavaScript instead of thirteen values in an object, the cost that kept verification at a
 * fraction of the speed of hashing. PostgreSQL has no such reader (the verifier reads it through Kysely).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { sqliteConnectionOf } from './connection.js';
import type { Database } from './schema.js';

/**
 * One entry as the verifier needs it: its number, its canonical bytes (null when SQLite could not
 * build them exactly as JavaScript would: the caller must build them itself), its hash, the hash it
 * links to, and the workstation it names.
 */
export type ChainRow = [seq: number, canonical: string | null, hash: string, prevHash: string, workstation: string];

export type ChainPageReader = (fromSeq: number, limit: number) => Promise<ChainRow[]>;

/** JavaScript numbers hold integers exactly up to here; beyond, JSON.stringify and SQLite would print different digits. */
const SAFE = 9_007_199_254_740_991;

/**
 * The page reader for this database when it is SQLite opened by openSqlite, else null.
 * `fields` are the columns the canonical form holds, in its order, and `nullable` those that may
 * be null. SQLite's json_array gives the bytes of JSON.stringify([...fields]) for text, integers
 * and null (test/integration/auditChainReader.test.ts checks it over every code point); any other
 * type (a real, a blob, text in an integer column, an integer beyond 2^53) makes the canonical
 * null, so the verifier falls back to building it the JavaScript way.
 */
export function sqliteChainReader(db: Kysely<Database>, fields: readonly string[], integers: readonly string[]): ChainPageReader | null {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) return null;
  const column = (f: string) => {
    if (!/^[a-z_]+$/.test(f)) throw new Error(`not a column name: ${f}`);
    return `"${f}"`;
  };
  const exact = fields
    .map((f) =>
      integers.includes(f)
        ? `(typeof(${column(f)}) = 'null' or (typeof(${column(f)}) = 'integer' and ${column(f)} between -${SAFE} and ${SAFE}))`
        : `typeof(${column(f)}) in ('text', 'null')`,
    )
    .join(' and ');
  let statement: BetterSqlite3.Statement<[number, number], ChainRow> | null = null;
  const prepare = (s: BetterSqlite3.Database) =>
    s
      .prepare<[number, number], ChainRow>(
        `select seq, case when ${exact} then json_array(${fields.map(column).join(', ')}) end, hash, prev_hash, workstation
         from audit_log where seq >= ? order by seq limit ?`,
      )
      .raw(true);
  // Through Kysely's own hold on the connection: never in the middle of another caller's transaction.
  return (fromSeq, limit) =>
    db.connection().execute(async () => {
      statement ??= prepare(sqlite);
      return statement.all(fromSeq, limit);
    });
}
