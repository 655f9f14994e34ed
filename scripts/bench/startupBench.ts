/** Start to ready on the big database, against opening it and running one query. */
import { openDatabase } from '../../db/connection.js';
import { startClearance } from '../../electron/app/bootstrap.js';
import { BenchClock, startOptions } from './context.js';
import type { Results } from './results.js';
import { ms, paired } from './timing.js';

export async function startupBench(path: string, results: Results): Promise<void> {
  results.section('start to ready');
  const clock = new BenchClock();
  const running: { stop(): Promise<void> }[] = [];
  const r = await paired(
    async () => {
      running.push(await startClearance(startOptions(path, clock)));
    },
    async () => {
      const handle = await openDatabase({ sqlitePath: path });
      await handle.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      await handle.close();
    },
    7,
  );
  for (const app of running) await app.stop();
  results.figure('start to ready (migrations, content, keys, jobs)', ms(r.a), {
    label: 'open + one query',
    value: ms(r.b),
    ratio: `${r.ratio.toFixed(2)}×`,
  });
  results.target('start to ready ≤ 2× opening the database and one query', r.ratio <= 2, `${r.ratio.toFixed(2)}×`);
}
