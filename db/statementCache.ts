/**
 * Kysely's SQLite driver prepares every query afresh: for the short queries of a call (the session,
 * a record by its key, the audit head) preparing costs more than running. This hands Kysely the
 * connection with a `prepare` that keeps the most recent statements by their SQL text. A kept
 * statement holds no lock and no result (better-sqlite3 resets it after each run), and SQLite
 * prepares it again itself if the schema changed since. One still being iterated (a streamed
 * query) is busy and cannot run twice at once: that SQL then gets a fresh statement.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept; queries with a list of values (`in (?, ?, …)`) make new texts, so the oldest kept is dropped
 * (first in, first out: a hot statement dropped is simply prepared again). */
const STATEMENT_CACHE_SIZE = 500;

export function cachingStatements(sqlite: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      kept.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      const statement = kept.get(sql);
      if (statement && !statement.busy) return statement;
      const fresh = sqlite.prepare(sql);
      if (statement) return fresh;
      kept.set(sql, fresh);
      if (kept.size > size) kept.delete(kept.keys().next().value!);
      return fresh;
    },
  };
}
