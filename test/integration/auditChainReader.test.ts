/**
 * Chain verification on SQLite takes each entry's canonical bytes from SQLite (json_array) instead
 * of serializing thirteen columns in JavaScript. These tests prove the shortcut changes no verdict:
 * SQLite's bytes equal JavaScript's for every code point and every awkward value; an entry SQLite
 * cannot serialize exactly is judged the JavaScript way; and tampering exactly at a page border is
 * named as it is mid-page, on both dialects.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteChainReader } from '../../db/auditChainReader.js';
import type { AuditEntry } from '../../db/schema.js';
import { CANONICAL_FIELDS, CANONICAL_INTEGERS, canonicalEntry, entryHash, sha256Hex } from '../../electron/services/audit/canonical.js';
import { verifyTrail } from '../../electron/services/audit/trailVerifier.js';
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

/** Every Unicode scalar value (no lone surrogates: text in the database is UTF-8), in strings of 4,096. */
function everyCodePoint(): string[] {
  const chunks: string[] = [];
  let chunk = '';
  let n = 0;
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    chunk += String.fromCodePoint(c);
    if (++n % 4096 === 0) {
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

const report = (app: TestApp, pageSize?: number) =>
  verifyTrail({
    db: app.handle.db,
    database: 'test',
    trustedPublicKey: () => null,
    witnessFolder: null,
    ...(pageSize ? { pageSize } : {}),
  });

describe('the canonical bytes SQLite builds', () => {
  it('are the bytes JavaScript builds, for every code point and every awkward or empty value, with nulls', async () => {
    const app = await createTestApp({ dialect: 'sqlite' });
    const texts = [...everyCodePoint(), ...TRICKY];
    for (const [i, text] of texts.entries()) {
      await app.services.audit.record({
        actor: i % 2 ? { id: 1, username: text } : null,
        workstation: text,
        event: text,
        outcome: 'allowed',
        ...(i % 3 ? { resource: { type: text, id: text } } : {}),
        reason: text,
        details: { [text]: text },
      });
    }
    const read = sqliteChainReader(app.handle.db, CANONICAL_FIELDS, CANONICAL_INTEGERS)!;
    expect(read).not.toBeNull();
    const entries = await storedEntries(app);
    const rows = await read(1, entries.length + 10);
    expect(rows).toHaveLength(entries.length);
    for (const [i, e] of entries.entries()) {
      const [seq, canonical, hash, prevHash, workstation] = rows[i]!;
      expect([seq, hash, prevHash, workstation]).toEqual([e.seq, e.hash, e.prev_hash, e.workstation]);
      // Equal bytes, not only an equal verdict: compared as strings, the first difference is shown.
      expect(canonical, `entry ${e.seq}`).toBe(canonicalEntry(e));
    }
    expect(await app.services.audit.verify(app.handle.db, 50)).toMatchObject({ ok: true, checked: entries.length });
    expect(await report(app, 50)).toMatchObject({ ok: true, checked: entries.length, problems: [] });
  });

  it('are not trusted where SQLite and JavaScript would differ: a real, text or a huge number as actor, a blob as text', async () => {
    const app = await createTestApp({ dialect: 'sqlite' });
    for (let i = 0; i < 12; i++)
      await app.services.audit.record({
        actor: { id: 1, username: 'u' },
        workstation: 'ws',
        event: 'e',
        outcome: 'allowed',
        reason: `r${i}`,
      });
    await dropGuards(app);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    /** Hashes and links every entry again, the JavaScript way, over the values JavaScript reads back. */
    const rechain = async () => {
      let prev = '0'.repeat(64);
      for (const row of await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()) {
        const hash = entryHash({
          ...row,
          prev_hash: prev,
          seq: Number(row.seq),
          actor_id: row.actor_id === null ? null : Number(row.actor_id),
        });
        await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
        prev = hash;
      }
    };
    const rewrite = (seq: number, column: string, value: ReturnType<typeof sql>) =>
      sql`update audit_log set ${sql.ref(column)} = ${value} where seq = ${seq}`.execute(db);
    // Rewritten consistently (hash and links redone the JavaScript way): the chain holds, whatever SQLite makes of it.
    await rewrite(2, 'actor_id', sql`1.5`);
    await rewrite(5, 'actor_id', sql`'not a number'`);
    await rewrite(8, 'reason', sql`x'626c6f62'`);
    await rechain();
    expect(await app.services.audit.verify(db, 4)).toMatchObject({ ok: true, checked: entries.length });
    expect(await report(app, 4)).toMatchObject({ ok: true, problems: [] });

    // An entry hashed over SQLite's bytes where JavaScript reads other ones (2^53 + 1 reads as 2^53) is altered,
    // as the JavaScript serialization says: SQLite's bytes never vouch for an entry JavaScript would reject.
    await sql`update audit_log set actor_id = 9007199254740993 where seq = 11`.execute(db);
    const sqliteBytes = (
      await sql<{ j: string }>`select json_array(${sql.raw(CANONICAL_FIELDS.join(', '))}) as j from audit_log where seq = 11`.execute(db)
    ).rows[0]!.j;
    expect(sqliteBytes).toContain('9007199254740993');
    await db
      .updateTable('audit_log')
      .set({ hash: sha256Hex(sqliteBytes) })
      .where('seq', '=', 11)
      .execute();
    expect(await app.services.audit.verify(db, 4)).toMatchObject({ ok: false, brokenSeq: 11, problem: expect.stringContaining('altered') });
    expect((await report(app, 4)).problems[0]).toMatchObject({ kind: 'altered', fromSeq: 11, toSeq: 11 });
  });
});

describe.each(testDialects())('chain verification across page borders on %s', (dialect) => {
  it('names the exact entry altered, unlinked or missing at the first and last entry of a page as mid-page, as one long page does', async () => {
    const app = await createTestApp({ dialect });
    for (let i = 0; i < 14; i++)
      await app.services.audit.record({ actor: null, workstation: 'ws', event: 'e', outcome: 'allowed', reason: `entry ${i}` });
    await dropGuards(app);
    const db = app.handle.db;
    const entries = await storedEntries(app);
    const pageSize = 4;
    // Entries 4 and 5 end and start a page of 4 (pages start at 1, 5, 9, ...); 7 is mid-page.
    for (const seq of [4, 5, 7]) {
      const e = entries[seq - 1]!;
      const tamperings: [string, () => Promise<unknown>, () => Promise<unknown>, object, object][] = [
        [
          'altered',
          () => db.updateTable('audit_log').set({ reason: 'edited' }).where('seq', '=', seq).execute(),
          () => db.updateTable('audit_log').set({ reason: e.reason }).where('seq', '=', seq).execute(),
          { kind: 'altered', fromSeq: seq, toSeq: seq },
          { brokenSeq: seq, problem: expect.stringContaining('altered') },
        ],
        [
          'unlinked',
          () =>
            db
              .updateTable('audit_log')
              .set({ prev_hash: 'a'.repeat(64) })
              .where('seq', '=', seq)
              .execute(),
          () => db.updateTable('audit_log').set({ prev_hash: e.prev_hash }).where('seq', '=', seq).execute(),
          { kind: 'unlinked', fromSeq: seq - 1, toSeq: seq },
          { brokenSeq: seq, problem: expect.stringContaining('link') },
        ],
        [
          'missing',
          () => db.deleteFrom('audit_log').where('seq', '=', seq).execute(),
          () => db.insertInto('audit_log').values(e).execute(),
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
