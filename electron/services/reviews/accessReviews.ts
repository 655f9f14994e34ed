/**
 * Six-monthly access reviews (PCI DSS 7.2.4). A supervisor attests, for each role of each team
 * member, keep or revoke; a revoke takes effect at once. A review is due 6 months after the last
 * one (or after the hire date for someone never reviewed).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { ReviewDecision, ReviewItem } from '../../contract/reviews.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { authorize } from '../policy/authorize.js';
import { RECORD_RULES, SUBJECT_NAMES } from '../policy/recordRules.js';
import type { ReportsService } from '../reports/reportsService.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { addMonths } from '../training/status.js';
import { inScope, isInTeam, type ReportScope } from '../reports/scope.js';

export const REVIEW_INTERVAL_MONTHS = 6;

export interface ReviewDue {
  staffId: number;
  name: string;
  department: string;
  supervisor: string | null;
  lastReviewedAt: string | null;
  dueAt: string;
  overdue: boolean;
}

/** When each person in scope is next due a review. Two queries for the whole scope. */
export async function reviewsDue(db: Kysely<Database>, scope: ReportScope, now: Date): Promise<ReviewDue[]> {
  const people = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .leftJoin('staff as sup', 'sup.id', 's.supervisor_id')
    .select(['s.id', 's.display_name', 's.hire_date', 'd.name as department', 'sup.display_name as supervisor'])
    .where((eb) => inScope(scope, eb.ref('s.id')))
    .orderBy('s.display_name')
    .execute();
  const last = await db
    .selectFrom('access_reviews')
    .select(['staff_id', (eb) => eb.fn.max('completed_at').as('last')])
    .where((eb) => inScope(scope, eb.ref('staff_id')))
    .groupBy('staff_id')
    .execute();
  const lastBy = new Map(last.map((l) => [Number(l.staff_id), l.last as string]));
  return people.map((p) => {
    const lastReviewedAt = lastBy.get(Number(p.id)) ?? null;
    const dueAt = addMonths(lastReviewedAt ?? `${p.hire_date}T00:00:00.000Z`, REVIEW_INTERVAL_MONTHS);
    return {
      staffId: Number(p.id),
      name: p.display_name,
      department: p.department,
      supervisor: p.supervisor,
      lastReviewedAt,
      dueAt,
      overdue: dueAt < now.toISOString(),
    };
  });
}

export interface Activity {
  opens: number;
  reveals: number;
  breakGlass: number;
  denials: number;
}

/** Record activity per person since a date, from the audit trail: one grouped query. */
export async function activitySince(db: Kysely<Database>, staffIds: number[], since: string): Promise<Map<number, Activity>> {
  const out = new Map<number, Activity>();
  if (staffIds.length === 0) return out;
  const rows = await db
    .selectFrom('audit_log')
    .select(['actor_id', 'event', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('actor_id', 'in', staffIds)
    .where('at', '>=', since)
    .where('event', 'in', ['record.open', 'record.reveal', 'record.break_glass'])
    .groupBy(['actor_id', 'event', 'outcome'])
    .execute();
  for (const r of rows) {
    const id = Number(r.actor_id);
    const a = out.get(id) ?? { opens: 0, reveals: 0, breakGlass: 0, denials: 0 };
    const n = Number(r.n);
    if (r.outcome === 'denied') a.denials += n;
    else if (r.event === 'record.open') a.opens += n;
    else if (r.event === 'record.reveal') a.reveals += n;
    else a.breakGlass += n;
    out.set(id, a);
  }
  return out;
}

/** What a role lets its holder do, in words, for the reviewer deciding keep or revoke. */
function grantsOf(role: RoleKey): string {
  const rule = RECORD_RULES[role];
  if (!rule) return role === 'staff' ? 'Training only' : 'No record access';
  return `${rule.actions.join(', ')} ${SUBJECT_NAMES[rule.subject]}s of their department${rule.pendingOnly ? ` (${rule.pendingOnly.join(' and ')} pending orders only)` : ''}`;
}

export class AccessReviewService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly reports: ReportsService,
  ) {}

  /** Supervisors: each team member's roles, record access, training, record activity and review due date. */
  async team(principal: Principal, { workstation }: Caller): Promise<{ items: ReviewItem[] }> {
    const { db } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'AccessReview');
    const scope = { kind: 'team' as const, supervisorId: principal.id };
    const now = this.ctx.clock.now();
    const [due, { report }] = await Promise.all([reviewsDue(db, scope, now), this.reports.buildFacts(scope)]);
    const defaultSince = addMonths(now.toISOString(), -REVIEW_INTERVAL_MONTHS);
    const activity = await activitySince(
      db,
      due.map((d) => d.staffId),
      due.reduce((min, d) => (d.lastReviewedAt && d.lastReviewedAt < min ? d.lastReviewedAt : min), defaultSince),
    );
    const byId = new Map(report.rows.map((r) => [r.staffId, r]));
    return {
      items: due.map((d) => {
        const row = byId.get(d.staffId);
        const a = activity.get(d.staffId) ?? { opens: 0, reveals: 0, breakGlass: 0, denials: 0 };
        return {
          staffId: d.staffId,
          name: d.name,
          department: d.department,
          roles: (row?.roles ?? []).map((key) => ({ key, name: ROLE_NAMES[key], grants: grantsOf(key) })),
          fullyCertified: row?.fullyCertified ?? false,
          recordAccessActive: row?.recordAccessActive ?? false,
          uncertifiedRoles: row?.uncertifiedRoles ?? [],
          lastReviewedAt: d.lastReviewedAt,
          dueAt: d.dueAt,
          overdue: d.overdue,
          activity: { since: d.lastReviewedAt ?? defaultSince, ...a },
        };
      }),
    };
  }

  /** Supervisors: keep or revoke each role of a team member; a revoke takes effect at once. */
  async complete(
    reviewer: Principal,
    input: { staffId: number; decisions: ReviewDecision[]; note?: string | undefined },
    { workstation }: Caller,
  ): Promise<{ reviewId: number; revoked: RoleKey[] }> {
    const { db, audit, clock } = this.ctx;
    await authorize(this.ctx, reviewer, workstation, 'manage', 'AccessReview');
    const { staffId, decisions, note } = input;
    const actor = actorOf(reviewer);
    if (!(await isInTeam(db, reviewer.id, staffId))) {
      await audit.append(db, {
        actor,
        workstation,
        event: 'access_review.complete',
        outcome: 'denied',
        resource: { type: 'staff', id: staffId },
        reason: "not in the reviewer's team",
      });
      throw new AppError('FORBIDDEN', 'You can review only the people in your own team.');
    }
    const held: RoleKey[] = (await db.selectFrom('staff_roles').select('role_key').where('staff_id', '=', staffId).execute())
      .map((r) => r.role_key as RoleKey)
      .filter((r) => r !== 'staff');
    const decided = new Set(decisions.map((d) => d.role));
    const missing = held.filter((r) => !decided.has(r));
    const unknown = decisions.filter((d) => !held.includes(d.role)).map((d) => d.role);
    if (missing.length || unknown.length) {
      throw new AppError(
        'INVALID_INPUT',
        missing.length
          ? `Decide keep or revoke for every role: ${missing.map((r) => ROLE_NAMES[r]).join(', ')} is missing.`
          : `This person does not hold ${unknown.map((r) => ROLE_NAMES[r]).join(', ')}; reload the review.`,
      );
    }
    const now = clock.now().toISOString();
    const last = await db
      .selectFrom('access_reviews')
      .select((eb) => eb.fn.max('completed_at').as('last'))
      .where('staff_id', '=', staffId)
      .executeTakeFirst();
    const periodStart = (last?.last as string | null) ?? addMonths(now, -REVIEW_INTERVAL_MONTHS);
    return db.transaction().execute(async (trx) => {
      const review = await trx
        .insertInto('access_reviews')
        .values({ staff_id: staffId, reviewer_id: reviewer.id, period_start: periodStart, completed_at: now, note: note?.trim() || null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const reviewId = Number(review.id);
      const revoked: RoleKey[] = [];
      for (const d of decisions) {
        await trx
          .insertInto('access_review_decisions')
          .values({ review_id: reviewId, role_key: d.role, decision: d.decision, note: d.note?.trim() || null })
          .execute();
        if (d.decision === 'revoke') {
          await trx.deleteFrom('staff_roles').where('staff_id', '=', staffId).where('role_key', '=', d.role).execute();
          revoked.push(d.role);
          await audit.append(trx, {
            actor,
            workstation,
            event: 'access_review.revoke',
            outcome: 'allowed',
            resource: { type: 'staff', id: staffId },
            reason: `${ROLE_NAMES[d.role]} revoked in access review No. ${reviewId}${d.note ? `: ${d.note}` : ''}`,
            details: { reviewId, role: ROLE_NAMES[d.role] },
          });
        }
      }
      await audit.append(trx, {
        actor,
        workstation,
        event: 'access_review.complete',
        outcome: 'allowed',
        resource: { type: 'staff', id: staffId },
        reason: `access review No. ${reviewId} completed (PCI DSS 7.2.4): ${
          decisions.map((d) => `${ROLE_NAMES[d.role]} ${d.decision === 'keep' ? 'kept' : 'revoked'}`).join(', ') || 'no roles beyond staff'
        }`,
        details: { reviewId, periodStart, revoked },
      });
      return { reviewId, revoked };
    });
  }
}
