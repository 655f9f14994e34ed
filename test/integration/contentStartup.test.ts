import { appendFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle, type DialectName } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { AuditLog } from '../../electron/services/audit/auditLog.js';
import { ManualClock } from '../../electron/services/clock.js';
import { importStartContent, readStartContent } from '../../electron/services/training/contentStartup.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testDialects } from '../support/testApp.js';
import { emptyDatabase } from '../support/emptyDatabase.js';

async function fresh(dialect: DialectName): Promise<DatabaseHandle> {
  const h = await emptyDatabase(dialect);
  await migrate(h);
  return h;
}

/** A copy of the shipped content that the test may change. */
function contentCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'content-')), 'content');
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
}

describe.each(testDialects())('training content at start-up on %s', (dialect) => {
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');

  async function start(h: DatabaseHandle, dir: string) {
    const content = await readStartContent(h.db, dir);
    await importStartContent(h.db, h.dialect, new AuditLog(h.db, h.dialect, clock), content, clock.now(), 'ws');
    return content;
  }

  it('parses the files once: a second start with the same files and modules parses nothing and says the same', async () => {
    const h = await fresh(dialect);
    const dir = contentCopy();
    const first = await start(h, dir);
    expect(first.toImport).not.toBeNull();
    const modules = await h.db.selectFrom('training_modules').select('module_id').execute();
    expect(modules.length).toBeGreaterThan(0);

    const second = await start(h, dir);
    expect(second.toImport).toBeNull();
    expect(second.problems).toEqual(first.problems);
    expect(second.statement).toBe(first.statement);
  });

  it('parses again when a file changes, and remembers the problems a broken file has', async () => {
    const h = await fresh(dialect);
    const dir = contentCopy();
    await start(h, dir);
    const moduleFile = readdirSync(join(dir, 'modules')).find((f) => f.endsWith('.yaml'))!;
    appendFileSync(join(dir, 'modules', moduleFile), '\n: : not yaml [\n');

    const changed = await start(h, dir);
    expect(changed.toImport).not.toBeNull();
    expect(changed.problems.map((p) => p.file)).toContain(join(dir, 'modules', moduleFile));

    const again = await start(h, dir);
    expect(again.toImport).toBeNull();
    expect(again.problems).toEqual(changed.problems);
  });

  it('parses again when the modules in force changed since (another workstation imported other files)', async () => {
    const h = await fresh(dialect);
    const dir = contentCopy();
    await start(h, dir);
    await h.db.updateTable('training_modules').set({ updated_at: '2026-03-03T00:00:00.000Z' }).execute();
    expect((await start(h, dir)).toImport).not.toBeNull();
  });
});
