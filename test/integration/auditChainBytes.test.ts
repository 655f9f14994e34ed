/**
 * The chain is hashed with one JSON.stringify of the fields in a fixed order. These tests prove it
 * hashes exactly the bytes the hand-written canonical JSON gave (so every stored hash still
 * matches), and that verify still names the exact entry for every kind of tampering.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, entryHash, type JsonValue } from '../../electron/services/audit/canonical.js';
import type { AuditEntry } from '../../db/schema.js';
import { createTestApp, signedIn, testDialects, windowOf, type TestApp } from '../support/testApp.js';

/** The form every entry was hashed over before: canonicalJson of the fields in order. */
function legacyCanonical(e: AuditEntry): string {
  const fields: JsonValue[] = [
    Number(e.seq),
    e.at,
    e.actor_id === null ? null : Number(e.actor_id),
    e.actor_username,
    e.workstation,
    e.event,
    e.resource_type,
    e.resource_id,
    e.outcome,
    e.reason,
    e.details,
    e.prev_hash,
  ];
  return canonicalJson(fields);
}

async function storedEntries(app: TestApp): Promise<AuditEntry[]> {
  const rows = await app.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), actor_id: r.actor_id === null ? null : Number(r.actor_id) }));
}

async function dropGuards(app: TestApp) {
  const triggers =
    app.dialect === 'postgres'
      ? (
          await sql<{ t: string }>`select tgname as t from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`.execute(
            app.handle.db,
          )
        ).rows.map((r) => `drop trigger ${r.t} on audit_log`)
      : (
          await sql<{ t: string }>`select name as t from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`.execute(
            app.handle.db,
          )
        ).rows.map((r) => `drop trigger ${r.t}`);
  for (const s of triggers) await sql.raw(s).execute(app.handle.db);
}

/** Text that JSON must escape, in every field a person's input can reach. */
const AWKWARD = 'O\'Brien "quoted" back\\slash tab\tnew\nline \u0001 é ü 中文 😀 \u2028';

describe.each(testDialects())('audit chain bytes on %s', (dialect) => {
  it('one JSON.stringify gives the bytes of the canonical JSON for every stored entry, and every stored hash still matches', async () => {
    const app = await createTestApp({ dialect });
    const clerk = await signedIn(app, 'rosa.diaz');
    await clerk('records.list', { subject: 'PersonalRecord', search: AWKWARD, page: 1, pageSize: 25 });
    await clerk('records.list', { subject: 'CardTransaction', page: 1, pageSize: 25 });
    await clerk('records.open', { subject: 'PersonalRecord', id: 1, purpose: { code: 'respond_to_citizen', note: AWKWARD } });
    await clerk('records.reveal', { subject: 'PersonalRecord', id: 1, field: 'ssn' });
    await clerk('training.myCurriculum', {});
    await clerk('auth.signOut', {});
    await windowOf(app, 'stranger')('auth.signIn', { username: AWKWARD, password: 'not the password 1' });
    const officer = await signedIn(app, 'priya.shah');
    await officer('audit.search', { filter: { person: AWKWARD } });
    await officer('audit.verify', {});
    await app.services.audit.record({
      actor: { id: 1, username: 'jordan.blake' },
      workstation: AWKWARD,
      event: 'test.awkward',
      outcome: 'denied',
      resource: { type: AWKWARD, id: AWKWARD },
      reason: AWKWARD,
      details: { [AWKWARD]: [AWKWARD, 1.5, -0, 1e21, null, true, { z: AWKWARD, a: [] }] },
    });
    const entries = await storedEntries(app);
    // The demo's history, sign-ins, lists and the awkward entry: dozens of kinds of entry.
    expect(entries.length).toBeGreaterThan(15);
    expect(new Set(entries.map((e) => e.event)).size).toBeGreaterThan(5);
    for (const e of entries) {
      expect(canonicalEntry(e), `entry ${e.seq}`).toBe(legacyCanonical(e));
      expect(entryHash(e), `entry ${e.seq}`).toBe(e.hash);
    }
    expect(await app.services.audit.verify()).toMatchObject({ ok: true, checked: entries.length });
  });

  it('names the exact entry whichever field is altered, and when one is deleted, relinked or appended out of order', async () => {
    const app = await createTestApp({ dialect });
    for (let i = 0; i < 8; i++) {
      await app.services.audit.record({
        actor: { id: 1, username: 'jordan.blake' },
        workstation: 'ws',
        event: 'test.event',
        outcome: 'allowed',
        resource: { type: 'thing', id: i },
        reason: `entry ${i}`,
        details: { i },
      });
    }
    await dropGuards(app);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    const target = entries[entries.length - 4]!;
    const seq = target.seq;
    const edits: Partial<Record<keyof AuditEntry, string | number | null>> = {
      at: '2020-01-01T00:00:00.000Z',
      actor_id: 2,
      actor_username: 'someone.else',
      workstation: 'elsewhere',
      event: 'test.other',
      resource_type: 'other',
      resource_id: '999',
      outcome: 'denied',
      reason: 'nothing to see',
      details: '{"i":99}',
      hash: 'f'.repeat(64),
    };
    for (const [column, value] of Object.entries(edits)) {
      const original = target[column as keyof AuditEntry];
      await db
        .updateTable('audit_log')
        .set({ [column]: value })
        .where('seq', '=', seq)
        .execute();
      const result = await app.services.audit.verify();
      expect(result, column).toMatchObject({ ok: false, brokenSeq: seq });
      await db
        .updateTable('audit_log')
        .set({ [column]: original })
        .where('seq', '=', seq)
        .execute();
      expect(await app.services.audit.verify(), `${column} restored`).toMatchObject({ ok: true });
    }

    // Relinked: the previous hash pointed elsewhere.
    await db
      .updateTable('audit_log')
      .set({ prev_hash: 'a'.repeat(64) })
      .where('seq', '=', seq)
      .execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq, problem: expect.stringContaining('link') });
    await db.updateTable('audit_log').set({ prev_hash: target.prev_hash }).where('seq', '=', seq).execute();

    // A forged entry with a correct hash of its own still breaks the link of the one after it.
    const forged = { ...target, reason: 'forged' };
    await db
      .updateTable('audit_log')
      .set({ reason: forged.reason, hash: entryHash(forged) })
      .where('seq', '=', seq)
      .execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq + 1 });
    await db.updateTable('audit_log').set({ reason: target.reason, hash: target.hash }).where('seq', '=', seq).execute();

    // Deleted.
    await db.deleteFrom('audit_log').where('seq', '=', seq).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq, problem: expect.stringContaining('missing') });
    await db.insertInto('audit_log').values(target).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: true });

    // Two entries swapped (each keeps its seq, so the contents are out of order).
    const [a, b] = [entries[2]!, entries[3]!];
    await db.deleteFrom('audit_log').where('seq', 'in', [a.seq, b.seq]).execute();
    await db
      .insertInto('audit_log')
      .values([
        { ...b, seq: a.seq },
        { ...a, seq: b.seq },
      ])
      .execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: a.seq });
  });
});
