/**
 * The certification report for the whole organization (its first page, as the screen asks for it)
 * against its own SQL (the same chunked queries, their rows read and dropped), and the heap it takes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { certificationFacts } from '../../electron/services/reports/certificationReport.js';
import { BENCH_USERS } from './benchDatabase.js';
import type { BenchContext } from './context.js';
import type { Results } from './results.js';
import { median, ms, paired, timeOnce } from './timing.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function reportBench(ctx: BenchContext, results: Results): Promise<void> {
  const officer = await ctx.signIn(BENCH_USERS.officer);
  const db = ctx.app.handle.db;
  const staff = Number(
    (
      await db
        .selectFrom('staff')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  results.section(`certification report, whole organization (${staff.toLocaleString('en-US')} staff)`);
  const input = { scope: { kind: 'organization' }, filter: {} };
  const sqlAlone = () => certificationFacts(db, { kind: 'organization' });

  // The heap first, from a collected start, holding the screen's answer as the renderer would receive it.
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = [await officer('reports.certification', input)];
  const growth = process.memoryUsage().heapUsed - before;
  held.length = 0;

  const screen = await paired(() => officer('reports.certification', input), sqlAlone, 5);
  const service = median([
    await timeOnce(() => ctx.app.services.reports.buildFacts({ kind: 'organization' })),
    await timeOnce(() => ctx.app.services.reports.buildFacts({ kind: 'organization' })),
    await timeOnce(() => ctx.app.services.reports.buildFacts({ kind: 'organization' })),
  ]);
  results.figure('the report as the screen gets it (router)', ms(screen.a), {
    label: 'its own SQL alone',
    value: ms(screen.b),
    ratio: `${screen.ratio.toFixed(2)}×`,
  });
  results.figure('  built in the service: every row and the summary', ms(service));
  results.figure('heap growth while it is built and held', mb(growth));
  results.target('certification report ≤ 1.2× its own SQL', screen.ratio <= 1.2, `${screen.ratio.toFixed(2)}×`);
  results.target('certification report heap growth ≤ 150 MB', growth <= 150 * 1024 * 1024, mb(growth));
}
