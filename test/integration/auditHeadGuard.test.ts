/**
 * The database itself refuses every write to the audit trail that does not extend its head: an
 * UPDATE, a DELETE, and an INSERT whose seq or prev_hash is not the next link, including SQLite's
 * INSERT OR REPLACE and the upsert (ON CONFLICT) paths, which replace rows without an UPDATE or
 * DELETE trigger firing. Run through the app's own connection, so grants play no part.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../db/schema.js';
import { forged } from '../support/auditTamper.js';
import { appendTestEntries, createTestApp, testDialects, type TestApp } from '../support/testApp.js';

const REFUSED = /append-only: a new entry must extend the head/;

async function head(app: TestApp): Promise<AuditEntry> {
  return app.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
}

async function entry(app: TestApp, seq: number): Promise<AuditEntry> {
  return app.handle.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** A well-formed entry (its own hash correct) at `seq`, linked to `prevHash`. */
function wellFormed(base: AuditEntry, seq: number, prevHash: string, reason = 'nothing happened'): AuditEntry {
  return forged(base, { seq, prev_hash: prevHash, reason });
}

/** The entry written as the table takes it: its bytes and their hash (the database computes every field from the bytes). */
function insertSql(e: AuditEntry, verb: 'insert' | 'insert or replace' | 'replace', tail = '') {
  return sql`${sql.raw(verb)} into audit_log (seq, entry, hash) values (${e.seq}, ${e.entry}, ${e.hash}) ${sql.raw(tail)}`;
}

describe.each(testDialects())('the audit trail on %s only grows at its head', (dialect) => {
  it('refuses an entry that skips a seq, repeats one, or does not link to the last hash; the trail is unchanged', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 3);
    const last = await head(app);
    const seq = Number(last.seq);
    await expect(insertSql(wellFormed(last, seq + 2, last.hash), 'insert').execute(app.handle.db)).rejects.toThrow(REFUSED);
    await expect(insertSql(wellFormed(last, seq + 1, '1'.repeat(64)), 'insert').execute(app.handle.db)).rejects.toThrow(REFUSED);
    const older = await entry(app, seq - 1);
    await expect(insertSql(wellFormed(older, seq - 1, older.prev_hash), 'insert').execute(app.handle.db)).rejects.toThrow(
      dialect === 'sqlite' ? REFUSED : /append-only|duplicate key/,
    );
    expect(await head(app)).toEqual(last);
    expect(await app.services.audit.verify(app.handle.db)).toMatchObject({ ok: true, headSeq: seq });
  });

  it('refuses the replace and upsert paths that overwrite an existing entry', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 4);
    const target = await entry(app, Number((await head(app)).seq) - 2);
    const replacement = wellFormed(target, Number(target.seq), target.prev_hash);
    const attempts =
      dialect === 'sqlite'
        ? [
            insertSql(replacement, 'insert or replace'),
            insertSql(replacement, 'replace'),
            insertSql(replacement, 'insert', 'on conflict (seq) do update set entry = excluded.entry, hash = excluded.hash'),
            insertSql(replacement, 'insert', 'on conflict do nothing'),
          ]
        : [
            insertSql(replacement, 'insert', 'on conflict (seq) do update set entry = excluded.entry, hash = excluded.hash'),
            insertSql(replacement, 'insert', 'on conflict do nothing'),
          ];
    for (const attempt of attempts) await expect(attempt.execute(app.handle.db)).rejects.toThrow(REFUSED);
    expect(await entry(app, Number(target.seq))).toEqual(target);
    expect((await app.services.audit.verify(app.handle.db)).ok).toBe(true);
  });

  it('accepts the next link, as the app writes it', async () => {
    const app = await createTestApp({ dialect });
    const last = await head(app);
    const next = wellFormed(last, Number(last.seq) + 1, last.hash, 'the next entry');
    await insertSql(next, 'insert').execute(app.handle.db);
    expect((await head(app)).hash).toBe(next.hash);
    await appendTestEntries(app, 2);
    expect(await app.services.audit.verify(app.handle.db)).toMatchObject({ ok: true, headSeq: Number(last.seq) + 3 });
  });
});
