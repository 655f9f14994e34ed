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
import { canonicalEntry, sha256Hex } from '../../electron/services/audit/canonical.js';
import { chainRangeChecks, type RangeAnswer } from '../../electron/services/audit/chainPages.js';
import { rangeThreadsStarted } from '../../db/auditChainReader.js';
import { verifyTrail, type IntegrityReport, type TrailProblemKind } from '../../electron/services/audit/trailVerifier.js';
import { databaseIdentity, openSqlite } from '../../db/connection.js';
import type { AuditEntry } from '../../db/schema.js';
import { edited, forged, storedColumns } from '../support/auditTamper.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

const ring = testKeyRing();
const trusted = (version: number) => (ring.holds(version) ? ring.checkpointKeyPair(version).publicKeyBase64 : null);
const CHUNK = 400;

/** Entries appended through a connection of its own, each extending the head as the app would write it. */
function appendRaw(path: string, count: number, workstationOf: (i: number) => string, reasonOf: (i: number) => string): void {
  const raw = new BetterSqlite3(path);
  try {
    raw.transaction(() => {
      let head = raw.prepare('select * from audit_log order by seq desc limit 1').get() as AuditEntry;
      const insert = raw.prepare('insert into audit_log (seq, entry, hash) values (@seq, @entry, @hash)');
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
          reason: reasonOf(i),
          details: JSON.stringify({ i }),
          prev_hash: head.hash,
        };
        const entry = canonicalEntry(unhashed);
        head = { ...unhashed, entry, hash: sha256Hex(entry) };
        insert.run(storedColumns(head));
      }
    })();
  } finally {
    raw.close();
  }
}

const defaultReason = (i: number) => `entry ${i}: “quoted” and \\ escaped, é`;

/**
 * A stopped trail: test-ws and test-ws-2 both running and writing in turn, then test-ws-2 stops
 * and test-ws goes on alone (`lateWriter` names whoever writes then) before it stops too.
 */
async function trailOnFile(
  options: { earlyWriter?: (i: number) => string; lateWriter?: (i: number) => string; reasonOf?: (i: number) => string } = {},
): Promise<TestApp> {
  const app = await createTestApp();
  const second = await startClearance({
    sqlitePath: app.sqlitePath,
    workstation: 'test-ws-2',
    clock: app.clock,
    contentDir: FIXTURE_CONTENT_DIR,
    keyCustody: testKeyCustody(),
    witnessFolder: app.witnessFolder,
  });
  const reasonOf = options.reasonOf ?? defaultReason;
  appendRaw(app.sqlitePath, 1700, options.earlyWriter ?? ((i) => (i % 3 === 0 ? 'test-ws-2' : 'test-ws')), reasonOf);
  await second.stop();
  appendRaw(app.sqlitePath, 1300, options.lateWriter ?? (() => 'test-ws'), reasonOf);
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

const DROP_GUARDS = 'drop trigger audit_log_no_update; drop trigger audit_log_no_delete; drop trigger audit_log_extends_head;';

function tamper(app: TestApp, attack: (raw: BetterSqlite3.Database) => void): void {
  const raw = new BetterSqlite3(app.sqlitePath);
  try {
    raw.exec(DROP_GUARDS);
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

const entryAt = (raw: BetterSqlite3.Database, seq: number) => raw.prepare('select * from audit_log where seq = ?').get(seq) as AuditEntry;

/** An entry's fields changed (its bytes rewritten to say so), its stored hash kept. */
function edit(raw: BetterSqlite3.Database, seq: number, changes: Parameters<typeof edited>[1]): void {
  raw.prepare('update audit_log set entry = ? where seq = ?').run(edited(entryAt(raw, seq), changes).entry, seq);
}

/** An entry's fields changed and its hash made to match them again. */
function rehash(raw: BetterSqlite3.Database, seq: number, reason: string): void {
  const f = forged(entryAt(raw, seq), { reason });
  raw.prepare('update audit_log set entry = ?, hash = ? where seq = ?').run(f.entry, f.hash, seq);
}

/**
 * The file's definition of the audit table changed as someone editing the file could (SQLite's
 * writable schema), read from then on by every connection that opens it.
 */
function editTableDefinition(app: TestApp, change: (sql: string) => string): void {
  const raw = new BetterSqlite3(app.sqlitePath);
  try {
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    const definition = raw.prepare("select sql from sqlite_master where type = 'table' and name = 'audit_log'").pluck().get() as string;
    const changed = change(definition);
    expect(changed).not.toBe(definition);
    raw.prepare("update sqlite_master set sql = ? where type = 'table' and name = 'audit_log'").run(changed);
  } finally {
    raw.close();
  }
}

/**
 * Writes bytes that are not JSON. SQLite computes every field from the bytes on each write and
 * refuses such bytes, so the table's definition is swapped for one whose fields read a constant
 * array and its indexes set aside (none is kept up to date for the write), then both are put back
 * exactly as they were: a file edited underneath the table.
 */
function writeNotJson(app: TestApp, statements: string[]): void {
  const raw = new BetterSqlite3(app.sqlitePath);
  let indexes: unknown[];
  try {
    raw.exec(DROP_GUARDS);
    indexes = raw.prepare("select * from sqlite_master where type = 'index' and tbl_name = 'audit_log' and sql is not null").all();
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw.prepare("delete from sqlite_master where type = 'index' and tbl_name = 'audit_log' and sql is not null").run();
  } finally {
    raw.close();
  }
  let definition = '';
  editTableDefinition(app, (sql) => {
    definition = sql;
    return sql.replaceAll('(entry ->> ', `('[0,"","","","","","","","allowed","","",""]' ->> `);
  });
  const writer = new BetterSqlite3(app.sqlitePath);
  try {
    for (const statement of statements) expect(writer.prepare(statement).run().changes).toBe(1);
  } finally {
    writer.close();
  }
  editTableDefinition(app, () => definition);
  const restore = new BetterSqlite3(app.sqlitePath);
  try {
    restore.unsafeMode(true);
    restore.pragma('writable_schema = ON');
    const insert = restore.prepare(
      'insert into sqlite_master (type, name, tbl_name, rootpage, sql) values (@type, @name, @tbl_name, @rootpage, @sql)',
    );
    for (const index of indexes) insert.run(index);
  } finally {
    restore.close();
  }
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
    tamper(app, (raw) => edit(raw, seq, { reason: 'nothing happened' }));
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
      edit(raw, border, { outcome: 'denied' });
      edit(raw, border + CHUNK + 1, { outcome: 'denied' });
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
      const update = raw.prepare('update audit_log set entry = ?, hash = ? where seq = ?');
      for (const e of rest) {
        const relinked = forged(e, { prev_hash: prev });
        prev = relinked.hash;
        update.run(relinked.entry, relinked.hash, e.seq);
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
      // The head's "hash" is a real hash followed by the start of an entry (its seq, time, actor and workstation):
      // read as one string with the entry's bytes, the hash would seem to cover that start + the bytes, which it
      // does, and they would seem to be an entry of the right seq and workstation, linked to the entry before.
      const row = entryAt(raw, head);
      const start = `${JSON.stringify([row.seq, row.at, row.actor_id, row.actor_username, row.workstation]).slice(0, -1)},`;
      raw.prepare('update audit_log set hash = ? where seq = ?').run(`${sha256Hex(start + row.entry)}${start}`, head);
    });
    const { report, ranges } = await bothWays(app);
    expect(report.problems.filter((p) => p.kind === 'altered').map((p) => p.fromSeq)).toEqual([blobSeq, head]);
    expect(notClean(ranges)).toEqual([rangeOf(blobSeq), [rangeOf(head)[0], head]]);
  });

  it('names an entry whose bytes give another entry number altered, though they hash and link right', async () => {
    const app = await trailOnFile();
    const head = headOf(app);
    tamper(app, (raw) => {
      // The head's bytes say it is the entry after it; its hash is made to match them.
      const row = entryAt(raw, head);
      const bytes = row.entry.replace(`[${head},`, `[${head + 1},`);
      raw.prepare('update audit_log set entry = ?, hash = ? where seq = ?').run(bytes, sha256Hex(bytes), head);
    });
    const { report, ranges } = await bothWays(app);
    // (The stop checkpoint signed the head as it was, so it is also named not what was signed.)
    expect(report.problems.filter((p) => p.kind === 'altered')).toEqual([
      { kind: 'altered', message: `Entry ${head} was altered after it was written.`, fromSeq: head, toSeq: head },
    ]);
    expect(notClean(ranges)).toEqual([[rangeOf(head)[0], head]]);
  });

  it('names an entry whose bytes are stored as a blob altered: the workers leave its range to the walk', async () => {
    const app = await trailOnFile();
    const seq = 3 * CHUNK + 11;
    // The same bytes, as a blob: SQLite still reads the fields from them, but the entry is no longer its text.
    tamper(app, (raw) => raw.prepare('update audit_log set entry = cast(entry as blob) where seq = ?').run(seq));
    const { report, ranges } = await bothWays(app);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq },
    ]);
    expect(notClean(ranges)).toEqual([rangeOf(seq)]);
  });

  it('names an entry whose bytes are not JSON altered, with workers and without, in the chain-only verify too', async () => {
    const app = await trailOnFile();
    const cut = headOf(app) - 800;
    const garbled = 2 * CHUNK + 5;
    writeNotJson(app, [
      // Its last character cut off: the array no longer closes (nor ends with the hash it links to).
      `update audit_log set entry = substr(entry, 1, length(entry) - 1) where seq = ${cut}`,
      // An empty element after its seq: not JSON, though it still starts and ends as an entry does.
      `update audit_log set entry = '[' || seq || ',,' || substr(entry, length(seq) + 3) where seq = ${garbled}`,
    ]);
    const raw = new BetterSqlite3(app.sqlitePath, { readonly: true });
    try {
      expect(raw.prepare('select seq from audit_log where not json_valid(entry) order by seq').pluck().all()).toEqual([garbled, cut]);
    } finally {
      raw.close();
    }
    const { report, ranges } = await bothWays(app);
    const altered = (seq: number) => ({
      kind: 'altered',
      message: `Entry ${seq} was altered after it was written.`,
      fromSeq: seq,
      toSeq: seq,
    });
    expect(report.problems).toEqual([
      altered(garbled),
      {
        kind: 'unlinked',
        message: expect.stringMatching(new RegExp(`^Entry ${cut} does not link to entry ${cut - 1}`)),
        fromSeq: cut - 1,
        toSeq: cut,
      },
      altered(cut),
    ]);
    expect(notClean(ranges)).toEqual([rangeOf(garbled), rangeOf(cut)]);

    const handle = openSqlite(app.sqlitePath);
    try {
      const { AuditLog } = await import('../../electron/services/audit/auditLog.js');
      const log = new AuditLog(handle.db, 'sqlite', app.clock);
      const chain = await log.verify(handle.db, 150, { minEntries: 0, chunkSize: CHUNK, workers: 2 });
      expect(chain).toEqual(await log.verify(handle.db, 150, { minEntries: Infinity }));
      expect(chain).toMatchObject({ ok: false, brokenSeq: garbled, problem: `entry ${garbled} was altered after it was written` });
    } finally {
      await handle.close();
    }
  });

  it('leaves the workers out when the table’s definition was edited, and names every entry its fields no longer match', async () => {
    // Most entries' reason is already "nothing happened": only the others come to differ from their bytes.
    const app = await trailOnFile({ reasonOf: (i) => (i % 600 === 5 ? defaultReason(i) : 'nothing happened') });
    editTableDefinition(app, (sql) => sql.replace('(entry ->> 9)', "('nothing happened')"));
    const alone = await verify(app, 'in-process');
    const parallel = await verify(app, 'workers');
    expect(parallel.report).toEqual(alone.report);
    expect(parallel.ranges).toEqual([]);

    const raw = new BetterSqlite3(app.sqlitePath, { readonly: true });
    let reasons: Map<number, unknown>;
    try {
      const stored = raw.prepare('select seq, entry from audit_log order by seq').all() as { seq: number; entry: string }[];
      reasons = new Map(stored.map((e) => [e.seq, (JSON.parse(e.entry) as unknown[])[9]]));
      expect(raw.prepare('select count(*) from audit_log where reason = ?').pluck().get('nothing happened')).toBe(stored.length);
    } finally {
      raw.close();
    }
    const differing = [...reasons].filter(([, reason]) => reason !== 'nothing happened').map(([seq]) => seq);
    // The app's own entries (started, stopped) and the six written with another reason, up to the head.
    expect(differing.filter((seq) => String(reasons.get(seq)).startsWith('entry '))).toHaveLength(6);
    expect(differing.at(-1)).toBe(headOf(app));
    expect(alone.report.problems).toEqual(
      differing.map((seq) => ({ kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq })),
    );
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
      const update = raw.prepare('update audit_log set entry = ?, hash = ? where seq = ?');
      for (const e of all) {
        const r = forged(e, { reason: e.seq === 2 ? 'a different story' : e.reason, prev_hash: prev });
        prev = r.hash;
        update.run(r.entry, r.hash, e.seq);
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
    tamper(app, (raw) => edit(raw, seq, { reason: 'nothing happened' }));
    const alone = await verify(app, 'in-process');
    const failed = await verify(app, 'workers', '/nowhere/better-sqlite3.js');
    expect(failed.report).toEqual(alone.report);
    expect(failed.report.problems[0]).toMatchObject({ kind: 'altered', fromSeq: seq });
    expect(cleanRanges(failed.ranges)).toEqual([]);
  });

  it('keeps its threads for the next verification, which reads the file as it is then', async () => {
    const app = await trailOnFile();
    const first = await verify(app, 'workers');
    expect(first.report.ok).toBe(true);
    const started = rangeThreadsStarted();
    // Edited between the two verifications: the kept threads open the file afresh for each one.
    const seq = headOf(app) - 700;
    tamper(app, (raw) => edit(raw, seq, { reason: 'nothing happened' }));
    const { report, ranges } = await bothWays(app);
    expect(rangeThreadsStarted()).toBe(started);
    expect(report.problems).toEqual([
      { kind: 'altered', message: `Entry ${seq} was altered after it was written.`, fromSeq: seq, toSeq: seq },
    ]);
    expect(notClean(ranges)).toEqual([rangeOf(seq)]);
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
