/**
 * PostgreSQL connection setup. Filled in by the many-workstations work; until then a
 * postgres:// URL is refused with a clear message rather than silently using SQLite.
 */
import type { DatabaseHandle } from './connection.js';

export async function openPostgres(_url: string): Promise<DatabaseHandle> {
  throw new Error('PostgreSQL support is not available in this build. Remove CLEARANCE_DATABASE_URL to use the embedded database.');
}
