/**
 * Checks the audit chain of a SQLite file in worker threads, a range at a time, each worker with its
 * own read-only connection. Each entry is stored as the bytes its hash covers (db/auditLogTable.ts),
 * so a worker reads one string per entry (its hash and its bytes) and hashes it: no field is read or
 * serialized. PostgreSQL, and whatever the workers do not find clean, is walked by the verifier.
 */
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sqliteAuditTableIntact } from './auditLogTable.js';
import { sqliteConnectionOf } from './connection.js';
import type { Database } from './schema.js';

/**
 * One entry as the verifier walks it: its number, its stored bytes, its hash, the hash it links to,
 * the workstation it names (null when its fields could not be read), and whether its fields are
 * exactly what its bytes say (the canonical form of the fields equals the bytes).
 */
export type ChainRow = [seq: number, bytes: string, hash: string, prevHash: string, workstation: string | null, consistent: boolean];

export type ChainPageReader = (fromSeq: number, limit: number) => Promise<ChainRow[]>;

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
// entry crosses as its hash and its bytes, both checked to be text (a blob arrives as a Buffer; a blob
// of bytes would read as JSONB to the generated fields). The hash must be the bytes' SHA-256 in hex.
// The bytes are a JSON array: seq first (checked to be the entry's own), then the time, actor id,
// actor name and workstation (read here for the writer check), and the previous hash last: `,"` + 64
// characters + `"]`, plain hex for the range's first entry, for every other one the hash before it.
const RANGE_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
const Database = require(workerData.driver);
const PAGE = 4000;
// The verification in hand (set for each job).
let statement, checkpointSeqs, defaultBoundaries, boundaries;
// The index just past the JSON string starting at i, or -1. Its first quote not escaped ends it; a quote
// after a backslash is escaped only when an odd run of backslashes precedes it.
function stringEnd(s, i) {
  if (s.charCodeAt(i) !== 34) return -1;
  for (let j = i; ; ) {
    j = s.indexOf('"', j + 1);
    if (j < 0) return -1;
    if (s.charCodeAt(j - 1) !== 92) return j + 1;
    let k = j - 1;
    while (s.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
  }
}
// The index just past the string, integer or null at i, or -1.
function valueEnd(s, i) {
  return s.charCodeAt(i) === 34 ? stringEnd(s, i) : s.indexOf(',', i);
}
// The workstation of the bytes in s from 'at' (just past "[seq,"), decoded, or null.
function workstationOf(s, at) {
  let i = stringEnd(s, at);
  if (i < 0 || s.charCodeAt(i) !== 44) return null;
  i = valueEnd(s, i + 1);
  if (i < 0 || s.charCodeAt(i) !== 44) return null;
  i = valueEnd(s, i + 1);
  if (i < 0 || s.charCodeAt(i) !== 44) return null;
  const end = stringEnd(s, i + 1);
  if (end < 0) return null;
  const raw = s.slice(i + 2, end - 1);
  return raw.indexOf('\\\\') < 0 ? raw : JSON.parse(s.slice(i + 1, end));
}
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
    for (const [h, bytes] of statement.all(f, Math.min(to, f + PAGE - 1))) {
      // The n-th entry is seq from + n when the range has no gap, checked at the end.
      const seq = from + n;
      if (typeof h !== 'string' || typeof bytes !== 'string' || bytes.charCodeAt(0) !== 91) return { clean: false };
      // Its bytes begin "[" + seq + ",": read as digits, without making a string per entry.
      let afterSeq = 1;
      let digits = 0;
      for (let d = bytes.charCodeAt(1) - 48; d >= 0 && d <= 9 && afterSeq <= 16; d = bytes.charCodeAt(++afterSeq) - 48) digits = digits * 10 + d;
      if (digits !== seq || afterSeq === 1 || bytes.charCodeAt(afterSeq) !== 44 || (bytes.charCodeAt(1) === 48 && afterSeq > 2)) return { clean: false };
      if (hash('sha256', bytes, 'hex') !== h) return { clean: false };
      const end = bytes.length;
      if (bytes.charCodeAt(end - 68) !== 44 || bytes.charCodeAt(end - 67) !== 34 || bytes.charCodeAt(end - 2) !== 34 || bytes.charCodeAt(end - 1) !== 93)
        return { clean: false };
      if (prev === null) {
        const p = bytes.slice(end - 66, end - 2);
        if (!/^[0-9a-f]{64}$/.test(p)) return { clean: false };
        firstPrevHash = p;
      } else if (bytes.indexOf(prev, end - 66) !== end - 66) return { clean: false };
      prev = h;
      n++;
      if (seq === checkpointSeqs[c]) {
        hashesAt.push([seq, h]);
        c++;
      }
      const ws = workstationOf(bytes, afterSeq + 1);
      if (ws === null) return { clean: false };
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
// One job per verification. The file is opened for the job and closed after it, so a file replaced in
// between is never read through an old handle.
parentPort.on('message', (job) => {
  ({ checkpointSeqs, defaultBoundaries } = job);
  boundaries = new Map(job.boundaries);
  const next = new Int32Array(job.counter);
  let db = null;
  try {
    db = new Database(job.path, { readonly: true, fileMustExist: true });
    statement = db.prepare('select hash, entry from audit_log where seq between ? and ? order by seq').raw(true);
    for (;;) {
      const i = Atomics.add(next, 0, 1);
      const from = job.first + i * job.chunkSize;
      if (from > job.last) break;
      const to = Math.min(job.last, from + job.chunkSize - 1);
      let answer;
      try {
        answer = check(from, to);
      } catch {
        answer = { clean: false };
      }
      parentPort.postMessage({ job: job.id, i, answer });
    }
  } catch {
    // The file could not be read here: the ranges left are answered by the caller's walk.
  } finally {
    statement = undefined;
    if (db) db.close();
    parentPort.postMessage({ job: job.id, done: true });
  }
});
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
 * SQLite, in memory, its audit table not as defined, a trail below minEntries, no worker could be made).
 * A worker that fails leaves its ranges not clean: the caller walks them itself, to the same result.
 */
export async function sqliteRangeChecks(db: Kysely<Database>, plan: RangePlan, options: ParallelOptions = {}): Promise<RangeChecks | null> {
  const release = await workerTurn();
  const checks = startRangeChecks(db, plan, options);
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

/** No entry takes fewer bytes of the file than this (its hash and the previous one alone are 128). */
const SMALLEST_ENTRY_BYTES = 128;

function startRangeChecks(db: Kysely<Database>, plan: RangePlan, options: ParallelOptions): RangeChecks | null {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite || sqlite.memory || !sqlite.name) return null;
  // The workers hash the bytes alone: that vouches for the fields only while SQLite computes them from the bytes.
  const definition = sqlite.prepare("select sql from sqlite_master where type = 'table' and name = 'audit_log'").pluck().get() as
    string | undefined;
  if (!sqliteAuditTableIntact(definition)) return null;
  const last = Number(sqlite.prepare('select max(seq) from audit_log').pluck().get() ?? 0);
  // An entry at an absurd seq (a file edited) must not make absurdly many ranges; a gap reads as not clean.
  const fileBytes = Number(sqlite.pragma('page_count', { simple: true })) * Number(sqlite.pragma('page_size', { simple: true }));
  if (last < (options.minEntries ?? 50_000) || last < 1 || last > fileBytes / SMALLEST_ENTRY_BYTES) return null;
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
  const wanted = Math.max(1, Math.min(options.workers ?? Math.min(availableParallelism(), 4), ranges.length));
  let pool: Pool;
  try {
    pool = poolOf(options.driver ?? driverPath(), wanted);
  } catch {
    return null;
  }
  const id = ++lastJob;
  const counter = new SharedArrayBuffer(4);
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const end = () => {
    giveUp();
    finished();
  };
  pool.job = {
    message: (m) => {
      if (m.job !== id) return;
      if (!m.done) return answer(m.i, m.answer);
      done += 1;
      // A worker that ends its part with ranges unanswered (it could not read the file) leaves them to the walk.
      if (done === pool.workers.length) end();
    },
    failed: end,
  };
  const job = {
    id,
    path: sqlite.name,
    counter,
    first: 1,
    last,
    chunkSize,
    checkpointSeqs: [...plan.checkpointSeqs],
    boundaries: [...plan.boundaries].map(([ws, seqs]) => [ws, [...seqs]]),
    defaultBoundaries: [...plan.defaultBoundaries],
  };
  for (const worker of pool.workers) {
    worker.ref();
    worker.postMessage(job);
  }
  return {
    ranges,
    answers,
    close: async () => {
      // No more ranges are handed out; the ranges in hand are finished (or the pool failed) before the next job.
      Atomics.store(new Int32Array(counter), 0, ranges.length + 1);
      await allDone;
      pool.job = null;
      idle(pool);
    },
  };
}

/**
 * The threads that check ranges, kept between verifications (by driver and number) and ended after
 * a minute unused: starting them and compiling their code took about a tenth of a million-entry run.
 * They keep the process alive only while a verification is running.
 */
interface Pool {
  key: string;
  workers: Worker[];
  job: { message(m: WorkerMessage): void; failed(): void } | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

type WorkerMessage = { job: number; done: true } | { job: number; done?: undefined; i: number; answer: RangeAnswer };

const POOL_IDLE_MS = 60_000;
const pools = new Map<string, Pool>();
let lastJob = 0;
let threadsStarted = 0;

/** How many range-checking threads this process has started (tests see the pool reused by it). */
export function rangeThreadsStarted(): number {
  return threadsStarted;
}

function poolOf(driver: string, size: number): Pool {
  const key = `${size}\u0000${driver}`;
  const kept = pools.get(key);
  if (kept) {
    if (kept.idleTimer) clearTimeout(kept.idleTimer);
    kept.idleTimer = null;
    return kept;
  }
  const pool: Pool = { key, workers: [], job: null, idleTimer: null };
  const fail = () => {
    if (pools.get(key) === pool) pools.delete(key);
    for (const worker of pool.workers) void worker.terminate();
    pool.job?.failed();
  };
  try {
    for (let w = 0; w < size; w++) {
      const worker = new Worker(RANGE_WORKER, { eval: true, workerData: { driver } });
      threadsStarted += 1;
      worker.unref();
      worker.on('message', (m: WorkerMessage) => pool.job?.message(m));
      // A thread that fails takes the pool with it: the job's ranges left are read as not clean, not awaited forever.
      worker.on('error', fail);
      worker.on('exit', fail);
      pool.workers.push(worker);
    }
  } catch (error) {
    fail();
    throw error;
  }
  pools.set(key, pool);
  return pool;
}

function idle(pool: Pool): void {
  for (const worker of pool.workers) worker.unref();
  if (pools.get(pool.key) !== pool) return;
  pool.idleTimer = setTimeout(() => {
    pools.delete(pool.key);
    for (const worker of pool.workers) void worker.terminate();
  }, POOL_IDLE_MS);
  pool.idleTimer.unref();
}
