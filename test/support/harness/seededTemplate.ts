/**
 * One demo database per test process, copied for each test: seeding hashes ~25 passwords,
 * which is too slow to repeat for every test.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClearance } from '../../../electron/app/bootstrap.js';
import { ManualClock } from '../../../electron/services/clock.js';
import { CONTENT_DIR } from '../paths.js';
import { testKeyCustody } from '../testKeys.js';

export const DEMO_START = '2026-11-24T09:00:00.000Z';

const templates = new Map<string, Promise<string>>();

async function buildTemplate(contentDir: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-template-'));
  const path = join(dir, 'template.db');
  const app = await startClearance({
    sqlitePath: path,
    workstation: 'seed',
    clock: new ManualClock(DEMO_START),
    seedDemoIfEmpty: true,
    contentDir,
    keyCustody: testKeyCustody(),
  });
  // Closing the last connection checkpoints the WAL into the main file, so one file copy is complete.
  await app.stop();
  return path;
}

/** A fresh copy of the seeded demo database (with the given training content), in its own temp folder. */
export async function freshDemoDatabase(contentDir: string = CONTENT_DIR): Promise<string> {
  if (!templates.has(contentDir)) templates.set(contentDir, buildTemplate(contentDir));
  const source = await templates.get(contentDir)!;
  const dir = mkdtempSync(join(tmpdir(), 'clearance-test-'));
  const path = join(dir, 'clearance.db');
  copyFileSync(source, path);
  return path;
}
