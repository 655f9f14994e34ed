/** Records: the list (first page, a deep page, searches) against the naive peer, and open and reveal against the floor of a durable call. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { BENCH_USERS, COMMON_NAME, RARE_NAME } from './benchDatabase.js';
import type { BenchContext } from './context.js';
import type { Results } from './results.js';
import { median, ms, paired, sample, times } from './timing.js';

const PAGE = 15;
const RUNS = 15;
const WARM_UP = 50;
const WARM_RUNS = 101;

/** The naive way: every row of the table, filtered, sorted and paged in JS. */
async function naiveFirstPage(db: Kysely<Database>, departmentId: number) {
  const rows = await db
    .selectFrom('personal_records as r')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .selectAll('r')
    .select('d.name as department_name')
    .execute();
  return rows
    .filter((r) => Number(r.department_id) === departmentId)
    .sort((a, b) => (a.received_at < b.received_at ? 1 : a.received_at > b.received_at ? -1 : Number(b.id) - Number(a.id)))
    .slice(0, PAGE);
}

export async function recordsBench(ctx: BenchContext, results: Results): Promise<void> {
  const db = ctx.app.handle.db;
  const clerk = await ctx.signIn(BENCH_USERS.clerk);
  const dept = Number((await db.selectFrom('departments').select('id').where('code', '=', 'RM').executeTakeFirstOrThrow()).id);
  results.section('records (records clerk, personal-information records; 30% of them in the clerk’s department)');

  const list = (input: object) => clerk('records.list', { subject: 'PersonalRecord', pageSize: PAGE, ...input });
  const first = await sample(() => list({ page: 1 }), RUNS);
  const naive = await sample(() => naiveFirstPage(db, dept), 3);
  const firstMs = median(first);
  const naiveRatio = median(naive) / firstMs;
  results.figure('list, first page', ms(firstMs), {
    label: 'naive (load all, filter in JS)',
    value: ms(median(naive)),
    ratio: `${times(naiveRatio)} faster`,
  });
  results.target('records list, first page ≤ 10 ms', firstMs <= 10, ms(firstMs));
  results.target('records list ≥ 100× faster than the naive peer', naiveRatio >= 100, `${times(naiveRatio)}`);

  // Page 500 (or the last, on a small database) as the screen reaches it: by the "older" cursor where the page before
  // ends (keyset); and by offset for comparison.
  const inDepartment = await db
    .selectFrom('personal_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('department_id', '=', dept)
    .executeTakeFirstOrThrow();
  const deepPage = Math.max(2, Math.min(500, Math.ceil(Number(inDepartment.n) / PAGE)));
  const before = await db
    .selectFrom('personal_records')
    .select(['id', 'received_at'])
    .where('department_id', '=', dept)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .offset((deepPage - 1) * PAGE - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  const cursor = { direction: 'older', at: before.received_at, id: Number(before.id) };
  const deep = median(await sample(() => list({ page: deepPage, cursor }), RUNS));
  const byOffset = median(await sample(() => list({ page: deepPage }), RUNS));
  results.figure(`list, page ${deepPage} (keyset, "older")`, ms(deep), {
    label: 'first page',
    value: ms(firstMs),
    ratio: times(deep / firstMs),
  });
  results.figure(`list, page ${deepPage} by offset`, ms(byOffset), { label: 'keyset', value: ms(deep), ratio: times(byOffset / deep) });
  results.target(`a deep page (${deepPage}) as fast as the first: ≤ 10 ms`, deep <= 10, ms(deep));

  for (const [label, text] of [
    ['rare', RARE_NAME.toLowerCase()],
    ['common', COMMON_NAME.toLowerCase()],
  ] as const) {
    const t = median(await sample(() => list({ page: 1, search: text }), RUNS));
    results.figure(`search, ${label} name ("${text}")`, ms(t));
    results.target(`search for a ${label} name ≤ 20 ms`, t <= 20, ms(t));
  }

  // Open and reveal through the router, each beside a bare primary-key SELECT and one INSERT in one durable transaction.
  const ids = (
    await db.selectFrom('personal_records').select('id').where('department_id', '=', dept).orderBy('id').limit(400).execute()
  ).map((r) => Number(r.id));
  const floor = async (run: number) =>
    db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('personal_records')
        .selectAll()
        .where('id', '=', ids[(run + 100) % ids.length]!)
        .executeTakeFirst();
      await sql`insert into bench_floor (at, payload) values (${new Date().toISOString()}, ${'x'.repeat(300)})`.execute(trx);
    });
  // Through the router, each open the session's first of that record, with a purpose. Timed twice: the first
  // calls after start (V8 still compiling the path), then after 50 untimed calls of each, the figure the target
  // is judged on: the cost of a call, not of the JIT's warm-up.
  const open = (from: number) => (run: number) =>
    clerk('records.open', { subject: 'PersonalRecord', id: ids[from + run]!, purpose: { code: 'respond_to_citizen' } });
  const reveal = (from: number) => (run: number) =>
    clerk('records.reveal', { subject: 'PersonalRecord', id: ids[from + run]!, field: 'ssn' });
  const coldOpen = await paired(open(1), floor, RUNS);
  const coldReveal = await paired(reveal(1), floor, RUNS);
  const warmOpen = await paired(open(200), floor, WARM_RUNS, WARM_UP);
  const warmReveal = await paired(reveal(200), floor, WARM_RUNS, WARM_UP);
  for (const [what, cold, warm] of [
    ['record open', coldOpen, warmOpen],
    ['reveal', coldReveal, warmReveal],
  ] as const) {
    results.figure(`${what}: first ${RUNS} calls after start`, ms(cold.a), { label: 'floor', value: ms(cold.b), ratio: times(cold.ratio) });
    results.figure(`${what}: after ${WARM_UP} calls`, ms(warm.a), { label: 'floor', value: ms(warm.b), ratio: times(warm.ratio) });
  }
  results.target(`record open ≤ 3× the floor (median of ${WARM_RUNS}, after ${WARM_UP})`, warmOpen.ratio <= 3, times(warmOpen.ratio));
  results.target(`reveal ≤ 3× the floor (median of ${WARM_RUNS}, after ${WARM_UP})`, warmReveal.ratio <= 3, times(warmReveal.ratio));
}
