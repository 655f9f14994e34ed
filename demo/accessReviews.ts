/**
 * The demo's access-review history, as in an office that keeps up with them (PCI DSS 7.2.4):
 * most people were reviewed within the last six months, a few come due in the next weeks, and
 * one review is overdue (Carl Patel's, so the review screen has work on it).
 */
import { faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DAY } from '../electron/services/clock.js';
import { addMonths } from '../electron/services/training/status.js';
import type { DemoAccount } from './demoAccounts.js';

/** The one review left overdue, about two and a half weeks late. */
export const OVERDUE_REVIEW = { username: 'carl.patel', lastReviewedDaysAgo: 200 };
const TOP_REVIEWER = 'alex.morgan';
/** Reviewed five to six months ago: due within the next three weeks. */
const DUE_SOON_DAYS_AGO = [176, 170, 164];

/** The named demo accounts (README): their reviews stay current, so the demo walk-through is predictable. */
const DEMO_NAMED = new Set(['liam.chen', 'rosa.diaz', 'sam.okafor', 'maria.lopez', 'ken.ito', 'priya.shah', 'alex.morgan', 'jordan.blake']);

export async function seedAccessReviews(
  trx: Kysely<Database>,
  staff: readonly DemoAccount[],
  staffIds: ReadonlyMap<string, number>,
  now: Date,
): Promise<void> {
  let dueSoon = 0;
  for (const s of staff) {
    // The head of the organization has no supervisor in Clearance; the demo's administrator reviewed them.
    const reviewer = s.supervisor ?? TOP_REVIEWER;
    let daysAgo: number;
    if (s.username === OVERDUE_REVIEW.username) daysAgo = OVERDUE_REVIEW.lastReviewedDaysAgo;
    // Someone hired less than six months ago has their first review ahead of them.
    else if (s.hiredDaysAgo < 183) continue;
    else if (dueSoon < DUE_SOON_DAYS_AGO.length && !DEMO_NAMED.has(s.username)) daysAgo = DUE_SOON_DAYS_AGO[dueSoon++]!;
    else daysAgo = faker.number.int({ min: 10, max: 150 });
    const completed = new Date(now.getTime() - daysAgo * DAY).toISOString();
    const review = await trx
      .insertInto('access_reviews')
      .values({
        staff_id: staffIds.get(s.username)!,
        reviewer_id: staffIds.get(reviewer)!,
        period_start: addMonths(completed, -6),
        completed_at: completed,
        note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const role of s.roles.filter((r) => r !== 'staff')) {
      await trx
        .insertInto('access_review_decisions')
        .values({ review_id: Number(review.id), role_key: role, decision: 'keep', note: null })
        .execute();
    }
  }
}
