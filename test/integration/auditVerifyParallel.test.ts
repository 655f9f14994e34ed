/**
 * Chain verification in worker threads (SQLite files): ranges of the chain are checked in workers,
 * and those not clean are walked entry by entry. Whatever the trail holds, the report must be the
 * one the walk alone gives, to the word: each case verifies the same file both ways and compares.
 * The trails are a few thousand entries written by two workstations, in ranges of 400 entries, so
 * runs of a workstation cross range borders and a checkpoint falls inside a range.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { canonicalEntry, entryHash, sha256Hex } from '../../electron/services/audit/canonical.js';
import { chainRangeChecks, type RangeAnswer } from '../../electron/services/audit/chainPages.js';
import { verifyTrail, type IntegrityReport, type TrailProblemKind } from '../../electron/services/audit/trailVerifier.js';
import { databaseIdentity, openSqlite } from '../../db/connection.js';
import type { AuditEntry } from '../../db/schema.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

const ring = testKeyRing();
const trusted = (version: number) => (ring.holds(version) ? ring.checkpointKeyPair(version).publicKeyBase64 : null);
const CHUNK = 400;

/** Entries appended through a connection of its own, each extending the head as the app would write it. */
function appendRaw(path: string, count: number, workstationOf: (i: number) => string): void {
  const raw = new BetterSqlite3(path);
  try {
    raw.transaction(() => {
      let head = raw.prepare('select * from audit_log order by seq desc limit 1').get() as AuditEntry;
      const insert = raw.prepare(
        `insert into audit_log (seq, at, actor_id, actor_username, workstation, event, resource_type, resource_id, outcome, reason, details, prev_hash, hash)
         values (@seq, @at, @actor_id, @actor_username, @workstation, @event, @resource_type, @resource_id, @outcome, @reason, @details, @prev_hash, @hash)`,
      );
      for (let i = 0; i < count; i++) {
        const unhashed = {
          seq: head.seq + 1,
          at: new Date(new Date(head.at).getTime() + 1000).toISOString(),
          actor_id: 1 + (i % 5),
          actor_username: `user.${i % 5}`,
          workstation: workstationOf(i),
          event: 'record.open',
          resource_type: 'PersonalRecord',
          resource_id: String(i),
          outcome: i % 9 === 0 ? ('denied' as const) : ('allowed' as const),
          reason: `entry ${i}: “quoted” and \\ escaped, é`,
          details: JSON.stringify({ i }),
          prev_hash: head.hash,
        };
        head = { ...unhashed, hash: entryHash(unhashed) };
        insert.run(head);
      }
    })();
  } finally {
    raw.close();
  }
}

/**
 * A stopped trail: test-ws and test-ws-2 both running and writing in turn, then test-ws-2 stops
 * and test-ws goes on alone (`lateWriter` names whoever writes then) before it stops too.
 */
async function trailOnFile(options: { earlyWriter?: (i: number) => string; lateWriter?: (i: number) => string } = {}): Promise<TestApp> {
  const app = await createTestApp();
  const second = await startClearance({
    sqlitePath: app.sqlitePath,
    workstation: 'test-ws-2',
    clock: app.clock,
    contentDir: FIXTURE_CONTENT_DIR,
    keyCustody: testKeyCustody(),
    witnessFolder: app.witnessFolder,
  });
  appendRaw(app.sqlitePath, 1700, options.earlyWriter ?? ((i) => (i % 3 === 0 ? 'test-ws-2' : 'test-ws')));
  await second.stop();
  appendRaw(app.sqlitePath, 1300, options.lateWriter ?? (() => 'test-ws'));
  await app.stop();
  return app;
}

interface Verified {
  report: IntegrityReport;
  ranges: { from: number; to: number; answer: RangeAnswer }[];
}

/** Verifies the file as an auditor would, in this thread only or with workers (ranges of CHUNK entries). */
async function verify(app: TestApp, how: 'in-process' | 'workers', driver?: string): Promise<Verified> {
  const handle = openSqlite(app.sqlitePath);
  const ranges: Verified['ranges'] = [];
  try {
    const report = await verifyTrail({
      db: handle.db,
      database: databaseIdentity({ sqlitePath: app.sqlitePath }),
      witnessFolder: app.witnessFolder,
      trustedPublicKey: trusted,
      pageSize: 150,
      parallel:
        how === 'in-process'
          ? { minEntries: Infinity }
          : {
              minEntries: 0,
              chunkSize: CHUNK,
              workers: 2,
              ...(driver ? { driver } : {}),
              onRange: (from, to, answer) => ranges.push({ from, to, answer }),
            },
    });
    return { report, ranges };
  } finally {
    await handle.close();
  }
}

/** Both ways on the same file: the reports are equal, and the workers answered for the ranges. */
async function bothWays(app: TestApp): Promise<{ report: IntegrityReport; ranges: Verified['ranges'] }> {
  const alone = await verify(app, 'in-process');
  expect(alone.ranges).toEqual([]);
  const parallel = await verify(app, 'workers');
  expect(parallel.report).toEqual(alone.report);
  expect(parallel.ranges.length).toBeGreaterThan(5);
  return parallel;
}

const cleanRanges = (ranges: Verified['ranges']) => ranges.filter((r) => r.answer.clean);
const notClean = (ranges: Verified['ranges']) =>
  ranges
    .filter((r) => !r.answer.clean)
    .map((r) => [r.from, r.to])
    .sort((a, b) => a[0]! - b[0]!);

function rangeOf(seq: number): [number, number] {
  const from = Math.floor((seq - 1) / CHUNK) * CHUNK + 1;
  return [from, from + CHUNK - 1];
}

function tamper(app: TestApp, attack: (raw: BetterSqlite3.Database) => void): void {
  const raw = new BetterSqlite3(app.sqlitePath);
  try {
    raw.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete; drop trigger audit_log_extends_head;');
    attack(raw);
  } finally {
    raw.close();
  }
}

const headOf = (app: TestApp) => {
  const raw = new BetterSqlite3(app.sqlitePath, { readonly: true });
  try {
    return (raw.prepare('select max(seq) as seq from audit_log').get() as { seq: number }).seq;
  } finally {
    raw.close();
  }
};

const kinds = (report: IntegrityReport): TrailProblemKind[] => report.problems.map((p) => p.kind);

/** An entry's fields changed and its hash made to match them again. */
function rehash(raw: BetterSqlite3.Database, seq: number, reason: string): void {
  const row = raw.prepare('select * from audit_log where seq = ?').get(seq) as AuditEntry;
  raw.prepare('update audit_log set reason = ?, hash = ? where seq = ?').run(reason, entryHash({ ...row, reason }), seq);
}

describe('chain verification in worker threads', () => {
  it('gives the in-process report on a clean trail, every range answered clean by a worker', async () => {
    const app = await trailOnFile();
    const { report, ranges } = await bothWays(app);
    expect(report).toMatchObject({ ok: true, problems: [], warnings: [] });
    expect(report.checkpoints.verified).toBe(5);
    expect(notClean(ranges)).toEqual([]);
    const covered = cleanRanges(ranges).reduce((n, r) => n + (r.to - r.from + 1), 0);
    expect(covered).toBe(report.checked);
    expect(ranges.map((r) => r.from).sort((a, b) => a - b)[0]).toBe(1);
  });

  it('names an entry whose field was altered, the other ranges still taken from the workers', async () => {
    const app = await trailOnFile();
    const seq = headOf(app) - 1000;
    tamper(app, (raw) => raw.prepare("update audit_log set reason = 'nothing happened' where seq = ?").run(seq));
    const { report, ranges } = await bothWays(app);
    expect(report.problems[0]).toEqual({
      kind: 'altered',
      message: `Entry ${seq} was altered after it was written.`,
      fromSeq: seq,
      toSeq: seq,
    });
    expect(notClean(ranges)).toEqual([rangeOf(seq)]);
  });

  it('names an entry deleted in the middle as missing', async () => {
    const app = await trailOnFile();
    const seq = headOf(app) - 1500;
    tamper(app, (raw) => raw.prepare('delete from audit_log where seq = ?').run(seq));
    const { report } = await bothWays(app);
    expect(report.problems).toEqual([
      { kind: 'missing', message: `Entry ${seq} is missing: removed from the trail.`, fromSeq: seq, toSeq: seq },
    ]);
  });

  it('names entries altered and removed at the borders of ranges', async () => {
    const app = await trailOnFile();
    const border = 4 * CHUNK;
    tamper(app, (raw) => {
      raw.prepare("update audit_log set outcome = 'denied' where seq = ?").run(border);
      raw.prepare("update audit_log set outcome = 'denied' where seq = ?").run(border + CHUNK + 1);
      // The last entries of one range and the first of the next.
      raw.prepare('delete from audit_log where seq between ? and ?').run(border + 3 * CHUNK - 2, border + 3 * CHUNK + 3);
    });
    const { report, ranges } = await bothWays(app);
    expect(report.problems.slice(0, 3)).toEqual([
      { kind: 'altered', message: `Entry ${border} was altered after it was written.`, fromSeq: border, toSeq: border },
      {
        kind: 'altered',
        message: `Entry ${border + CHUNK + 1} was altered after it was written.`,
        fromSeq: border + CHUNK + 1,
        toSeq: border + CHUNK + 1,
      },
      {
        kind: 'missing',
        message: `Entries ${border + 3 * CHUNK - 2}–${border + 3 * CHUNK + 3} are missing: removed from the trail.`,
        fromSeq: border + 3 * CHUNK - 2,
        toSeq: border + 3 * CHUNK + 3,
      },
    ]);
    expect(cleanRanges(ranges).length).toBeGreaterThan(0);
  });

  it('names an entry at the end of a range replaced with its hash recomputed: the next range no longer links', async () => {
    const app = await trailOnFile();
    const seq = 5 * CHUNK;
    tamper(app, (raw) => rehash(raw, seq, 'a harmless reason'));
    const { report, ranges } = await bothWays(app);
    expect(report.problems).toEqual([
      {
        kind: 'unlinked',
        message: `Entry ${seq + 1} does not link to entry ${seq}: entry ${seq} was replaced after entry ${seq + 1} was written.`,
        fromSeq: seq,
        toSeq: seq + 1,
      },
    ]);
    // Each range is clean in itself: only the link between them is broken.
    expect(notClean(ranges)).toEqual([]);
  });

  it('is not fooled by a previous hash whose JSON escape reads like the hash before it', async () => {
    const app = await trailOnFile();
    const seq = 6 * CHUNK;
    // Entry seq's stored hash becomes the six characters "\n" and hex; entry seq + 1 links to a real newline and the same hex.
    const fake = `\\n${'ab'.repeat(31)}`;
    tamper(app, (raw) => {
      raw.prepare('update audit_log set hash = ? where seq = ?').run(fake, seq);
      // From seq + 1 on, the chain is rebuilt to link, so the range after it is clean in itself.
      const rest = raw.prepare('select * from audit_log where seq > ? order by seq').all(seq) as AuditEntry[];
      let prev = `\n${'ab'.repeat(31)}`;
      const update = raw.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?');
      for (const e of rest) {
        const relinked = { ...e, prev_hash: prev };
        prev = entryHash(relinked);
        update.run(relinked.prev_hash, prev, e.seq);
      }
    });
    const { report } = await bothWays(app);
    // The rebuilt tail is also not what the last checkpoints signed (rewritten); the link is what the split could miss.
    expect(report.problems.filter((p) => p.fromSeq === seq)).toEqual([
      { kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq },
      expect.objectContaining({ kind: 'unlinked', fromSeq: seq, toSeq: seq + 1 }),
    ]);
  });

  it('is not fooled by a stored hash that is a blob, or longer than a hash with the bytes it "covers" after it', async () => {
    const app = await trailOnFile();
    const blobSeq = 2 * CHUNK + 17;
    const head = headOf(app);
    tamper(app, (raw) => {
      // The same 64 characters, stored as a blob: JavaScript never reads that as the hash.
      raw.prepare('update audit_log set hash = cast(hash as blob) where seq = ?').run(blobSeq);
      // The head's "hash" is a real hash followed by "[x": read as one string with the entry's bytes, the hash
      // would seem to cover "[x" + the bytes, which it does.
      const row = raw.prepare('select * from audit_log where seq = ?').get(head) as AuditEntry;
      const covered = `[x${canonicalEntry(row)}`;
      raw.prepare('update audit_log set hash = ? where seq = ?').run(`${sha256Hex(covered)}[x`, head);
    });
    const { report, ranges } = await bothWays(app);
    expect(report.problems.filter((p) => p.kind === 'altered').map((p) => p.fromSeq)).toEqual([blobSeq, head]);
    expect(notClean(ranges)).toEqual([rangeOf(blobSeq), [rangeOf(head)[0], head]]);
  });

  it('names the tail cut below the last checkpoint', async () => {
    const app = await trailOnFile();
    const head = headOf(app);
    tamper(app, (raw) => raw.prepare('delete from audit_log where seq > ?').run(head - 10));
    const { report } = await bothWays(app);
    expect(kinds(report)).toEqual(['truncated']);
    expect(report.problems[0]).toMatchObject({ fromSeq: head - 9, toSeq: head });
  });

  it('names an entry replaced with its hash recomputed: the next one no longer links', async () => {
    const app = await trailOnFile();
    const seq = headOf(app) - 700;
    tamper(app, (raw) => rehash(raw, seq, 'a harmless reason'));
    const { report } = await bothWays(app);
    expect(report.problems).toEqual([
      {
        kind: 'unlinked',
        message: `Entry ${seq + 1} does not link to entry ${seq}: entry ${seq} was replaced after entry ${seq + 1} was written.`,
        fromSeq: seq,
        toSeq: seq + 1,
      },
    ]);
  });

  it('names a stretch rewritten with every hash recomputed as not what the checkpoints signed', async () => {
    const app = await trailOnFile();
    tamper(app, (raw) => {
      const all = raw.prepare('select * from audit_log order by seq').all() as AuditEntry[];
      let prev = all[0]!.prev_hash;
      const update = raw.prepare('update audit_log set reason = ?, prev_hash = ?, hash = ? where seq = ?');
      for (const e of all) {
        const r = { ...e, reason: e.seq === 2 ? 'a different story' : e.reason, prev_hash: prev };
        prev = entryHash(r);
        update.run(r.reason, r.prev_hash, prev, e.seq);
      }
    });
    const { report, ranges } = await bothWays(app);
    expect(kinds(report).every((k) => k === 'rewritten')).toBe(true);
    expect(report.problems[0]).toMatchObject({ kind: 'rewritten', fromSeq: 1 });
    // The chain itself is flawless: the workers find every range clean, the checkpoints do not.
    expect(notClean(ranges)).toEqual([]);
  });

  it('names entries written in the name of a workstation after its stop checkpoint', async () => {
    const app = await trailOnFile({ lateWriter: (i) => (i % 7 === 3 ? 'test-ws-2' : 'test-ws') });
    const { report, ranges } = await bothWays(app);
    expect(kinds(report)).toEqual(['forged']);
    expect(report.problems[0]!.message).toMatch(
      /^Entries \d+–\d+ are in the name of test-ws-2, which had stopped \(the stop checkpoint of test-ws-2 at entry \d+\)/,
    );
    expect(notClean(ranges)).toEqual([]);
  });

  it('warns of entries from a workstation that never signed a checkpoint', async () => {
    const app = await trailOnFile({ earlyWriter: (i) => (i % 5 === 1 ? 'PRIV-WS-99' : i % 3 === 0 ? 'test-ws-2' : 'test-ws') });
    const { report } = await bothWays(app);
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^340 entries from \d+ on are in the name of PRIV-WS-99, which has written no signed checkpoint/),
    ]);
  });

  it('falls back to the walk, to the same report, when the workers cannot start', async () => {
    const app = await trailOnFile();
    const seq = headOf(app) - 1200;
    tamper(app, (raw) => raw.prepare("update audit_log set reason = 'nothing happened' where seq = ?").run(seq));
    const alone = await verify(app, 'in-process');
    const failed = await verify(app, 'workers', '/nowhere/better-sqlite3.js');
    expect(failed.report).toEqual(alone.report);
    expect(failed.report.problems[0]).toMatchObject({ kind: 'altered', fromSeq: seq });
    expect(cleanRanges(failed.ranges)).toEqual([]);
  });

  it('runs one verification’s workers at a time: a burst of verifications waits its turn', async () => {
    const app = await trailOnFile();
    const handle = openSqlite(app.sqlitePath);
    const plan = { checkpointSeqs: [], boundaries: new Map<string, number[]>(), defaultBoundaries: [] };
    const options = { minEntries: 0, chunkSize: CHUNK, workers: 2 };
    try {
      const first = await chainRangeChecks(handle.db, plan, options);
      expect(first).not.toBeNull();
      let secondStarted = false;
      const second = chainRangeChecks(handle.db, plan, options).then((c) => {
        secondStarted = true;
        return c;
      });
      await Promise.all(first!.answers);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(secondStarted).toBe(false);
      await first!.close();
      const started = await second;
      expect(secondStarted).toBe(true);
      expect((await Promise.all(started!.answers)).every((a) => a.clean)).toBe(true);
      await started!.close();
    } finally {
      await handle.close();
    }
  });

  it('gives the walk’s first problem in the chain-only verify too', async () => {
    const app = await trailOnFile();
    const seq = headOf(app) - 900;
    const handle = openSqlite(app.sqlitePath);
    const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
    const log = new AuditLog(handle.db, 'sqlite', app.clock);
    let workerRanges = 0;
    const parallel = {
      minEntries: 0,
      chunkSize: CHUNK,
      workers: 2,
      onRange: (_f: number, _t: number, a: RangeAnswer) => void (a.clean && workerRanges++),
    };
    try {
      const clean = await log.verify(handle.db, 150, parallel);
      expect(clean).toEqual(await log.verify(handle.db, 150, { minEntries: Infinity }));
      expect(clean).toMatchObject({ ok: true, headSeq: headOf(app) });
      expect(workerRanges).toBeGreaterThan(5);
      tamper(app, (raw) => rehash(raw, seq, 'a harmless reason'));
      const broken = await log.verify(handle.db, 150, parallel);
      expect(broken).toEqual(await log.verify(handle.db, 150, { minEntries: Infinity }));
      expect(broken).toMatchObject({ ok: false, brokenSeq: seq + 1, problem: `entry ${seq + 1} does not link to entry ${seq}` });
    } finally {
      await handle.close();
    }
  });
});
