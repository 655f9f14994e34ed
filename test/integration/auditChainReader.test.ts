/**
 * Each audit entry is stored as the bytes its hash covers, and the database computes every field
 * from those bytes (db/auditLogTable.ts); the verifiers hash the stored bytes and check that the
 * fields say what the bytes say (chainPageReader). These tests prove that for whatever text the app
 * writes (every code point, every awkward or empty value, nulls) the database gives back exactly the
 * fields the app wrote, on both dialects; that bytes whose fields read back as something else are
 * named altered (or refused by the database) even with their hash and links redone; and that
 * tampering exactly at a page border is named as it is mid-page, on both dialects.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Database } from '../../db/schema.js';
import { canonicalEntry, canonicalJson, sha256Hex } from '../../electron/services/audit/canonical.js';
import { chainPageReader } from '../../electron/services/audit/chainPages.js';
import { verifyTrail } from '../../electron/services/audit/trailVerifier.js';
import { edited, forged, storedColumns } from '../support/auditTamper.js';
import { createTestApp, testDialects, type TestApp } from '../support/testApp.js';

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

/** Every Unicode scalar value (no lone surrogates: text in the database is UTF-8), in strings of `size`. */
function everyCodePoint(size: number): string[] {
  const chunks: string[] = [];
  let chunk = '';
  let n = 0;
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    chunk += String.fromCodePoint(c);
    if (++n % size === 0) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  chunks.push(chunk);
  return chunks;
}

const TRICKY = [
  '',
  '"',
  '\\',
  '\\"',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028\u2029',
  'é',
  '中文',
  '😀',
  '\r\n\t\b\f',
  '</script>',
  "O'Brien",
];

/** PostgreSQL text cannot hold U+0000 (it never could: the app cannot record it there), so it is left out there. */
const storable = (dialect: string) => (text: string) => (dialect === 'postgres' ? text.replaceAll('\u0000', '') : text);

const report = (app: TestApp, pageSize?: number) =>
  verifyTrail({
    db: app.handle.db,
    database: 'test',
    trustedPublicKey: () => null,
    witnessFolder: null,
    ...(pageSize ? { pageSize } : {}),
  });

const altered = (seq: number) => ({ kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq });

describe.each(testDialects())('audit entries read back from their stored bytes on %s', (dialect) => {
  it('are exactly the fields the app wrote, for every code point and every awkward or empty value, with nulls', async () => {
    const app = await createTestApp({ dialect });
    // Shorter strings on PostgreSQL: an index row there holds at most 2,704 bytes (resource type and id are indexed together).
    const texts = [...everyCodePoint(dialect === 'postgres' ? 256 : 4096), ...TRICKY]
      .map(storable(dialect))
      .filter((t, i, all) => all.indexOf(t) === i);
    const written = new Map<number, AuditEntry>();
    for (const [i, text] of texts.entries()) {
      const entry = await app.services.audit.record({
        actor: i % 2 ? { id: 1, username: text } : null,
        workstation: text,
        event: text,
        outcome: i % 5 ? 'allowed' : 'denied',
        ...(i % 3 ? { resource: { type: text, id: text } } : {}),
        reason: text,
        details: { [text]: text },
      });
      expect(entry).toMatchObject({
        actor_id: i % 2 ? 1 : null,
        actor_username: i % 2 ? text : null,
        workstation: text,
        event: text,
        resource_type: i % 3 ? text : null,
        resource_id: i % 3 ? text : null,
        reason: text,
        details: canonicalJson({ [text]: text }),
      });
      written.set(entry.seq, entry);
    }
    const entries = await storedEntries(app);
    const rows = await chainPageReader(app.handle.db)(1, entries.length + 10);
    expect(rows).toHaveLength(entries.length);
    for (const [i, e] of entries.entries()) {
      // Every column the database computed from the bytes, compared with what the app wrote (the first difference shown).
      if (written.has(e.seq)) expect(e, `entry ${e.seq}`).toEqual(written.get(e.seq));
      expect(e.entry, `entry ${e.seq}`).toBe(canonicalEntry(e));
      expect(sha256Hex(e.entry), `entry ${e.seq}`).toBe(e.hash);
      // And as the verifiers read it: its bytes, hash, link and workstation, its fields saying what its bytes say.
      expect(rows[i], `entry ${e.seq}`).toEqual([e.seq, e.entry, e.hash, e.prev_hash, e.workstation, true]);
    }
    expect(written.size).toBe(texts.length);
    expect(await app.services.audit.verify(app.handle.db, 50)).toMatchObject({ ok: true, checked: entries.length });
    expect(await report(app, 50)).toMatchObject({ ok: true, checked: entries.length, problems: [] });
  });

  it('are not trusted when the fields read back otherwise than the bytes say, even with the hash and links redone', async () => {
    const app = await createTestApp({ dialect });
    for (let i = 0; i < 12; i++)
      await app.services.audit.record({
        actor: { id: 1, username: 'u' },
        workstation: 'ws',
        event: 'e',
        outcome: 'allowed',
        reason: `r${i} é`,
        details: { i },
      });
    await dropGuards(app);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    const target = entries.at(-4)!;
    const seq = target.seq;
    /** The target's bytes with element `index` written as the JSON text `json`, every other one as the app writes it. */
    const withElement = (index: number, json: string) => {
      const elements = (JSON.parse(target.entry) as unknown[]).map((v) => JSON.stringify(v));
      elements[index] = json;
      return `[${elements.join(',')}]`;
    };
    // Actor is element 2, reason 9, details 10 (CANONICAL_FIELDS).
    const cases: { what: string; bytes: string; sqlite: Verdict; postgres: Verdict }[] = [
      // The database reads back exactly what the bytes say (SQLite keeps a real in an integer column): only the checkpoints can tell.
      { what: 'actor a real', bytes: withElement(2, '1.5'), sqlite: 'holds', postgres: 'refused' },
      // Read back as other fields than the bytes say (the verifier reads an actor as a number, a word as none).
      { what: 'actor a word', bytes: withElement(2, '"not a number"'), sqlite: 'altered', postgres: 'refused' },
      { what: 'actor beyond 2^53', bytes: withElement(2, '9007199254740993'), sqlite: 'altered', postgres: 'refused' },
      { what: 'actor digits as text', bytes: withElement(2, '"1"'), sqlite: 'altered', postgres: 'altered' },
      { what: 'reason a number', bytes: withElement(9, '5'), sqlite: 'altered', postgres: 'altered' },
      { what: 'details an object', bytes: withElement(10, target.details), sqlite: 'altered', postgres: 'altered' },
      { what: 'é escaped', bytes: target.entry.replace('é', '\\u00e9'), sqlite: 'altered', postgres: 'altered' },
      { what: 'spaces between elements', bytes: JSON.stringify(JSON.parse(target.entry), null, 1), sqlite: 'altered', postgres: 'altered' },
      { what: 'one element more', bytes: `${target.entry.slice(0, -1)},"more"]`, sqlite: 'altered', postgres: 'altered' },
      { what: 'reason null', bytes: withElement(9, 'null'), sqlite: 'refused', postgres: 'refused' },
    ];
    for (const { what, bytes, ...verdicts } of cases) {
      expect(JSON.parse(bytes), what).toBeTruthy();
      const verdict = verdicts[dialect];
      if (verdict === 'refused') {
        await expect(rechainFrom(db, entries, seq, bytes), what).rejects.toThrow();
        expect(await app.services.audit.verify(db, 4), what).toMatchObject({ ok: true });
        continue;
      }
      await rechainFrom(db, entries, seq, bytes);
      if (verdict === 'holds') {
        expect(await app.services.audit.verify(db, 4), what).toMatchObject({ ok: true, checked: entries.length });
        expect(await report(app, 4), what).toMatchObject({ ok: true, problems: [] });
      } else {
        expect(await app.services.audit.verify(db, 4), what).toMatchObject({
          ok: false,
          brokenSeq: seq,
          problem: `entry ${seq} was altered after it was written`,
        });
        expect((await report(app, 4)).problems, what).toEqual([altered(seq)]);
      }
      for (const e of entries) await db.updateTable('audit_log').set({ entry: e.entry, hash: e.hash }).where('seq', '=', e.seq).execute();
      expect(await app.services.audit.verify(db, 4), `${what} restored`).toMatchObject({ ok: true, checked: entries.length });
    }
  });
});

type Verdict = 'holds' | 'altered' | 'refused';

/** Stores `bytes` as entry `seq` with their own hash, and links every later entry to it again (hashes redone). */
async function rechainFrom(db: Kysely<Database>, entries: AuditEntry[], seq: number, bytes: string): Promise<void> {
  let hash = sha256Hex(bytes);
  await db.updateTable('audit_log').set({ entry: bytes, hash }).where('seq', '=', seq).execute();
  for (const e of entries.filter((x) => x.seq > seq)) {
    const relinked = forged(e, { prev_hash: hash });
    hash = relinked.hash;
    await db.updateTable('audit_log').set({ entry: relinked.entry, hash }).where('seq', '=', e.seq).execute();
  }
}

describe.each(testDialects())('chain verification across page borders on %s', (dialect) => {
  it('names the exact entry altered, unlinked or missing at the first and last entry of a page as mid-page, as one long page does', async () => {
    const app = await createTestApp({ dialect });
    for (let i = 0; i < 14; i++)
      await app.services.audit.record({ actor: null, workstation: 'ws', event: 'e', outcome: 'allowed', reason: `entry ${i}` });
    await dropGuards(app);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    const pageSize = 4;
    const setEntry = (seq: number, entry: string) => db.updateTable('audit_log').set({ entry }).where('seq', '=', seq).execute();
    // Entries 4 and 5 end and start a page of 4 (pages start at 1, 5, 9, ...); 7 is mid-page.
    for (const seq of [4, 5, 7]) {
      const e = entries[seq - 1]!;
      const tamperings: [string, () => Promise<unknown>, () => Promise<unknown>, object, object][] = [
        [
          'altered',
          () => setEntry(seq, edited(e, { reason: 'edited' }).entry),
          () => setEntry(seq, e.entry),
          { kind: 'altered', fromSeq: seq, toSeq: seq },
          { brokenSeq: seq, problem: expect.stringContaining('altered') },
        ],
        [
          'unlinked',
          () => setEntry(seq, edited(e, { prev_hash: 'a'.repeat(64) }).entry),
          () => setEntry(seq, e.entry),
          { kind: 'unlinked', fromSeq: seq - 1, toSeq: seq },
          { brokenSeq: seq, problem: expect.stringContaining('link') },
        ],
        [
          'missing',
          () => db.deleteFrom('audit_log').where('seq', '=', seq).execute(),
          () => db.insertInto('audit_log').values(storedColumns(e)).execute(),
          { kind: 'missing', fromSeq: seq, toSeq: seq },
          { brokenSeq: seq, problem: expect.stringContaining('missing') },
        ],
      ];
      for (const [what, tamper, restore, problem, chain] of tamperings) {
        await tamper();
        const paged = await report(app, pageSize);
        expect(paged.problems[0], `${what} ${seq}`).toMatchObject(problem);
        expect(paged.problems, `${what} ${seq}: paged as in one page`).toEqual((await report(app, 1000)).problems);
        expect(await app.services.audit.verify(db, pageSize), `${what} ${seq}`).toMatchObject({ ok: false, ...chain });
        await restore();
        expect(await app.services.audit.verify(db, pageSize), `${what} ${seq} restored`).toMatchObject({ ok: true });
      }
    }
    expect(await report(app, pageSize)).toMatchObject({
      ok: true,
      checked: entries.length,
      head: { seq: entries.length, hash: entries.at(-1)!.hash },
    });
  });
});
