/**
 * The bench database's text indexes (FTS5 trigram, one per record table), built beside the rest
 * of the build: each in a worker thread, in a scratch file holding a copy of its table's searched
 * columns, while the main thread writes the audit trail and the other indexes. The finished index
 * (its shadow tables, which are the whole of an FTS5 index) is then copied into the database.
 * On this 2-core machine that halves what was most of the build's time. Each table's index can
 * start as soon as that table's rows are committed.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface TextIndex {
  /** The FTS5 table, e.g. personal_records_search. */
  name: string;
  /** Its CREATE VIRTUAL TABLE statement, as the migration made it. */
  sql: string;
}

const SHADOWS = ['data', 'idx', 'docsize', 'config'] as const;

// Plain JavaScript, so the worker needs no TypeScript loader.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
for (const job of workerData.jobs) {
  const db = new Database(job.out);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -131072');
  db.exec("attach database '" + workerData.source.replaceAll("'", "''") + "' as src");
  const cols = job.columns.map((c) => '"' + c + '"');
  db.exec('create table "' + job.table + '" (id integer primary key, ' + cols.join(', ') + ')');
  db.exec('insert into "' + job.table + '" (id, ' + cols.join(', ') + ') select id, ' + cols.join(', ') + ' from src."' + job.table + '"');
  db.exec('detach database src');
  db.exec(job.sql);
  db.exec('insert into "' + job.name + '"("' + job.name + '") values (\\'rebuild\\')');
  db.close();
  parentPort.postMessage(job.name);
}
`;

/** The content table and its columns, read from the FTS5 statement itself. */
function describe(index: TextIndex): { table: string; columns: string[] } {
  const args = /using fts5\s*\(([\s\S]*)\)\s*$/i.exec(index.sql)?.[1];
  const table = /content\s*=\s*'([^']+)'/i.exec(index.sql)?.[1];
  if (!args || !table) throw new Error(`cannot read the text index ${index.name}: ${index.sql}`);
  const columns = args
    .split(',')
    .map((a) => a.trim())
    .filter((a) => !a.includes('='));
  return { table, columns };
}

/** Starts building these indexes in one worker from the committed rows of `source`; resolves with a function that copies them in. */
export function buildTextIndexesBeside(
  source: string,
  dir: string,
  indexes: readonly TextIndex[],
): Promise<(sqlite: BetterSqlite3.Database) => void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const jobs = indexes.map((index) => ({ ...index, ...describe(index), out: `${dir}/${index.name}.scratch.db` }));
  const done = new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, source, jobs } });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`text index worker exited with ${code}`))));
  });
  return done.then(() => (sqlite: BetterSqlite3.Database) => {
    // Shadow tables are written only by FTS5 itself unless the connection leaves defensive mode.
    sqlite.unsafeMode(true);
    for (const job of jobs) {
      sqlite.exec(`attach database '${job.out.replaceAll("'", "''")}' as scratch`);
      sqlite.transaction(() => {
        for (const shadow of SHADOWS) {
          const t = `${job.name}_${shadow}`;
          sqlite.exec(`delete from main."${t}"; insert into main."${t}" select * from scratch."${t}"`);
        }
      })();
      sqlite.exec('detach database scratch');
      rmSync(job.out, { force: true });
    }
    sqlite.unsafeMode(false);
  });
}
