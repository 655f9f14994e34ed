/**
 * Tampering as someone with the SQLite file but not the app would do it: a separate
 * better-sqlite3 connection on the file, outside every service.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { entryHash } from '../../electron/services/audit/canonical.js';
import type { AuditEntry } from '../../db/schema.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody } from '../support/testKeys.js';
import { appendTestEntries, createTestApp, type TestApp } from '../support/testApp.js';

const raws: BetterSqlite3.Database[] = [];
afterEach(() => {
  while (raws.length) raws.pop()!.close();
});

function rawOpen(path: string): BetterSqlite3.Database {
  const raw = new BetterSqlite3(path);
  raws.push(raw);
  return raw;
}

function dropGuards(raw: BetterSqlite3.Database): void {
  raw.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;');
}

async function appWithEntries(n: number): Promise<TestApp> {
  const app = await createTestApp();
  await appendTestEntries(app, n);
  return app;
}

describe('the audit trail in the SQLite file, seen from outside the app', () => {
  it('refuses UPDATE and DELETE from any connection, because the triggers live in the file', async () => {
    const app = await appWithEntries(3);
    const raw = rawOpen(app.sqlitePath);
    expect(() => raw.prepare("update audit_log set reason = 'edited' where seq = 3").run()).toThrow(/append-only/);
    expect(() => raw.prepare('delete from audit_log where seq = 3').run()).toThrow(/append-only/);
    expect(raw.prepare('select reason from audit_log where seq = 3').get()).toEqual({ reason: expect.not.stringMatching(/edited/) });
    expect(await app.services.audit.verify(app.handle.db)).toMatchObject({ ok: true });
  });

  it('names entry 3 when its reason is edited after the triggers are dropped', async () => {
    const app = await appWithEntries(5);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    raw.prepare("update audit_log set reason = 'nothing happened' where seq = 3").run();
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 3, checked: 2 });
    if (!result.ok) expect(result.problem).toMatch(/entry 3 .*altered/);
  });

  it('still catches an attacker who recomputes the edited entry’s hash: the next entry no longer links', async () => {
    const app = await appWithEntries(5);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    const row = raw.prepare('select * from audit_log where seq = 3').get() as AuditEntry;
    const forged = { ...row, reason: 'nothing happened' };
    raw.prepare('update audit_log set reason = ?, hash = ? where seq = 3').run(forged.reason, entryHash(forged));
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 4 });
    if (!result.ok) expect(result.problem).toContain('does not link');
  });

  it('reports a middle entry deleted from the file as missing', async () => {
    const app = await appWithEntries(5);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    raw.prepare('delete from audit_log where seq = 4').run();
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 4 });
    if (!result.ok) expect(result.problem).toMatch(/entry 4 is missing/);
  });

  it('detects an edit made while the app was closed, after the app starts again', async () => {
    const app = await appWithEntries(3);
    const path = app.sqlitePath;
    await app.stop();
    const raw = rawOpen(path);
    dropGuards(raw);
    raw.prepare("update audit_log set outcome = 'denied' where seq = 3").run();
    raw.close();
    raws.pop();
    const again = await startClearance({
      sqlitePath: path,
      workstation: 'test-ws',
      clock: app.clock,
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
    });
    try {
      expect(await again.services.audit.verify(again.handle.db)).toMatchObject({ ok: false, brokenSeq: 3 });
    } finally {
      await again.stop();
    }
  });
});
