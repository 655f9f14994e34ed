import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import { authorize } from '../../services/policy/authorize.js';
import { RECORD_RULES, SUBJECT_NAMES } from '../../services/policy/recordRules.js';
import { certificationReport } from '../../services/reports/certificationReport.js';
import { activitySince, completeReview, reviewsDue, REVIEW_INTERVAL_MONTHS } from '../../services/reviews/accessReviews.js';
import { addMonths } from '../../services/training/status.js';
import type { Handler } from '../router.js';

function grantsOf(role: RoleKey): string {
  const rule = RECORD_RULES[role];
  if (!rule) return role === 'staff' ? 'Training only' : 'No record access';
  return `${rule.actions.join(', ')} ${SUBJECT_NAMES[rule.subject]}s of their department${rule.pendingOnly ? ` (${rule.pendingOnly.join(' and ')} pending orders only)` : ''}`;
}

export const reviewsHandlers: { 'reviews.team': Handler<'reviews.team'>; 'reviews.complete': Handler<'reviews.complete'> } = {
  'reviews.team': async (_input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    const { principal } = ctx.session;
    await authorize(db, ctx.services.audit, principal, ctx.caller.workstation, 'read', 'AccessReview');
    const scope = { kind: 'team' as const, supervisorId: principal.id };
    const now = clock.now();
    const [due, report] = await Promise.all([
      reviewsDue(db, scope, now),
      certificationReport(db, scope, await ctx.services.training.dueDays(), now),
    ]);
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
  },
  'reviews.complete': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'manage', 'AccessReview');
    return completeReview(ctx.services.ctx, ctx.session.principal, input.staffId, input.decisions, input.note, ctx.caller.workstation);
  },
};
