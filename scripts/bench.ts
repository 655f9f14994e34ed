/**
 * `npm run bench`: Clearance at a real agency's scale. Builds (once, kept in a temp folder) an
 * organization of 100,000 staff with 1,000,000 records of each kind and 1,000,000 audit entries,
 * then measures each figure beside its floor or peer in the same process and prints the ratio,
 * and ends with one line per target, "met" or "missed". Medians, so load from elsewhere on the
 * machine counts as little as it can; the machine's load is printed with the figures.
 *
 * BENCH_ROWS, BENCH_STAFF and BENCH_AUDIT change the sizes; BENCH_ONLY=records,audit,report,start,renderer
 * runs some parts. Never part of `npm test`.
 */
import { cpus, loadavg } from 'node:os';
import { benchDatabase, type BenchSizes } from './bench/benchDatabase.js';
import { benchContext } from './bench/context.js';
import { Results } from './bench/results.js';
import { auditBench } from './bench/auditBench.js';
import { recordsBench } from './bench/recordsBench.js';
import { reportBench } from './bench/reportBench.js';
import { rendererBench } from './bench/rendererBench.js';
import { startupBench } from './bench/startupBench.js';

const sizes: BenchSizes = {
  recordsPerKind: Number(process.env.BENCH_ROWS ?? 1_000_000),
  staff: Number(process.env.BENCH_STAFF ?? 100_000),
  auditEntries: Number(process.env.BENCH_AUDIT ?? 1_000_000),
};
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (part: string) => !only || only.includes(part);

const load = () => loadavg()[0]!.toFixed(1);
console.log(
  `Clearance bench: SQLite, ${sizes.recordsPerKind.toLocaleString('en-US')} records of each kind, ` +
    `${sizes.auditEntries.toLocaleString('en-US')} audit entries, ${sizes.staff.toLocaleString('en-US')} staff`,
);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${load()} at the start`,
);

const db = await benchDatabase(sizes, (line) => console.log(line));
const results = new Results();
results.section('database');
results.figure(
  db.built ? 'built the database' : 'reused the database built earlier',
  db.built ? `${db.buildSeconds.toFixed(1)} s` : db.dir,
);
if (db.built)
  results.target(
    `the ${sizes.recordsPerKind.toLocaleString('en-US')}-row database builds in under a minute`,
    db.buildSeconds < 60,
    `${db.buildSeconds.toFixed(1)} s`,
  );

const ctx = await benchContext(db.path, sizes);
try {
  if (wanted('records')) await recordsBench(ctx, results);
  if (wanted('audit')) await auditBench(ctx, results);
  if (wanted('report')) await reportBench(ctx, results);
} finally {
  await ctx.app.stop();
}
if (wanted('start')) await startupBench(db.path, results);
if (wanted('renderer')) await rendererBench(results);

const { met, missed } = results.summary();
console.log(`\n${met} met, ${missed} missed; load average ${load()} at the end`);
