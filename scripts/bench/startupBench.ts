/**
 * Start to ready on the big database, against opening it and running one query. Ready is when
 * the window may open: the database open and migrated, the content checked by its hash, the
 * services built. The start-up work that follows (signed start checkpoint, key ring, the start
 * entry …) runs while the window loads, and calls wait for it; it is printed beside.
 */
import { openDatabase } from '../../db/connection.js';
import { openClearance } from '../../electron/app/bootstrap.js';
import { BenchClock, startOptions } from './context.js';
import type { Results } from './results.js';
import { median, ms, timeOnce } from './timing.js';

export async function startupBench(path: string, results: Results): Promise<void> {
  results.section('start to ready');
  const clock = new BenchClock();
  const openAndQuery = async () => {
    const handle = await openDatabase({ sqlitePath: path });
    await handle.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    await handle.close();
  };
  const ready: number[] = [];
  const done: number[] = [];
  const floor: number[] = [];
  // Each start is let finish (and stopped) before the floor is timed, so its start-up work never
  // falls on the floor's time; the two alternate, after a warm-up of each.
  const startOnce = async () => {
    const t = performance.now();
    const app = await openClearance(startOptions(path, clock));
    const readyMs = performance.now() - t;
    await app.started;
    const doneMs = performance.now() - t;
    await app.stop();
    return { readyMs, doneMs };
  };
  await startOnce();
  await openAndQuery();
  for (let run = 0; run < 9; run++) {
    const timeFloor = async () => floor.push(await timeOnce(openAndQuery));
    if (run % 2) await timeFloor();
    const s = await startOnce();
    ready.push(s.readyMs);
    done.push(s.doneMs);
    if (!(run % 2)) await timeFloor();
  }
  const ratio = median(ready) / median(floor);
  results.figure('start to ready (the window may open)', ms(median(ready)), {
    label: 'open + one query',
    value: ms(median(floor)),
    ratio: `${ratio.toFixed(2)}×`,
  });
  results.figure('  start-up work done (calls are held until then)', ms(median(done)));
  results.target('start to ready ≤ 2× opening the database and one query', ratio <= 2, `${ratio.toFixed(2)}×`);
}
