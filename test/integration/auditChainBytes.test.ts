/**
 * Each entry is stored as its canonical bytes (one JSON.stringify of its fields in a fixed order),
 * and the database computes every field from them. These tests prove that the bytes the app stores
 * are exactly the hand-written canonical JSON of the fields it wrote (so every stored hash still
 * matches), that the database reads back exactly those fields, and that verify still names the
 * exact entry for every kind of tampering.
 */
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, entryHash, sha256Hex, type JsonValue } from '../../electron/services/audit/canonical.js';
import { openDatabase, type DialectName } from '../../db/connection.js';
import type { AuditEntry, Database } from '../../db/schema.js';
import { AuditLog } from '../../electron/services/audit/auditLog.js';
import { verifyTrail } from '../../electron/services/audit/trailVerifier.js';
import { edited, forged, storedColumns } from '../support/auditTamper.js';
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

async function dropGuards(db: Kysely<Database>, dialect: DialectName) {
  const triggers =
    dialect === 'postgres'
      ? (
          await sql<{ t: string }>`select tgname as t from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`.execute(
            db,
          )
        ).rows.map((r) => `drop trigger ${r.t} on audit_log`)
      : (
          await sql<{ t: string }>`select name as t from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`.execute(db)
        ).rows.map((r) => `drop trigger ${r.t}`);
  for (const s of triggers) await sql.raw(s).execute(db);
}

/** Text that JSON must escape, in every field a person's input can reach. */
const AWKWARD = 'O\'Brien "quoted" back\\slash tab\tnew\nline \u0001 é ü 中文 😀 \u2028';

describe.each(testDialects())('audit chain bytes on %s', (dialect) => {
  it('stores the canonical JSON of the fields as each entry’s bytes, reads back the fields written, and every hash matches', async () => {
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
    const awkward = await app.services.audit.record({
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
    // The awkward text reaches the fields of entries the app wrote for a request (the list's search), not only the one recorded here.
    const holding = entries.filter((e) =>
      [e.actor_username, e.workstation, e.resource_id, e.reason, e.details].some((v) => v?.includes('Brien')),
    );
    expect(holding.length).toBeGreaterThanOrEqual(2);
    for (const e of entries) {
      // The bytes stored are the canonical JSON of the fields the database reads back from them.
      expect(e.entry, `entry ${e.seq}`).toBe(legacyCanonical(e));
      expect(canonicalEntry(e), `entry ${e.seq}`).toBe(e.entry);
      expect(sha256Hex(e.entry), `entry ${e.seq}`).toBe(e.hash);
      expect(entryHash(e), `entry ${e.seq}`).toBe(e.hash);
    }
    // Every field read back is the one the app wrote.
    expect(entries.find((e) => e.seq === awkward.seq)).toEqual(awkward);
    expect(awkward).toMatchObject({ workstation: AWKWARD, resource_type: AWKWARD, resource_id: AWKWARD, reason: AWKWARD });
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
    await dropGuards(app.handle.db, dialect);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    const target = entries[entries.length - 4]!;
    const seq = target.seq;
    const setEntry = (entry: string) => db.updateTable('audit_log').set({ entry }).where('seq', '=', seq).execute();
    // Every field of the bytes, its seq included (the seq it is stored under stays).
    const edits: Parameters<typeof edited>[1][] = [
      { seq: seq + 100 },
      { at: '2020-01-01T00:00:00.000Z' },
      { actor_id: 2 },
      { actor_id: null },
      { actor_username: 'someone.else' },
      { workstation: 'elsewhere' },
      { event: 'test.other' },
      { resource_type: 'other' },
      { resource_id: '999' },
      { outcome: 'denied' },
      { reason: 'nothing to see' },
      { details: '{"i":99}' },
    ];
    for (const changes of edits) {
      const what = JSON.stringify(changes);
      await setEntry(edited(target, changes).entry);
      const result = await app.services.audit.verify();
      expect(result, what).toMatchObject({ ok: false, brokenSeq: seq, problem: `entry ${seq} was altered after it was written` });
      await setEntry(target.entry);
      expect(await app.services.audit.verify(), `${what} restored`).toMatchObject({ ok: true });
    }

    // The hash itself changed.
    await db
      .updateTable('audit_log')
      .set({ hash: 'f'.repeat(64) })
      .where('seq', '=', seq)
      .execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq, problem: expect.stringContaining('altered') });
    await db.updateTable('audit_log').set({ hash: target.hash }).where('seq', '=', seq).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: true });

    // Relinked: the previous hash pointed elsewhere.
    await setEntry(edited(target, { prev_hash: 'a'.repeat(64) }).entry);
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq, problem: expect.stringContaining('link') });
    await setEntry(target.entry);

    // A forged entry with a correct hash of its own still breaks the link of the one after it.
    const forgery = forged(target, { reason: 'forged' });
    await db.updateTable('audit_log').set({ entry: forgery.entry, hash: forgery.hash }).where('seq', '=', seq).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq + 1 });
    await db.updateTable('audit_log').set({ entry: target.entry, hash: target.hash }).where('seq', '=', seq).execute();

    // Deleted.
    await db.deleteFrom('audit_log').where('seq', '=', seq).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: seq, problem: expect.stringContaining('missing') });
    await db.insertInto('audit_log').values(storedColumns(target)).execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: true });

    // Two entries swapped (each keeps its seq, so the contents are out of order).
    const [a, b] = [entries[2]!, entries[3]!];
    await db.deleteFrom('audit_log').where('seq', 'in', [a.seq, b.seq]).execute();
    await db
      .insertInto('audit_log')
      .values([
        { ...storedColumns(b), seq: a.seq },
        { ...storedColumns(a), seq: b.seq },
      ])
      .execute();
    expect(await app.services.audit.verify()).toMatchObject({ ok: false, brokenSeq: a.seq });
  });

  it('names an entry altered whose field no longer comes from its bytes and says something else', async () => {
    const app = await createTestApp({ dialect });
    for (let i = 0; i < 6; i++)
      await app.services.audit.record({ actor: null, workstation: 'ws', event: 'test.event', outcome: 'allowed', reason: `entry ${i}` });
    const entries = await storedEntries(app);
    const target = entries.at(-3)!;
    const seq = target.seq;
    // Stopped first: the app would write its stop entry through the edited table.
    await app.stop();
    const config = dialect === 'postgres' ? { url: app.url } : { sqlitePath: app.sqlitePath };
    if (dialect === 'postgres') {
      // PostgreSQL stores the fields: one whose generation is dropped can be updated apart from the bytes.
      const handle = await openDatabase(config);
      try {
        await dropGuards(handle.db, dialect);
        await sql`alter table audit_log alter column reason drop expression`.execute(handle.db);
        await sql`update audit_log set reason = 'nothing to see' where seq = ${seq}`.execute(handle.db);
      } finally {
        await handle.close();
      }
    } else {
      // SQLite computes the fields as they are read: only the table's definition in the file can part them.
      const raw = new BetterSqlite3(app.sqlitePath);
      try {
        raw.unsafeMode(true);
        raw.pragma('writable_schema = ON');
        const definition = raw.prepare("select sql from sqlite_master where type = 'table' and name = 'audit_log'").pluck().get() as string;
        const changed = definition.replace('(entry ->> 9)', `(case when seq = ${seq} then 'nothing to see' else entry ->> 9 end)`);
        expect(changed).not.toBe(definition);
        raw.prepare("update sqlite_master set sql = ? where type = 'table' and name = 'audit_log'").run(changed);
      } finally {
        raw.close();
      }
    }
    const handle = await openDatabase(config);
    try {
      const db = handle.db;
      const read = await db.selectFrom('audit_log').select(['seq', 'entry', 'reason']).where('seq', '=', seq).executeTakeFirstOrThrow();
      expect(read).toEqual({ seq, entry: target.entry, reason: 'nothing to see' });
      expect(await new AuditLog(db, dialect, app.clock).verify()).toMatchObject({
        ok: false,
        brokenSeq: seq,
        problem: `entry ${seq} was altered after it was written`,
      });
      const report = await verifyTrail({ db, database: 'test', trustedPublicKey: () => null, witnessFolder: null });
      expect(report.problems).toEqual([
        { kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq },
      ]);
    } finally {
      await handle.close();
    }
  });
});
