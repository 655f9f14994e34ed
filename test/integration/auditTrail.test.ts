import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/testApp.js';

async function appendSome(app: Awaited<ReturnType<typeof createTestApp>>, n: number) {
  for (let i = 0; i < n; i++) {
    await app.services.audit.append(app.handle.db, {
      actor: { id: 1, username: 'jordan.blake' }, workstation: 'ws', event: 'test.event', outcome: 'allowed', reason: `entry ${i}`, resource: { type: 'thing', id: i }, details: { i },
    });
  }
}

describe('the audit trail', () => {
  it('links every entry to the one before and verifies', async () => {
    const app = await createTestApp();
    await appendSome(app, 5);
    const rows = await app.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.seq).toBe(rows[i - 1]!.seq + 1);
      expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    }
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: true, checked: rows.length, headSeq: rows.at(-1)!.seq, headHash: rows.at(-1)!.hash });
  });

  it('cannot be updated or deleted: the database refuses', async () => {
    const app = await createTestApp();
    await appendSome(app, 2);
    await expect(app.handle.db.updateTable('audit_log').set({ reason: 'edited' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(app.handle.db.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
  });

  it('names the first altered entry when someone edits it behind the app’s back', async () => {
    const app = await createTestApp();
    await appendSome(app, 6);
    await app.stop();
    const raw = new BetterSqlite3(app.sqlitePath);
    raw.exec('drop trigger audit_log_no_update');
    raw.prepare("update audit_log set reason = 'nothing to see' where seq = 3").run();
    raw.close();
    const reopened = await createTestApp();
    // The reopened app works on its own copy; verify the tampered file directly.
    const { openSqlite } = await import('../../db/connection.js');
    const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
    const h = openSqlite(app.sqlitePath);
    const result = await new AuditLog('sqlite', reopened.clock).verify(h.db);
    await h.close();
    expect(result).toMatchObject({ ok: false, brokenSeq: 3 });
    if (!result.ok) expect(result.problem).toContain('altered');
  });

  it('reports a deleted entry as missing', async () => {
    const app = await createTestApp();
    await appendSome(app, 6);
    await app.stop();
    const raw = new BetterSqlite3(app.sqlitePath);
    raw.exec('drop trigger audit_log_no_delete');
    raw.prepare('delete from audit_log where seq = 4').run();
    raw.close();
    const { openSqlite } = await import('../../db/connection.js');
    const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
    const h = openSqlite(app.sqlitePath);
    const result = await new AuditLog('sqlite', app.clock).verify(h.db);
    await h.close();
    expect(result).toMatchObject({ ok: false, brokenSeq: 4 });
    if (!result.ok) expect(result.problem).toContain('missing');
  });

  it('records the start of logging', async () => {
    const app = await createTestApp();
    const events = (await app.handle.db.selectFrom('audit_log').select('event').execute()).map((e) => e.event);
    expect(events).toContain('audit.log_start');
  });
});
