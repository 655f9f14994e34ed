/**
 * Migration 090 stores each audit entry as the bytes its hash covers and computes its fields from
 * them. A trail written before it must come through whole: every field as it was, every hash as it
 * was, an entry altered before the migration still named altered after it, and the chain going on
 * from its head. On PostgreSQL the fields are stored copies (generated when written): someone who
 * detaches one from the bytes and edits it is named too.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteAuditTableIntact } from '../../db/auditLogTable.js';
import { sqliteConnectionOf, type DatabaseHandle } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { migrations } from '../../db/migrations/index.js';
import { AuditLog } from '../../electron/services/audit/auditLog.js';
import { sha256Hex } from '../../electron/services/audit/canonical.js';
import { verifyTrail } from '../../electron/services/audit/trailVerifier.js';
import { ManualClock } from '../../electron/services/clock.js';
import { databaseBefore } from '../support/emptyDatabase.js';
import { testDialects } from '../support/testApp.js';

interface OldEntry {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_username: string | null;
  workstation: string;
  event: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: 'allowed' | 'denied';
  reason: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Fields as the app wrote them before 090, text of every awkward kind included. */
const WRITTEN: Omit<OldEntry, 'seq' | 'prev_hash' | 'hash'>[] = [
  {
    at: '2026-03-02T09:00:00.000Z',
    actor_id: 4,
    actor_username: 'rosa.diaz',
    workstation: 'front-desk',
    event: 'record.open',
    resource_type: 'PersonalRecord',
    resource_id: '17',
    outcome: 'allowed',
    reason: 'records clerk of Records Management; training current',
    details: '{"purpose":"request"}',
  },
  {
    at: '2026-03-02T09:01:00.000Z',
    actor_id: null,
    actor_username: null,
    workstation: 'ws "east" \\ 2',
    event: 'auth.sign_in',
    resource_type: null,
    resource_id: null,
    outcome: 'denied',
    reason: 'Wrong password for “Zoë” — tab\there, line\nbreak, U+2028 \u2028, emoji 🙂',
    details: '{"attempt":3}',
  },
  {
    at: '2026-03-02T09:02:00.000Z',
    actor_id: 9,
    actor_username: 'priya.shah',
    workstation: 'front-desk',
    event: 'audit.search',
    resource_type: 'audit',
    resource_id: '*',
    outcome: 'allowed',
    reason: 'privacy officer',
    details: '{}',
  },
];

/** The chain as the app hashed it before 090: SHA-256 of one JSON array of the fields in order. */
function chained(): OldEntry[] {
  let prev = '0'.repeat(64);
  return WRITTEN.map((fields, i) => {
    const unhashed = { seq: i + 1, ...fields, prev_hash: prev };
    const hash = sha256Hex(
      JSON.stringify([
        unhashed.seq,
        unhashed.at,
        unhashed.actor_id,
        unhashed.actor_username,
        unhashed.workstation,
        unhashed.event,
        unhashed.resource_type,
        unhashed.resource_id,
        unhashed.outcome,
        unhashed.reason,
        unhashed.details,
        unhashed.prev_hash,
      ]),
    );
    prev = hash;
    return { ...unhashed, hash };
  });
}

/** Writes entries into the table as it was before 090 (the fields were its columns then). */
async function writeOld(h: DatabaseHandle, entries: OldEntry[]): Promise<void> {
  const old = h.db as unknown as Kysely<{ audit_log: OldEntry }>;
  for (const e of entries) await old.insertInto('audit_log').values(e).execute();
}

function verify(h: DatabaseHandle) {
  return verifyTrail({ db: h.db, database: 'migration-test', trustedPublicKey: () => null, witnessFolder: null });
}

describe.each(testDialects())('migration 090: audit entries stored as the bytes their hash covers (%s)', (dialect) => {
  it('carries every entry over with its fields and hash as they were, and the chain goes on from its head', async () => {
    const h = await databaseBefore(dialect, 90);
    const old = chained();
    await writeOld(h, old);
    await migrate(h, migrations);

    const rows = await h.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map(({ entry: _entry, ...fields }) => ({ ...fields, seq: Number(fields.seq) }))).toEqual(old);
    for (const row of rows) expect(sha256Hex(row.entry)).toBe(row.hash);
    expect((await verify(h)).problems).toEqual([]);

    const log = new AuditLog(h.db, dialect, new ManualClock(new Date('2026-03-02T10:00:00.000Z')));
    const next = await log.record({ actor: null, workstation: 'front-desk', event: 'app.start', outcome: 'allowed', reason: 'started' });
    expect(next.seq).toBe(4);
    expect(next.prev_hash).toBe(old[2]!.hash);
    const report = await verify(h);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(4);
  });

  it('still names an entry altered before the migration, and only that one', async () => {
    const h = await databaseBefore(dialect, 90);
    const old = chained();
    // Edited in place before 090, its hash left as it was.
    old[1] = { ...old[1]!, reason: 'nothing happened' };
    await writeOld(h, old);
    await migrate(h, migrations);

    const report = await verify(h);
    expect(report.problems.map((p) => p.message)).toEqual(['Entry 2 was altered after it was written.']);
  });

  it('keeps the trail append-only and growing only at its head', async () => {
    const h = await databaseBefore(dialect, 90);
    await writeOld(h, chained());
    await migrate(h, migrations);
    await expect(sql`update audit_log set entry = ${'[]'} where seq = 2`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 3`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`insert into audit_log (seq, entry, hash) values (${9}, ${'[9]'}, ${'0'.repeat(64)})`.execute(h.db)).rejects.toThrow(
      /extend the head/,
    );
    expect(await h.db.selectFrom('audit_log').select('seq').execute()).toHaveLength(3);
  });
});

describe.runIf(testDialects().includes('sqlite'))('the audit table on sqlite after migration 090', () => {
  it('is exactly the definition the workers rely on', async () => {
    const h = await databaseBefore('sqlite', 90);
    await migrate(h, migrations);
    const stored = sqliteConnectionOf(h.db)!
      .prepare("select sql from sqlite_master where type = 'table' and name = 'audit_log'")
      .pluck()
      .get() as string;
    expect(sqliteAuditTableIntact(stored)).toBe(true);
    expect(sqliteAuditTableIntact(stored.replace('(entry ->> 9)', "('nothing happened')"))).toBe(false);
  });
});

describe.runIf(testDialects().includes('postgres'))('the audit table on postgres after migration 090', () => {
  it('names an entry whose stored field was detached from its bytes and edited', async () => {
    const h = await databaseBefore('postgres', 90);
    await writeOld(h, chained());
    await migrate(h, migrations);
    // What a superuser can do: make the field an ordinary column again, lift the guard, and edit it.
    await sql`alter table audit_log alter column reason drop expression`.execute(h.db);
    await sql`drop trigger audit_log_no_update_delete on audit_log`.execute(h.db);
    await sql`update audit_log set reason = ${'nothing happened'} where seq = 2`.execute(h.db);

    const report = await verify(h);
    expect(report.problems.map((p) => p.message)).toEqual(['Entry 2 was altered after it was written.']);
  });
});
