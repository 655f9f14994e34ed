/**
 * Demo training history: established staff completed their modules months ago, a few let one
 * lapse or never finished, so reports and access checks have something true to show.
 * Runs after the content import, so it uses the module versions actually in force.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY } from '../electron/services/clock.js';
import { acknowledgementHash, newCertificateId } from '../electron/services/training/certificateIds.js';
import { addMonths } from '../electron/services/training/status.js';

export interface HistoryPlan {
  /** Usernames left with no training at all (new hires). */
  untrained: readonly string[];
  /** Days ago each named person completed everything (default for the rest: spread over the year). */
  completedDaysAgo: Readonly<Record<string, number>>;
  /** Every `lapseEvery`-th other person lets one module expire, and every `skipEvery`-th never did one. */
  lapseEvery: number;
  skipEvery: number;
}

export async function seedTrainingHistory(db: Kysely<Database>, now: Date, plan: HistoryPlan): Promise<void> {
  const modules = await db
    .selectFrom('training_modules as m')
    .innerJoin('training_module_versions as v', (j) =>
      j.onRef('v.module_id', '=', 'm.module_id').onRef('v.version', '=', 'm.current_version'),
    )
    .select(['m.module_id', 'm.current_version', 'm.current_major', 'v.content'])
    .execute();
  const moduleRoles = await db.selectFrom('training_module_roles').selectAll().execute();
  const staff = await db.selectFrom('staff').select(['id', 'username', 'display_name']).orderBy('id').execute();
  const staffRoles = await db.selectFrom('staff_roles').selectAll().execute();
  let n = 0;
  for (const person of staff) {
    if (plan.untrained.includes(person.username)) continue;
    n += 1;
    const roles = staffRoles.filter((r) => r.staff_id === person.id).map((r) => r.role_key);
    const required = modules.filter((m) => moduleRoles.some((r) => r.module_id === m.module_id && roles.includes(r.role_key)));
    for (const [i, m] of required.entries()) {
      if (!(person.username in plan.completedDaysAgo) && n % plan.skipEvery === 0 && i === required.length - 1) continue;
      let daysAgo = plan.completedDaysAgo[person.username] ?? 20 + ((n * 37 + i * 11) % 320);
      if (!(person.username in plan.completedDaysAgo) && n % plan.lapseEvery === 0 && i === 0) daysAgo = 380 + n;
      const completedAt = new Date(now.getTime() - daysAgo * DAY).toISOString();
      const content = JSON.parse(m.content) as { acknowledgement: string; questions: { id: string }[] };
      const attempt = await db
        .insertInto('quiz_attempts')
        .values({
          staff_id: person.id,
          module_id: m.module_id,
          version: m.current_version,
          attempt_no: 1,
          drawn: JSON.stringify(content.questions.slice(0, 8).map((q) => ({ id: q.id, order: [] }))),
          started_at: completedAt,
          submitted_at: completedAt,
          answers: '{}',
          score: 88,
          passed: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const hash = acknowledgementHash(content.acknowledgement);
      await db
        .insertInto('acknowledgements')
        .values({
          staff_id: person.id,
          module_id: m.module_id,
          version: m.current_version,
          attempt_id: Number(attempt.id),
          text_hash: hash,
          signature: person.display_name,
          acknowledged_at: completedAt,
        })
        .execute();
      await db
        .insertInto('training_completions')
        .values({
          certificate_id: newCertificateId(),
          staff_id: person.id,
          module_id: m.module_id,
          version: m.current_version,
          major: Number(m.current_major),
          score: 88,
          attempt_no: 1,
          completed_at: completedAt,
          expires_at: addMonths(completedAt, 12),
          acknowledgement_hash: hash,
        })
        .execute();
    }
  }
}
