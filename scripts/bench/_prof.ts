import BetterSqlite3 from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
const log: { sql: string; ms: number }[] = [];
let on = false;
const origPrepare = (BetterSqlite3 as any).prototype.prepare;
(BetterSqlite3 as any).prototype.prepare = function (sql: string) {
  const st = origPrepare.call(this, sql);
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const f = st[m];
    if (!f) continue;
    st[m] = function (...a: unknown[]) {
      const t = performance.now();
      const r = f.apply(this, a);
      if (on) log.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 160), ms: performance.now() - t });
      return r;
    };
  }
  return st;
};
const { benchContext } = await import('./context.js');
const { BENCH_USERS } = await import('./benchDatabase.js');
const ctx = await benchContext(process.argv[2]!, { recordsPerKind: 0, staff: 0, auditEntries: 0 });
const clerk = await ctx.signIn(BENCH_USERS.clerk);
const ch = process.argv[3] ?? 'records.list';
const input = JSON.parse(process.argv[4] ?? '{"subject":"PersonalRecord","pageSize":15,"page":1}');
for (let i = 0; i < 3; i++) await clerk(ch, input);
on = true;
const t = performance.now();
await clerk(ch, input);
const total = performance.now() - t;
on = false;
for (const l of log) console.log(l.ms.toFixed(2).padStart(7), l.sql);
console.log('statements', log.length, 'sql ms', log.reduce((a, b) => a + b.ms, 0).toFixed(2), 'total', total.toFixed(2));
await ctx.app.stop();
