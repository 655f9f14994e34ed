/**
 * The database a workstation uses, as an administrator set it: a PostgreSQL URL kept without
 * its password, and the password kept encrypted (safeStorage in the app). The environment
 * variable CLEARANCE_DATABASE_URL wins over the stored setting; with neither, the embedded SQLite file.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describeUrl } from '../../db/connection.js';
import { AppError } from './errors.js';

export { describeUrl };

export interface DatabaseSetting {
  /** postgres://user@host:port/database, without a password. */
  url: string;
  password: string;
}

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const FILE = 'database.json';

export function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

export function withPassword(url: string, password: string): string {
  const u = new URL(url);
  if (password) u.password = password;
  return u.toString();
}

export function readDatabaseSetting(dir: string, box: SecretBox): DatabaseSetting | null {
  const path = join(dir, FILE);
  if (!existsSync(path)) return null;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { url?: unknown; password?: unknown };
  if (typeof raw.url !== 'string') return null;
  return { url: raw.url, password: typeof raw.password === 'string' && raw.password ? box.decrypt(raw.password) : '' };
}

export function writeDatabaseSetting(dir: string, setting: DatabaseSetting | null, box: SecretBox): void {
  const path = join(dir, FILE);
  if (!setting) {
    rmSync(path, { force: true });
    return;
  }
  const stored = { url: withoutPassword(setting.url), password: setting.password ? box.encrypt(setting.password) : '' };
  writeFileSync(path, JSON.stringify(stored, null, 2), { mode: 0o600 });
}

/** Which database to open: the environment, then the stored setting, then the embedded file. */
export function chooseDatabase(
  env: NodeJS.ProcessEnv,
  stored: DatabaseSetting | null,
  sqlitePath: string,
): { url?: string; sqlitePath: string } {
  if (env.CLEARANCE_DATABASE_URL) return { url: env.CLEARANCE_DATABASE_URL, sqlitePath };
  if (stored) return { url: withPassword(stored.url, stored.password), sqlitePath };
  return { sqlitePath };
}

/** Connects once and runs `select 1`, so a wrong setting is caught before it is saved. */
export async function testConnection(url: string): Promise<void> {
  // Loaded on demand: a workstation on SQLite never loads the PostgreSQL driver.
  const { openPostgres } = await import('../../db/postgres.js');
  let handle;
  try {
    handle = await openPostgres(url, { max: 1 });
    await sql`select 1`.execute(handle.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replaceAll(url, describeUrl(url)) : 'unknown error';
    throw new AppError('UNAVAILABLE', `Could not connect to ${describeUrl(url)}: ${reason}. Nothing was saved.`);
  } finally {
    await handle?.close();
  }
}
