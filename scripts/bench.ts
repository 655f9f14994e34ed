/**
 * `npm run bench`: the certification report, the records list and an audit append on a
 * synthetic organization of 10,000 staff. Prints figures; asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startClearance } from '../electron/app/bootstrap.js';
import { DAY, ManualClock } from '../electron/services/clock.js';
import { memoryKeyStore, sealedKeyCustody } from '../electron/services/keys/custody.js';
import { aesKeySealer } from '../electron/services/keys/sealer.js';
import { certificationReport, summarize } from '../electron/services/reports/certificationReport.js';
import { addMonths } from '../electron/services/training/status.js';
import { CONTENT_DIR } from '../test/support/paths.js';

const STAFF = Number(process.env.BENCH_STAFF ?? 10_000);
const clock = new ManualClock('2026-11-24T09:00:00.000Z');
const app = await startClearance({
  sqlitePath: join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.db'),
  workstation: 'bench',
  contentDir: CONTENT_DIR,
  keyCustody: sealedKeyCustody(memoryKeyStore(), aesKeySealer(Buffer.alloc(32, 1))),
  clock,
});
const db = app.handle.db;
const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - t).toFixed(0).padStart(7)} ms`);
  return r;
};

await time(`seed ${STAFF} staff, roles and completions`, async () => {
  const dept = await db
    .insertInto('departments')
    .values({ code: 'B1', name: 'Bench Department' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const modules = await db.selectFrom('training_modules').select(['module_id', 'current_version', 'current_major']).execute();
  const roles = ['live_help_operator', 'records_clerk', 'card_processor'];
  await db.transaction().execute(async (trx) => {
    const boss = await trx
      .insertInto('staff')
      .values({
        employee_id: 'B0',
        username: 'bench.boss',
        display_name: 'Bench Boss',
        email: 'boss@bench.gov',
        department_id: dept.id,
        supervisor_id: null,
        hire_date: '2020-01-01',
        status: 'active',
        disabled_reason: null,
        last_sign_in_at: null,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < STAFF; i += 500) {
      const batch = Array.from({ length: Math.min(500, STAFF - i) }, (_, j) => ({
        employee_id: `B${i + j + 1}`,
        username: `bench.${i + j + 1}`,
        display_name: `Person ${i + j + 1}`,
        email: `p${i + j + 1}@bench.gov`,
        department_id: dept.id,
        supervisor_id: boss.id,
        hire_date: '2022-01-01',
        status: 'active' as const,
        disabled_reason: null,
        last_sign_in_at: null,
        created_at: clock.now().toISOString(),
      }));
      const ids = await trx.insertInto('staff').values(batch).returning('id').execute();
      await trx
        .insertInto('staff_roles')
        .values(
          ids.flatMap((r, k) => [
            { staff_id: r.id, role_key: 'staff', granted_at: '2022-01-01', granted_by: null },
            { staff_id: r.id, role_key: roles[(i + k) % 3]!, granted_at: '2022-01-01', granted_by: null },
          ]),
        )
        .execute();
      const completions = ids.flatMap((r, k) =>
        modules
          .filter((_, m) => (i + k + m) % 7 !== 0)
          .map((m, n) => {
            const completedAt = new Date(clock.now().getTime() - (((i + k) * 13 + n * 29) % 400) * DAY).toISOString();
            return {
              certificate_id: `CLR-B${r.id}-${n}`,
              staff_id: r.id,
              module_id: m.module_id,
              version: m.current_version,
              major: m.current_major,
              score: 90,
              attempt_no: 1,
              completed_at: completedAt,
              expires_at: addMonths(completedAt, 12),
              acknowledgement_hash: 'bench',
            };
          }),
      );
      for (let c = 0; c < completions.length; c += 500)
        await trx
          .insertInto('training_completions')
          .values(completions.slice(c, c + 500))
          .execute();
    }
  });
});

const boss = await db.selectFrom('staff').select('id').where('username', '=', 'bench.boss').executeTakeFirstOrThrow();
for (const run of [1, 2]) {
  const report = await time(`certification report, whole organization (run ${run})`, () =>
    certificationReport(db, { kind: 'organization' }, 30, clock.now()),
  );
  if (run === 2)
    console.log(
      `  ${report.rows.length} people, ${report.rows.reduce((n, r) => n + r.modules.length, 0)} module statuses, ${summarize(report, clock.now()).compliancePercent}% fully certified`,
    );
}
await time(`certification report, team of ${STAFF} (recursive scope)`, () =>
  certificationReport(db, { kind: 'team', supervisorId: Number(boss.id) }, 30, clock.now()),
);
const heap = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(`${'heap used after the reports'.padEnd(58)} ${heap.toFixed(0).padStart(7)} MB`);
await time('100 audit appends (each its own transaction, synchronous=FULL)', async () => {
  for (let i = 0; i < 100; i++)
    await app.services.audit.append(db, { actor: null, workstation: 'bench', event: 'bench', outcome: 'allowed', reason: 'bench' });
});
await time('verify the audit chain', () => app.services.audit.verify(db));
await app.stop();
