/** The privacy officer's dashboard: the organization at a glance, from the records and the audit trail. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { DashboardView } from '../../contract/dashboard.js';
import type { Caller } from '../caller.js';
import { DAY, HOUR } from '../clock.js';
import { formatDate } from '../format.js';
import type { ServiceContext } from '../context.js';
import { authorize } from '../policy/authorize.js';
import { reviewsDue } from '../reviews/accessReviews.js';
import type { Principal } from '../staff/principal.js';
import { addMonths } from '../training/status.js';
import type { ReportsService } from './reportsService.js';
import type { AuditIntegrityService } from '../audit/auditIntegrityService.js';
import type { SiemForwardingService } from '../siem/siemForwardingService.js';
import type { MonitoringService } from '../monitoring/monitoringService.js';
import type { KeyAdminService } from '../keys/keyAdminService.js';
import { intakeRedactionTrend } from './intakeRedactionTrend.js';

/**
 * Refusals that say nothing about access to information: sign-in and password mistakes, and calls
 * that arrived on a session that had ended or was locked (a window left open).
 */
const NOT_ACCESS_DENIALS = ['not signed in', 'session locked after inactivity', 'password change required first', 'session ended'];

/**
 * Access denials and refusals since a day: records, the audit trail, reports, reviews and other
 * actions refused to someone signed in, grouped by what was refused and why, most frequent first.
 */
async function accessDenials(db: Kysely<Database>, since: string): Promise<{ event: string; reason: string; count: number }[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['event', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where('outcome', '=', 'denied')
    .where('at', '>=', since)
    .where('event', 'not like', 'auth.%')
    .where('event', 'not like', 'session.%')
    .where((eb) => eb.or([eb('event', '<>', 'ipc.refused'), eb('reason', 'not in', NOT_ACCESS_DENIALS)]))
    .groupBy(['event', 'reason'])
    .orderBy('n', 'desc')
    .orderBy('event')
    .limit(10)
    .execute();
  return rows.map((r) => ({ event: r.event, reason: r.reason, count: Number(r.n) }));
}

export class DashboardService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly reports: ReportsService,
    private readonly integrity: AuditIntegrityService,
    private readonly siem: SiemForwardingService,
    private readonly monitoring: MonitoringService,
    private readonly keys: KeyAdminService,
  ) {}

  /** Privacy officer: compliance and its trend, overdue training and reviews, pending break-glass, denials, last chain check, open alerts. */
  async privacy(principal: Principal, { workstation }: Caller): Promise<DashboardView> {
    await authorize(this.ctx, principal, workstation, 'read', 'Dashboard');
    const { db } = this.ctx;
    const { report, summary, now } = await this.reports.buildFacts({ kind: 'organization' });
    const nowIso = now.toISOString();

    // Compliance trend by month end, from the completion history (against today's role assignments).
    const completions = await db
      .selectFrom('training_completions')
      .select(['staff_id', 'module_id', 'completed_at', 'expires_at'])
      .execute();
    const required = new Set(report.rows.flatMap((r) => r.moduleIds().map((m) => `${r.staffId}|${m}`)));
    const byPair = new Map<string, { completed_at: string; expires_at: string }[]>();
    for (const c of completions) {
      const key = `${c.staff_id}|${c.module_id}`;
      if (required.has(key)) byPair.set(key, [...(byPair.get(key) ?? []), c]);
    }
    const trend = [];
    for (let back = 11; back >= 0; back--) {
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 0, 23, 59, 59)).toISOString();
      const at = end < nowIso ? end : nowIso;
      let current = 0;
      for (const key of required) if ((byPair.get(key) ?? []).some((c) => c.completed_at <= at && c.expires_at > at)) current += 1;
      trend.push({ month: at.slice(0, 7), percent: required.size ? Math.round((current / required.size) * 1000) / 10 : 100 });
    }

    const pending = await db
      .selectFrom('break_glass_grants as g')
      .innerJoin('staff as s', 's.id', 'g.staff_id')
      .select(['g.id', 's.display_name', 'g.record_type', 'g.record_id', 'g.granted_at'])
      .where('g.review_status', '=', 'pending')
      .orderBy('g.granted_at')
      .execute();
    const reviews = (await reviewsDue(db, { kind: 'organization' }, now)).filter((r) => r.overdue);
    const since = formatDate(new Date(now.getTime() - 30 * DAY));
    const denials = await accessDenials(db, since);
    const lastVerify = await this.integrity.lastVerification();
    return {
      generatedAt: nowIso,
      compliance: { percent: summary.compliancePercent, people: summary.people, certified: summary.fullyCertified },
      trend,
      overdueTraining: {
        modules: summary.byStatus.overdue,
        people: report.rows.filter((r) => r.has('overdue')).length,
      },
      pendingBreakGlass: pending.map((p) => ({
        grantId: Number(p.id),
        person: p.display_name,
        subject: p.record_type,
        recordId: Number(p.record_id),
        ageHours: Math.floor((now.getTime() - new Date(p.granted_at).getTime()) / HOUR),
      })),
      overdueReviews: {
        count: reviews.length,
        people: reviews.slice(0, 10).map((r) => ({ name: r.name, supervisor: r.supervisor, dueAt: r.dueAt })),
      },
      denialsByReason: denials,
      denialsSince: since,
      lastVerification: lastVerify,
      siem: await this.siemLag(),
      keys: await this.keys.summary(),
      periodStart: addMonths(nowIso, -12),
      openAlerts: await this.monitoring.openAlertsSummary(),
      intakeRedactions: await intakeRedactionTrend(db, now),
    };
  }

  /** SIEM forwarding as the privacy officer needs it: is it on, who forwards, and how far behind. */
  private async siemLag(): Promise<DashboardView['siem']> {
    const s = await this.siem.currentStatus();
    if (s.state === 'off') return null;
    return {
      destination: s.destination ?? '',
      state: s.state,
      forwardingWorkstation: s.forwardingWorkstation,
      lag: s.lag,
      oldestUndeliveredAt: s.oldestUndeliveredAt,
      lastSuccessAt: s.lastSuccessAt,
      lastError: s.consecutiveFailures > 0 ? s.lastError : null,
    };
  }
}
