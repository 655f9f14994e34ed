import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../db/schema.js';
import { edited } from '../support/auditTamper.js';
import { appendTestEntries, createTestApp, testDialects, type TestApp } from '../support/testApp.js';

/** What an attacker with direct database access would do: remove the guard, then edit. */
async function dropGuards(app: TestApp) {
  const statements =
    app.dialect === 'postgres'
      ? ['drop trigger audit_log_no_update_delete on audit_log']
      : ['drop trigger audit_log_no_update', 'drop trigger audit_log_no_delete'];
  for (const s of statements) await sql.raw(s).execute(app.handle.db);
}

function entry(app: TestApp, seq: number): Promise<AuditEntry> {
  return app.handle.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

describe.each(testDialects())('the audit trail on %s', (dialect) => {
  it('links every entry to the one before and verifies', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 5);
    const rows = await app.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.seq).toBe(rows[i - 1]!.seq + 1);
      expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    }
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: true, checked: rows.length, headSeq: rows.at(-1)!.seq, headHash: rows.at(-1)!.hash });
  });

  it('cannot be updated or deleted: the database refuses', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 2);
    // The fields are computed from the stored bytes: editing an entry is editing its bytes.
    const { entry: bytes } = edited(await entry(app, 1), { reason: 'edited' });
    await expect(app.handle.db.updateTable('audit_log').set({ entry: bytes }).where('seq', '=', 1).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(app.handle.db.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(app.handle.db)).rejects.toThrow(/append-only/);
  });

  it('names the first altered entry when someone edits it behind the app’s back', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 6);
    await dropGuards(app);
    const { entry: bytes } = edited(await entry(app, 3), { reason: 'nothing to see' });
    await app.handle.db.updateTable('audit_log').set({ entry: bytes }).where('seq', '=', 3).execute();
    expect((await entry(app, 3)).reason).toBe('nothing to see');
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 3 });
    if (!result.ok) expect(result.problem).toContain('altered');
  });

  it('reports a deleted entry as missing', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 6);
    await dropGuards(app);
    await app.handle.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 4 });
    if (!result.ok) expect(result.problem).toContain('missing');
  });

  it('records the start and stop of logging', async () => {
    const app = await createTestApp({ dialect });
    const events = (await app.handle.db.selectFrom('audit_log').select('event').execute()).map((e) => e.event);
    expect(events).toContain('audit.log_start');
    expect(events).toContain('audit.log_stop');
  });
});
