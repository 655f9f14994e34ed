/**
 * The audit witness folder an administrator chose for this workstation, kept in the user-data
 * folder beside the database setting: not in the database, so someone who can change the database
 * cannot point the witness somewhere else.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'audit-witness.json';

export function readWitnessSetting(dir: string): string | null {
  const path = join(dir, FILE);
  if (!existsSync(path)) return null;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { folder?: unknown };
  return typeof raw.folder === 'string' && raw.folder ? raw.folder : null;
}

export function writeWitnessSetting(dir: string, folder: string | null): void {
  const path = join(dir, FILE);
  if (!folder) rmSync(path, { force: true });
  else writeFileSync(path, JSON.stringify({ folder }, null, 2), { mode: 0o600 });
}
