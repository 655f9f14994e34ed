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
 * `fields` are the columns the canonical form holds, in its order, and `integers` those declared
 * integer; every other one must be declared text. For text, integers and null, SQLite's json_array
 * gives exactly the bytes of JSON.stringify([...fields]) (test/integration/auditChainReader.test.ts
 * checks it over every code point). What a column can hold follows from its declared type: a text
 * column holds text, null or a blob (json_array refuses a blob: that page is read without SQLite's
 * bytes); an integer column may also hold text or a real, and an integer beyond 2^53 prints
 * differently in JavaScript, so such an entry gets no bytes from SQLite. Without SQLite's bytes the
 * verifier builds them the JavaScript way. A table whose declared types differ gets no reader at all.
 */
export function sqliteChainReader(db: Kysely<Database>, fields: readonly string[], integers: readonly string[]): ChainPageReader | null {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) return null;
  const declared = new Map(
    (sqlite.pragma('table_info(audit_log)') as { name: string; type: string }[]).map((c) => [c.name, c.type.toLowerCase()]),
  );
  const wanted = [
    ...fields.map((f) => [f, integers.includes(f) ? 'integer' : 'text']),
    ['hash', 'text'],
    ['prev_hash', 'text'],
    ['workstation', 'text'],
  ];
  if (wanted.some(([f, type]) => !/^[a-z_]+$/.test(f!) || declared.get(f!) !== type)) return null;
  const exact = integers
    .map((f) => `("${f}" is null or (typeof("${f}") = 'integer' and "${f}" between -${SAFE} and ${SAFE}))`)
    .join(' and ');
  const from = 'from audit_log where seq >= ? order by seq limit ?';
  let statements: {
    withBytes: BetterSqlite3.Statement<[number, number], ChainRow>;
    without: BetterSqlite3.Statement<[number, number], ChainRow>;
  } | null = null;
  const prepare = (s: BetterSqlite3.Database) => ({
    withBytes: s
      .prepare<[number, number], ChainRow>(
        `select seq, case when ${exact} then json_array(${fields.map((f) => `"${f}"`).join(', ')}) end, hash, prev_hash, workstation ${from}`,
      )
      .raw(true),
    without: s.prepare<[number, number], ChainRow>(`select seq, null, hash, prev_hash, workstation ${from}`).raw(true),
  });
  // Through Kysely's own hold on the connection: never in the middle of another caller's transaction.
  return (fromSeq, limit) =>
    db.connection().execute(async () => {
      statements ??= prepare(sqlite);
      try {
        return statements.withBytes.all(fromSeq, limit);
      } catch (error) {
        // "JSON cannot hold BLOB values": a blob where text belongs (written outside Clearance).
        if (error instanceof Error && /blob/i.test(error.message)) return statements.without.all(fromSeq, limit);
        throw error;
      }
    });
}
