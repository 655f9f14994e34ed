/**
 * Reads the audit chain for verification straight from SQLite, a page at a time, with SQLite
 * building each entry's canonical bytes (a JSON array of its fields): one string per entry crosses
 * into JavaScript instead of thirteen values in an object, the cost that kept verification at a
 * fraction of the speed of hashing. PostgreSQL has no such reader (the verifier reads it through Kysely).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sqliteConnectionOf } from './connection.js';
import type { Database } from './schema.js';

/**
 * One entry as the verifier needs it: its number, its canonical bytes (null when SQLite could not
 * build them exactly as JavaScript would: the caller must build them itself), its hash, the hash it
 * links to, and the workstation it names.
 */
export type ChainRow = [seq: number, canonical: string | null, hash: string, prevHash: string, workstation: string];

export type ChainPageReader = (fromSeq: number, limit: number) => Promise<ChainRow[]>;

/** JavaScript numbers hold integers exactly up to here; beyond, JSON.stringify and SQLite would print different digits. */
const SAFE = 9_007_199_254_740_991;

/** True in SQL when SQLite's json_array gives exactly JavaScript's bytes for the integer columns (see sqliteChainReader). */
function exactGuard(integers: readonly string[]): string {
  return integers.map((f) => `("${f}" is null or (typeof("${f}") = 'integer' and "${f}" between -${SAFE} and ${SAFE}))`).join(' and ');
}

/**
 * The page reader for this database when it is SQLite opened by openSqlite, else null.
 * `fields` are the columns the canonical form holds, in its order, and `integers` those declared
 * integer; every other one must be declared text. For text, integers and null, SQLite's json_array
 * gives exactly the bytes of JSON.stringify([...fields]) (test/integration/auditChainReader.test.ts
 * checks it over every code point). What a column can hold follows from its declared type: a text
 * column holds text, null or a blob (json_array refuses a blob: that page is read without SQLite's
 * bytes); an integer column may also hold text or a real, and an integer beyond 2^53 prints
 * differently in JavaScript, so such an entry gets no bytes from SQLite. Without SQLite's bytes the
 * verifier builds them the JavaScript way. A table whose declared types differ gets no reader at all.
 */
export function sqliteChainReader(db: Kysely<Database>, fields: readonly string[], integers: readonly string[]): ChainPageReader | null {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) return null;
  const declared = new Map(
    (sqlite.pragma('table_info(audit_log)') as { name: string; type: string }[]).map((c) => [c.name, c.type.toLowerCase()]),
  );
  const wanted = [
    ...fields.map((f) => [f, integers.includes(f) ? 'integer' : 'text']),
    ['hash', 'text'],
    ['prev_hash', 'text'],
    ['workstation', 'text'],
  ];
  if (wanted.some(([f, type]) => !/^[a-z_]+$/.test(f!) || declared.get(f!) !== type)) return null;
  const exact = exactGuard(integers);
  const from = 'from audit_log where seq >= ? order by seq limit ?';
  let statements: {
    withBytes: BetterSqlite3.Statement<[number, number], ChainRow>;
    without: BetterSqlite3.Statement<[number, number], ChainRow>;
  } | null = null;
  const prepare = (s: BetterSqlite3.Database) => ({
    withBytes: s
      .prepare<[number, number], ChainRow>(
        `select seq, case when ${exact} then json_array(${fields.map((f) => `"${f}"`).join(', ')}) end, hash, prev_hash, workstation ${from}`,
      )
      .raw(true),
    without: s.prepare<[number, number], ChainRow>(`select seq, null, hash, prev_hash, workstation ${from}`).raw(true),
  });
  // Through Kysely's own hold on the connection: never in the middle of another caller's transaction.
  return (fromSeq, limit) =>
    db.connection().execute(async () => {
      statements ??= prepare(sqlite);
      try {
        return statements.withBytes.all(fromSeq, limit);
      } catch (error) {
        // "JSON cannot hold BLOB values": a blob where text belongs (written outside Clearance).
        if (error instanceof Error && /blob/i.test(error.message)) return statements.without.all(fromSeq, limit);
        throw error;
      }
    });
}

/**
 * What a worker answers for a range of the chain: clean, with what the verifier needs to go on
 * without reading the range again, or simply not clean (a gap, an entry whose bytes do not give its
 * hash, a broken link, bytes SQLite could not build exactly, any error): the verifier then walks
 * that range entry by entry and names what is wrong.
 */
export type RangeAnswer = CleanRange | { clean: false };

export interface CleanRange {
  clean: true;
  /** The hash the first entry links to, and the last entry's hash. */
  firstPrevHash: string;
  lastHash: string;
  count: number;
  /** The hash at each of the given checkpoint seqs in the range. */
  hashesAt: [seq: number, hash: string][];
  /**
   * Per workstation, its entries in the range as runs not divided by any of its boundaries (a run
   * holds the entries after one boundary up to the next): [workstation, first seq, last seq, entries], by first seq.
   */
  runs: [workstation: string, from: number, to: number, count: number][];
}

export interface RangePlan {
  /** The checkpoint seqs whose hashes the verifier needs, ascending. */
  checkpointSeqs: readonly number[];
  /** Per workstation, ascending seqs that end its runs; workstations not listed use defaultBoundaries. */
  boundaries: ReadonlyMap<string, readonly number[]>;
  defaultBoundaries: readonly number[];
}

export interface ParallelOptions {
  /** Entries per range handed to a worker. */
  chunkSize?: number;
  /** Worker threads; by default min(available parallelism, 4). */
  workers?: number;
  /** The smallest trail checked in workers: below it starting them costs more than they save. */
  minEntries?: number;
  /** better-sqlite3's entry file as workers require it; by default the one this module loads. */
  driver?: string;
  /** Told of each range a worker answered (tests use it to see that the workers did the work). */
  onRange?: (from: number, to: number, answer: RangeAnswer) => void;
}

/** Ranges of the chain being checked in worker threads; answers[i] is the answer for ranges[i]. */
export interface RangeChecks {
  ranges: { from: number; to: number }[];
  answers: Promise<RangeAnswer>[];
  /** Stops the workers (the answers still pending then read as not clean). */
  close(): Promise<void>;
}

const NOT_CLEAN: RangeAnswer = { clean: false };

// Plain JavaScript run with `eval`, so the worker needs no TypeScript loader or bundler entry. Each
// entry crosses as one string: its 64-character hash (SQLite checked its type and length), its
// canonical bytes (a JSON array, which never holds a raw \x1f: JSON escapes control characters), a
// \x1f and its workstation. The bytes begin with "[" right after the hash, or the split is off.
// The previous hash is the array's last element: `,"` + 64 characters + `"]`, checked to be exactly
// that string (the quote follows a comma, so it opens the element) and, for the range's first entry,
// to be plain hex (every other one must equal the hex hash before it).
const RANGE_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
const Database = require(workerData.driver);
const { path, sql, counter, first, last, chunkSize, checkpointSeqs, defaultBoundaries } = workerData;
const boundaries = new Map(workerData.boundaries);
const next = new Int32Array(counter);
const PAGE = 4000;
const db = new Database(path, { readonly: true, fileMustExist: true });
const statement = db.prepare(sql).pluck();
function check(from, to) {
  let prev = null;
  let firstPrevHash = null;
  let n = 0;
  let c = 0;
  while (c < checkpointSeqs.length && checkpointSeqs[c] < from) c++;
  const hashesAt = [];
  const open = new Map();
  const runs = [];
  for (let f = from; f <= to; f += PAGE) {
    for (const s of statement.all(f, Math.min(to, f + PAGE - 1))) {
      if (s === null || s.charCodeAt(64) !== 91) return { clean: false };
      const split = s.indexOf('\\x1f', 64);
      if (split < 0) return { clean: false };
      const h = s.slice(0, 64);
      const bytes = s.slice(64, split);
      if (hash('sha256', bytes, 'hex') !== h) return { clean: false };
      const end = bytes.length;
      if (bytes.charCodeAt(end - 68) !== 44 || bytes.charCodeAt(end - 67) !== 34) return { clean: false };
      const p = bytes.slice(end - 66, end - 2);
      if (prev === null) {
        if (!/^[0-9a-f]{64}$/.test(p)) return { clean: false };
        firstPrevHash = p;
      } else if (p !== prev) return { clean: false };
      prev = h;
      // The n-th entry is seq from + n when the range has no gap, checked at the end.
      const seq = from + n;
      n++;
      if (seq === checkpointSeqs[c]) {
        hashesAt.push([seq, h]);
        c++;
      }
      const ws = s.slice(split + 1);
      let run = open.get(ws);
      if (run === undefined) {
        const b = boundaries.get(ws) ?? defaultBoundaries;
        let k = 0;
        while (k < b.length && b[k] < seq) k++;
        run = { b, k, from: seq, to: seq, count: 0 };
        open.set(ws, run);
      } else if (run.k < run.b.length && run.b[run.k] < seq) {
        runs.push([ws, run.from, run.to, run.count]);
        while (run.k < run.b.length && run.b[run.k] < seq) run.k++;
        run.from = seq;
        run.count = 0;
      }
      run.to = seq;
      run.count++;
    }
  }
  if (n !== to - from + 1) return { clean: false };
  for (const [ws, run] of open) runs.push([ws, run.from, run.to, run.count]);
  runs.sort((a, b) => a[1] - b[1]);
  return { clean: true, firstPrevHash, lastHash: prev, count: n, hashesAt, runs };
}
try {
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    const from = first + i * chunkSize;
    if (from > last) break;
    const to = Math.min(last, from + chunkSize - 1);
    let answer;
    try {
      answer = check(from, to);
    } catch {
      answer = { clean: false };
    }
    parentPort.postMessage([i, answer]);
  }
} finally {
  db.close();
}
`;

/**
 * A file inside an app.asar as its unpacked copy beside the archive (app.asar.unpacked), when there is
 * one: the packaged app unpacks better-sqlite3 whole (electron-builder.yml), so a worker thread loads it
 * as plain files and never depends on the archive being readable from a worker.
 */
export function unpackedFromAsar(path: string, exists: (path: string) => boolean = existsSync): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== path && exists(unpacked) ? unpacked : path;
}

/** better-sqlite3's entry file, as this module resolves it (the bundled app defines import.meta.url too). */
function driverPath(): string {
  return unpackedFromAsar(createRequire(import.meta.url).resolve('better-sqlite3'));
}

/**
 * Starts checking [1, head] in worker threads, each with its own read-only connection to the SQLite
 * file, ranges taken in turn from a shared counter; null when this database cannot be read so (not
 * SQLite, in memory, no page reader for its table, a trail below minEntries, no worker could be made).
 * A worker that fails leaves its ranges not clean: the caller walks them itself, to the same result.
 */
export async function sqliteRangeChecks(
  db: Kysely<Database>,
  fields: readonly string[],
  integers: readonly string[],
  plan: RangePlan,
  options: ParallelOptions = {},
): Promise<RangeChecks | null> {
  const release = await workerTurn();
  const checks = startRangeChecks(db, fields, integers, plan, options);
  if (!checks) {
    release();
    return null;
  }
  return {
    ...checks,
    close: async () => {
      try {
        await checks.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * One verification's workers at a time in this process: a burst of verifications (five at once
 * took 600 MB with workers each) waits its turn. Resolves with the function that ends the turn.
 */
let lastTurn: Promise<void> = Promise.resolve();
function workerTurn(): Promise<() => void> {
  let release!: () => void;
  const ended = new Promise<void>((resolve) => (release = resolve));
  const ready = lastTurn.then(() => release);
  lastTurn = lastTurn.then(() => ended);
  return ready;
}

function startRangeChecks(
  db: Kysely<Database>,
  fields: readonly string[],
  integers: readonly string[],
  plan: RangePlan,
  options: ParallelOptions,
): RangeChecks | null {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite || sqlite.memory || !sqlite.name || fields.at(-1) !== 'prev_hash') return null;
  if (!sqliteChainReader(db, fields, integers)) return null;
  const [head, count] = sqlite.prepare('select max(seq), count(*) from audit_log').raw(true).get() as [number | null, number];
  // A gap makes count fall short of the head; an entry at an absurd seq must not make absurdly many ranges.
  const last = Math.min(head ?? 0, count);
  if (last < (options.minEntries ?? 50_000) || last < 1) return null;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 20_000));
  const ranges = Array.from({ length: Math.ceil(last / chunkSize) }, (_, i) => ({
    from: 1 + i * chunkSize,
    to: Math.min(last, (i + 1) * chunkSize),
  }));
  const settle: ((answer: RangeAnswer) => void)[] = [];
  const answers = ranges.map(() => new Promise<RangeAnswer>((resolve) => settle.push(resolve)));
  const settled = new Set<number>();
  const answer = (i: number, a: RangeAnswer) => {
    if (settled.has(i)) return;
    settled.add(i);
    const range = ranges[i]!;
    options.onRange?.(range.from, range.to, a);
    settle[i]!(a);
  };
  const giveUp = () => {
    for (let i = 0; i < ranges.length; i++) if (!settled.has(i)) answer(i, NOT_CLEAN);
  };
  const exact = exactGuard(integers);
  const bytes = `json_array(${fields.map((f) => `"${f}"`).join(', ')})`;
  const sql =
    `select case when ${exact} and typeof(hash) = 'text' and length(hash) = 64 then hash || ${bytes} || char(31) || workstation end ` +
    'from audit_log where seq between ? and ? order by seq';
  const workerData = {
    path: sqlite.name,
    sql,
    counter: new SharedArrayBuffer(4),
    first: 1,
    last,
    chunkSize,
    checkpointSeqs: [...plan.checkpointSeqs],
    boundaries: [...plan.boundaries].map(([ws, seqs]) => [ws, [...seqs]]),
    defaultBoundaries: [...plan.defaultBoundaries],
  };
  const workers: Worker[] = [];
  let running = 0;
  try {
    const driver = options.driver ?? driverPath();
    const wanted = Math.max(1, Math.min(options.workers ?? Math.min(availableParallelism(), 4), ranges.length));
    for (let w = 0; w < wanted; w++) {
      const worker = new Worker(RANGE_WORKER, { eval: true, workerData: { ...workerData, driver } });
      running += 1;
      worker.on('message', ([i, a]: [number, RangeAnswer]) => answer(i, a));
      // A worker that fails takes its ranges with it: the rest are read as not clean rather than awaited forever.
      worker.on('error', giveUp);
      worker.on('exit', () => {
        running -= 1;
        if (running === 0) giveUp();
      });
      workers.push(worker);
    }
  } catch {
    giveUp();
    for (const worker of workers) void worker.terminate();
    return null;
  }
  return {
    ranges,
    answers,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
      giveUp();
    },
  };
}
