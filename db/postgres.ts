/**
 * The central database for many workstations: PostgreSQL through a connection pool. Loss of
 * the connection is reported as UNAVAILABLE (never a silent fallback to a local file); the pool
 * reconnects on the next call.
 */
import pg from 'pg';
export { describeUrl } from './connection.js';
import { Kysely, PostgresDialect } from 'kysely';
import { describeUrl, type DatabaseHandle } from './connection.js';
import type { Database } from './schema.js';

// COUNT(*) is int8: read it as a number (counts here stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

export interface PostgresOptions {
  /** Connections in the pool (a workstation needs few). */
  max?: number;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the app; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: describeUrl(url),
    close: () => db.destroy(),
  };
}
