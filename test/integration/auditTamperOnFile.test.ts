/**
 * Tampering as someone with the SQLite file but not the app (and not the master key) would do it:
 * a separate better-sqlite3 connection on the file, outside every service, while the app is
 * stopped. Verification then runs on the file as it was left (as an auditor would, with the
 * witness folder) and in the app started again on it.
 */
import BetterSqlite3 from 'better-sqlite3';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { signCheckpoint } from '../../electron/services/audit/checkpoint.js';
import { verifyTrail, type IntegrityReport } from '../../electron/services/audit/trailVerifier.js';
import { checkpointKeyPair } from '../../electron/services/keys/checkpointKeys.js';
import { databaseIdentity, openSqlite } from '../../db/connection.js';
import type { AuditEntry } from '../../db/schema.js';
import { edited, forged, storedColumns } from '../support/auditTamper.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';
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

function rawClose(raw: BetterSqlite3.Database): void {
  raw.close();
  raws.splice(raws.indexOf(raw), 1);
}

/** What an attacker with the file does first: remove the guards the file carries. */
function dropGuards(raw: BetterSqlite3.Database): void {
  raw.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete; drop trigger audit_log_extends_head;');
}

function dropCheckpointGuards(raw: BetterSqlite3.Database): void {
  raw.exec('drop trigger audit_checkpoints_no_update; drop trigger audit_checkpoints_no_delete;');
}

async function appWithEntries(n: number): Promise<TestApp> {
  const app = await createTestApp();
  await appendTestEntries(app, n);
  return app;
}

/** An app that wrote entries and stopped: its file and witness are what an attacker finds. */
async function stoppedApp(n = 5): Promise<TestApp> {
  const app = await appWithEntries(n);
  await app.stop();
  return app;
}

const ring = testKeyRing();
const trusted = (version: number) => (ring.holds(version) ? ring.checkpointKeyPair(version).publicKeyBase64 : null);

/** Verification of the file as it lies on disk, with the app's witness folder: what an auditor with a copy runs. */
async function verifyFile(app: TestApp): Promise<IntegrityReport> {
  const handle = openSqlite(app.sqlitePath);
  try {
    return await verifyTrail({
      db: handle.db,
      database: databaseIdentity({ sqlitePath: app.sqlitePath }),
      witnessFolder: app.witnessFolder,
      trustedPublicKey: trusted,
    });
  } finally {
    await handle.close();
  }
}

/** The app started again on its file, as the same workstation (it writes its start checkpoint first). */
function restart(app: TestApp) {
  return startClearance({
    sqlitePath: app.sqlitePath,
    workstation: app.workstation,
    clock: app.clock,
    contentDir: FIXTURE_CONTENT_DIR,
    keyCustody: testKeyCustody(),
    witnessFolder: app.witnessFolder,
  });
}

/** Starts the app again on the file and verifies there. */
async function verifyAfterRestart(app: TestApp): Promise<IntegrityReport> {
  const again = await restart(app);
  try {
    return await again.services.auditIntegrity.verify();
  } finally {
    await again.stop();
  }
}

function rows(raw: BetterSqlite3.Database): AuditEntry[] {
  return raw.prepare('select * from audit_log order by seq').all() as AuditEntry[];
}

function entryAt(raw: BetterSqlite3.Database, seq: number): AuditEntry {
  return raw.prepare('select * from audit_log where seq = ?').get(seq) as AuditEntry;
}

/** Writes the entry as the table takes it: its bytes and their hash (SQLite computes every field from the bytes). */
function insert(raw: BetterSqlite3.Database, e: AuditEntry, verb = 'insert'): void {
  raw.prepare(`${verb} into audit_log (seq, entry, hash) values (@seq, @entry, @hash)`).run(storedColumns(e));
}

/** Writes new bytes for an entry, its stored hash kept or (a forgery) replaced. */
function overwrite(raw: BetterSqlite3.Database, e: AuditEntry): void {
  raw.prepare('update audit_log set entry = ?, hash = ? where seq = ?').run(e.entry, e.hash, e.seq);
}

/** A well-formed entry after the head, as an attacker would forge it: right seq, right previous hash, right own hash. */
function forgeAppend(raw: BetterSqlite3.Database, fields: Partial<Omit<AuditEntry, 'entry' | 'hash'>>): AuditEntry {
  const head = rows(raw).at(-1)!;
  const append = forged(head, {
    seq: head.seq + 1,
    at: new Date(new Date(head.at).getTime() + 60_000).toISOString(),
    actor_id: 4,
    actor_username: 'rosa.diaz',
    event: 'record.open',
    resource_type: 'PersonalRecord',
    resource_id: '17',
    outcome: 'allowed',
    reason: 'records clerk of Records Management; training current',
    details: '{}',
    prev_hash: head.hash,
    ...fields,
  });
  insert(raw, append);
  return append;
}

function firstProblem(report: IntegrityReport) {
  expect(report.ok).toBe(false);
  return report.problems[0]!;
}

describe('the audit trail in the SQLite file, seen from outside the app', () => {
  it('refuses UPDATE, DELETE and an INSERT OR REPLACE from any connection, because the triggers live in the file', async () => {
    const app = await appWithEntries(3);
    const raw = rawOpen(app.sqlitePath);
    const third = rows(raw)[2]!;
    // The fields are computed from the stored bytes: an edit of the reason is an edit of the bytes.
    expect(() => raw.prepare('update audit_log set entry = ? where seq = 3').run(edited(third, { reason: 'edited' }).entry)).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('delete from audit_log where seq = 3').run()).toThrow(/append-only/);
    expect(() => insert(raw, forged(third, { reason: 'edited' }), 'insert or replace')).toThrow(/append-only/);
    expect(raw.prepare('select reason from audit_log where seq = 3').get()).toEqual({ reason: third.reason });
    expect(() => raw.prepare('update audit_checkpoints set seq = 1').run()).toThrow(/append-only/);
    expect(await app.services.audit.verify(app.handle.db)).toMatchObject({ ok: true });
  });

  it('names entry 3 when its reason is edited after the triggers are dropped', async () => {
    const app = await appWithEntries(5);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    raw.prepare('update audit_log set entry = ? where seq = 3').run(edited(entryAt(raw, 3), { reason: 'nothing happened' }).entry);
    expect(entryAt(raw, 3).reason).toBe('nothing happened');
    const result = await app.services.audit.verify(app.handle.db);
    expect(result).toMatchObject({ ok: false, brokenSeq: 3, checked: 2 });
    if (!result.ok) expect(result.problem).toMatch(/entry 3 .*altered/);
  });

  it('still catches an attacker who recomputes the edited entry’s hash: the next entry no longer links', async () => {
    const app = await appWithEntries(5);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    const rewritten = forged(entryAt(raw, 3), { reason: 'nothing happened' });
    overwrite(raw, rewritten);
    expect(entryAt(raw, 3)).toMatchObject({ reason: 'nothing happened', hash: rewritten.hash });
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
    const app = await stoppedApp(3);
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    raw.prepare('update audit_log set entry = ? where seq = 3').run(edited(entryAt(raw, 3), { outcome: 'denied' }).entry);
    rawClose(raw);
    const report = await verifyAfterRestart(app);
    expect(firstProblem(report)).toMatchObject({
      kind: 'altered',
      fromSeq: 3,
      toSeq: 3,
      message: 'Entry 3 was altered after it was written.',
    });
  });
});

describe('checkpoints and the witness against someone with the file but not the key', () => {
  it('an untouched database verifies clean, on the file and after the app starts again', async () => {
    const app = await stoppedApp();
    const onFile = await verifyFile(app);
    expect(onFile).toMatchObject({ ok: true, problems: [], warnings: [] });
    // The stop checkpoint of the demo template's maker, then the start and stop of this run, each also in its witness.
    expect(onFile.checkpoints).toMatchObject({ inDatabase: 3, verified: 3, last: { kind: 'stop', workstation: 'test-ws' } });
    expect(onFile.witness.lines).toBe(2);
    expect(onFile.checkpoints.last!.seq).toBe(onFile.head!.seq);

    const restarted = await verifyAfterRestart(app);
    expect(restarted).toMatchObject({ ok: true, problems: [], warnings: [] });
    expect(restarted.checkpoints.verified).toBe(4);
  });

  it('a workstation whose clock went back between a stop and its next start still verifies clean: no false "forged"', async () => {
    const app = await stoppedApp();
    // Stopped at one time, started again with its clock an hour behind (corrected by the OS, a restored machine).
    app.clock.set(new Date(app.clock.now().getTime() - 3600_000));
    const again = await restart(app);
    await appendTestEntries(again, 3);
    app.clock.advance(60_000);
    await again.stop();
    const onFile = await verifyFile(app);
    expect(onFile).toMatchObject({ ok: true, problems: [], warnings: [] });
    expect(onFile.checkpoints.last).toMatchObject({ kind: 'stop', workstation: app.workstation, seq: onFile.head!.seq });
  });

  it('names the truncation of the tail and the entries removed, even when the checkpoints are deleted from the file too', async () => {
    const app = await stoppedApp();
    const raw = rawOpen(app.sqlitePath);
    const headSeq = rows(raw).at(-1)!.seq;
    dropGuards(raw);
    raw.prepare('delete from audit_log where seq > ?').run(headSeq - 4);
    rawClose(raw);
    expect(firstProblem(await verifyFile(app))).toEqual({
      kind: 'truncated',
      message: `The trail ends at entry ${headSeq - 4}, but the stop checkpoint of test-ws at entry ${headSeq} signed entry ${headSeq}: entries ${headSeq - 3}–${headSeq} were removed.`,
      fromSeq: headSeq - 3,
      toSeq: headSeq,
    });

    // The witness still remembers the head when the database's own checkpoints are gone.
    const again = rawOpen(app.sqlitePath);
    dropCheckpointGuards(again);
    again.prepare('delete from audit_checkpoints').run();
    rawClose(again);
    const report = await verifyFile(app);
    expect(firstProblem(report)).toMatchObject({ kind: 'truncated', fromSeq: headSeq - 3, toSeq: headSeq });
    expect(report.checkpoints.inDatabase).toBe(0);
    expect(report.warnings).toEqual([expect.stringMatching(/^2 checkpoint\(s\) are in the witness but not in the database/)]);

    // Started again, the app signs the shortened head and appends its start entry: the removal is still named.
    const restarted = await verifyAfterRestart(app);
    expect(firstProblem(restarted)).toMatchObject({ kind: 'truncated', fromSeq: headSeq - 2, toSeq: headSeq });
  });

  it('names entries removed from the tail and replaced by others as removed or replaced', async () => {
    const app = await stoppedApp(3);
    const raw = rawOpen(app.sqlitePath);
    const headSeq = rows(raw).at(-1)!.seq;
    dropGuards(raw);
    raw.prepare('delete from audit_log where seq > ?').run(headSeq - 2);
    for (let i = 0; i < 4; i++) forgeAppend(raw, { workstation: 'PRIV-WS-99', resource_id: String(i) });
    rawClose(raw);
    const report = await verifyFile(app);
    expect(firstProblem(report)).toMatchObject({ kind: 'rewritten', toSeq: headSeq });
    expect(report.problems[0]!.message).toMatch(
      new RegExp(
        `^Entry ${headSeq} is not the entry the stop checkpoint of test-ws at entry ${headSeq} signed: entries \\d+–${headSeq} were removed or replaced\\.$`,
      ),
    );
  });

  it('names a forged append with a correct previous hash, made while the app was stopped', async () => {
    const app = await stoppedApp();
    const raw = rawOpen(app.sqlitePath);
    // The head guard lets it in: it extends the head. Nothing in the chain is wrong.
    const append = forgeAppend(raw, { workstation: 'test-ws' });
    rawClose(raw);
    const handle = openSqlite(app.sqlitePath);
    const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
    expect(await new AuditLog(handle.db, 'sqlite', app.clock).verify()).toMatchObject({ ok: true });
    await handle.close();

    const expected = {
      kind: 'forged',
      message: `Entry ${append.seq} is in the name of test-ws, which had stopped (the stop checkpoint of test-ws at entry ${append.seq - 1}) and had not started again: not written by Clearance.`,
      fromSeq: append.seq,
      toSeq: append.seq,
    };
    expect(firstProblem(await verifyFile(app))).toEqual(expected);
    // The next start signs the head with the forged entry in it; the forgery is still named.
    expect(firstProblem(await verifyAfterRestart(app))).toEqual(expected);
  });

  it('names entries forged in the name of a workstation that never signed a checkpoint', async () => {
    const app = await stoppedApp();
    const raw = rawOpen(app.sqlitePath);
    const first = forgeAppend(raw, { workstation: 'PRIV-WS-99' });
    forgeAppend(raw, { workstation: 'PRIV-WS-99', resource_id: '18' });
    rawClose(raw);
    const report = await verifyFile(app);
    expect(report.warnings).toEqual([
      `2 entries from ${first.seq} on are in the name of PRIV-WS-99, which has written no signed checkpoint (a workstation that is not enrolled, or not Clearance).`,
    ]);
  });

  it('names an entry overwritten with INSERT OR REPLACE once the head guard is dropped', async () => {
    const app = await stoppedApp();
    const raw = rawOpen(app.sqlitePath);
    const third = rows(raw)[2]!;
    const replacement = forged(third, { reason: 'a harmless reason' });
    expect(() => insert(raw, replacement, 'insert or replace')).toThrow(/append-only: a new entry must extend the head/);
    raw.exec('drop trigger audit_log_extends_head');
    // No UPDATE or DELETE trigger fires for a replace: that is why the head guard exists.
    insert(raw, replacement, 'insert or replace');
    expect(rows(raw)[2]!.reason).toBe('a harmless reason');
    rawClose(raw);
    expect(firstProblem(await verifyFile(app))).toEqual({
      kind: 'unlinked',
      message: 'Entry 4 does not link to entry 3: entry 3 was replaced after entry 4 was written.',
      fromSeq: 3,
      toSeq: 4,
    });
  });

  it('names a full rewrite by someone without the key: the signed heads no longer match, forged checkpoints do not verify', async () => {
    const app = await stoppedApp();
    const raw = rawOpen(app.sqlitePath);
    dropGuards(raw);
    dropCheckpointGuards(raw);
    // Entry 2 says something else, and every hash after it is recomputed: the chain itself is flawless.
    const all = rows(raw);
    let prev = '0'.repeat(64);
    const rewritten = all.map((e) => {
      const r = forged(e, { reason: e.seq === 2 ? 'a different story' : e.reason, prev_hash: prev });
      prev = r.hash;
      return r;
    });
    raw.prepare('delete from audit_log').run();
    for (const e of rewritten) insert(raw, e);
    const stored = raw.prepare('select * from audit_checkpoints order by id').all() as Record<string, unknown>[];
    const firstCheckpointSeq = Number(stored[0]!.seq);
    // The first checkpoint in this file: the demo template's maker stopping.
    const first = `the ${String(stored[0]!.kind)} checkpoint of ${String(stored[0]!.workstation)} at entry ${firstCheckpointSeq}`;
    const handle = openSqlite(app.sqlitePath);
    const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
    rawClose(raw);
    expect(await new AuditLog(handle.db, 'sqlite', app.clock).verify()).toMatchObject({ ok: true });
    await handle.close();

    expect(firstProblem(await verifyFile(app))).toEqual({
      kind: 'rewritten',
      message: `Entry ${firstCheckpointSeq} is not the entry ${first} signed: entries 1–${firstCheckpointSeq} were removed or replaced.`,
      fromSeq: 1,
      toSeq: firstCheckpointSeq,
    });

    // The attacker replaces the checkpoints with ones of their own, signed with a key they made.
    const theirs = checkpointKeyPair(Buffer.alloc(32, 66));
    const again = rawOpen(app.sqlitePath);
    again.prepare('delete from audit_checkpoints').run();
    for (const c of stored) {
      const seq = Number(c.seq);
      const signed = signCheckpoint(
        {
          database: String(c.database_id),
          seq,
          headHash: rewritten[seq - 1]!.hash,
          at: String(c.at),
          workstation: String(c.workstation),
          kind: c.kind as 'start',
          witness: null,
        },
        { keyVersion: 1, publicKeyBase64: theirs.publicKeyBase64, sign: (m) => theirs.sign(m) },
      );
      again
        .prepare(
          `insert into audit_checkpoints (database_id, seq, head_hash, at, workstation, kind, key_version, witness, public_key, signature)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          signed.database,
          signed.seq,
          signed.headHash,
          signed.at,
          signed.workstation,
          signed.kind,
          1,
          null,
          signed.publicKey,
          signed.signature,
        );
    }
    rawClose(again);
    const report = await verifyFile(app);
    expect(firstProblem(report)).toMatchObject({ kind: 'rewritten', fromSeq: 1, toSeq: firstCheckpointSeq });
    expect(report.problems.filter((p) => p.kind === 'bad-signature')).toHaveLength(stored.length);
    expect(report.problems.find((p) => p.kind === 'bad-signature')!.message).toBe(
      `The database holds ${first} whose signature does not hold: it was altered, or forged without the key.`,
    );
  });

  it('checks the witness file against the database: a removed or edited witness line is named', async () => {
    const app = await stoppedApp();
    const [file] = readdirSync(app.witnessFolder);
    const path = join(app.witnessFolder, file!);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    writeFileSync(path, `${lines[0]}\n`);
    const stopSeq = (JSON.parse(lines[1]!) as { seq: number }).seq;
    expect(firstProblem(await verifyFile(app))).toEqual({
      kind: 'witness-missing',
      message: `The stop checkpoint of test-ws at entry ${stopSeq} was written to the witness in ${app.witnessFolder}, but the witness no longer holds it: the witness was edited or replaced.`,
      fromSeq: null,
      toSeq: null,
    });

    appendFileSync(path, `${lines[1]!.replace(/"seq":\d+/, `"seq":${stopSeq - 1}`)}\n`);
    const report = await verifyFile(app);
    expect(report.problems.map((p) => p.kind)).toEqual(['witness-malformed', 'witness-missing']);
    expect(report.problems[0]!.message).toBe(
      `Line 2 of the witness file ${file} in ${app.witnessFolder} has a signature that does not hold: the witness was edited.`,
    );
  });
});
