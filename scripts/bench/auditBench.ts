/** The audit trail: chain verify against SHA-256 alone over the same bytes, and the privacy officer's viewer. */
import { createHash, hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BENCH_USERS, CITIZEN } from './benchDatabase.js';
import type { BenchContext } from './context.js';
import type { Results } from './results.js';
import { median, ms, perSecond, sample } from './timing.js';

const RUNS = 15;

/** Seconds spent hashing every entry's stored bytes, one-shot and with a hash object (reading not counted). */
async function shaAlone(ctx: BenchContext): Promise<{ entries: number; oneShot: number; streaming: number }> {
  const db = ctx.app.handle.db;
  let from = 1;
  let entries = 0;
  let oneShot = 0;
  let streaming = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').select(['seq', 'entry']).where('seq', '>=', from).orderBy('seq').limit(5000).execute();
    if (page.length === 0) break;
    const bytes = page.map((e) => e.entry);
    let t = performance.now();
    for (const b of bytes) hash('sha256', b, 'hex');
    oneShot += performance.now() - t;
    t = performance.now();
    for (const b of bytes) createHash('sha256').update(b).digest('hex');
    streaming += performance.now() - t;
    entries += page.length;
    from = Number(page.at(-1)!.seq) + 1;
  }
  return { entries, oneShot: oneShot / 1000, streaming: streaming / 1000 };
}

export async function auditBench(ctx: BenchContext, results: Results): Promise<void> {
  results.section('audit trail');
  const verifyRates: number[] = [];
  const shaRates: number[] = [];
  const streamingRates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    // The privacy officer's verification (chain, checkpoints, witness, writers), as the app runs it.
    const r = await ctx.app.services.auditIntegrity.verify();
    const seconds = (performance.now() - t) / 1000;
    if (!r.ok) throw new Error(`the bench trail does not verify: ${r.problems[0]?.message}`);
    verifyRates.push(r.checked / seconds);
    const sha = await shaAlone(ctx);
    shaRates.push(sha.entries / sha.oneShot);
    streamingRates.push(sha.entries / sha.streaming);
  }
  const verify = median(verifyRates);
  const sha = median(shaRates);
  const ratio = verify / sha;
  results.figure('chain verify', perSecond(verify), {
    label: 'SHA-256 alone, same bytes',
    value: perSecond(sha),
    ratio: `${ratio.toFixed(2)} of it`,
  });
  // The first run starts the threads that check ranges (kept for a minute after): shown beside the median.
  results.figure('  the first verification, which starts the threads', perSecond(verifyRates[0]!), {
    label: 'of SHA-256 alone',
    value: perSecond(sha),
    ratio: `${(verifyRates[0]! / sha).toFixed(2)} of it`,
  });
  results.figure('  (SHA-256 with a hash object per entry, as before)', perSecond(median(streamingRates)));
  results.target('chain verify ≥ 400k entries/s', verify >= 400_000, perSecond(verify));
  results.target('chain verify ≥ 0.6 of SHA-256 alone over the same bytes', ratio >= 0.6, `${ratio.toFixed(2)}`);

  const officer = await ctx.signIn(BENCH_USERS.officer);
  const db = ctx.app.handle.db;
  const person = await db.selectFrom('staff').select(['id', 'username']).where('employee_id', '=', 'E4242').executeTakeFirstOrThrow();
  const byPerson = median(
    await sample(() => officer('audit.search', { filter: { actorId: Number(person.id) }, page: 1, pageSize: 25 }), RUNS),
  );
  const index = median(
    await sample(
      () => db.selectFrom('audit_log').selectAll().where('actor_id', '=', Number(person.id)).orderBy('seq', 'desc').limit(25).execute(),
      RUNS,
    ),
  );
  results.figure('audit viewer, one person', ms(byPerson), {
    label: 'the index on actor_id alone',
    value: ms(index),
    ratio: `${(byPerson / index).toFixed(1)}×`,
  });
  results.target('audit viewer by person ≤ 10 ms', byPerson <= 10, ms(byPerson));
  const byRecord = median(
    await sample(
      () => officer('audit.search', { filter: { resourceType: 'PersonalRecord', resourceId: '4242' }, page: 1, pageSize: 25 }),
      RUNS,
    ),
  );
  results.figure('audit viewer, one record', ms(byRecord));
  results.target('audit viewer by record ≤ 10 ms', byRecord <= 10, ms(byRecord));
  const who = median(await sample(() => officer('audit.whoAccessed', { person: CITIZEN.name }), RUNS));
  results.figure(`who accessed "${CITIZEN.name}"`, ms(who));
  results.target('"who accessed" ≤ 10 ms', who <= 10, ms(who));
}
