/**
 * Opens the database the app runs on: the embedded SQLite file by default, or a
 * PostgreSQL server when a postgres:// URL is configured. Everything above this file
 * sees only `Kysely<Database>` and the dialect name.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { resolve } from 'node:path';
import type { Database } from './schema.js';
import { cachingStatements } from './statementCache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives, for messages (never includes a password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A postgres:// URL selects PostgreSQL. */
  url?: string;
  /** Path of the SQLite file (used when no URL is given). */
  sqlitePath?: string;
}

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(invalid URL)';
  }
}

/**
 * Which database this is, the same from every workstation that opens it and without credentials:
 * the SQLite file's absolute path, or host:port/database of the PostgreSQL server. Audit checkpoints
 * record it, so a witness file tells the checkpoints of one database from another's.
 */
export function databaseIdentity(config: DatabaseConfig): string {
  if (config.url && /^postgres(ql)?:\/\//.test(config.url)) {
    try {
      const u = new URL(config.url);
      return `postgres://${u.hostname}:${u.port || '5432'}${u.pathname}`;
    } catch {
      return 'postgres://(invalid URL)';
    }
  }
  return config.sqlitePath ? resolve(config.sqlitePath) : '(no database)';
}

/** The SQLite connection under each Kysely instance openSqlite made, for the few bulk reads Kysely's row objects make slow. */
const sqliteConnections = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/** The SQLite connection under `db` when openSqlite opened it, else null (PostgreSQL, or a Kysely built elsewhere). */
export function sqliteConnectionOf(db: Kysely<Database>): BetterSqlite3.Database | null {
  return sqliteConnections.get(db) ?? null;
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.url && /^postgres(ql)?:\/\//.test(config.url)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(config.url);
  }
  if (!config.sqlitePath) throw new Error('No database configured: give a SQLite path or a postgres:// URL.');
  return openSqlite(config.sqlitePath);
}

export function openSqlite(path: string): DatabaseHandle {
  const sqlite = new BetterSqlite3(path);
  // WAL lets readers run beside the single writer. synchronous=FULL fsyncs the WAL on every
  // commit: an audit entry that was reported committed must survive a crash or power loss
  // (NORMAL in WAL mode can lose the last commits on power failure).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed, not left in free pages: a wiped card number's
  // ciphertext or a disposed record must not linger in the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  sqliteConnections.set(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    location: path,
    close: () => db.destroy(),
  };
}
