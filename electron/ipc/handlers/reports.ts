import type { ReportRow } from '../../services/reports/certificationReport.js';
import { certificationReport, summarize } from '../../services/reports/certificationReport.js';
import { reportHtml } from '../../services/reports/reportDocument.js';
import type { ReportScope } from '../../services/reports/scope.js';
import { authorize } from '../../services/policy/authorize.js';
import { buildAbility } from '../../services/policy/ability.js';
import { toCsv } from '../../services/export/csv.js';
import { AppError } from '../../services/errors.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import type { Handler } from '../router.js';
import type { SessionContext } from '../context.js';
import type { z } from 'zod';
import type { ReportFilterSchema, ScopeSchema } from '../../contract/reports.js';

type ScopeInput = z.output<typeof ScopeSchema>;
type Filter = z.output<typeof ReportFilterSchema>;

/** Supervisors see only their own team, whatever the request asks; others may pick any scope. */
async function resolveScope(
  ctx: SessionContext,
  requested: ScopeInput,
  action: 'read' | 'export',
): Promise<{ scope: ReportScope; label: string; wide: boolean }> {
  const { principal } = ctx.session;
  const { db } = ctx.services.ctx;
  const wide = buildAbility(principal).can(action, 'OrganizationReport');
  if (requested.kind !== 'team' && wide) {
    if (requested.kind === 'organization') return { scope: requested, label: 'Whole organization', wide };
    const dept = await db.selectFrom('departments').select('name').where('id', '=', requested.departmentId).executeTakeFirst();
    if (!dept) throw new AppError('NOT_FOUND', 'There is no such department.');
    return { scope: requested, label: dept.name, wide };
  }
  if (requested.kind !== 'team') await authorize(db, ctx.services.audit, principal, ctx.caller.workstation, action, 'OrganizationReport');
  await authorize(db, ctx.services.audit, principal, ctx.caller.workstation, action, 'TeamReport');
  return { scope: { kind: 'team', supervisorId: principal.id }, label: `Team of ${principal.displayName}`, wide };
}

function applyFilter(rows: ReportRow[], f: Filter): ReportRow[] {
  return rows.filter(
    (r) =>
      (!f.department || r.department === f.department) &&
      (!f.role || r.roles.includes(f.role)) &&
      (!f.moduleId || r.modules.some((c) => c.moduleId === f.moduleId)) &&
      (!f.status || r.modules.some((c) => c.status === f.status && (!f.moduleId || c.moduleId === f.moduleId))),
  );
}

function filterText(f: Filter): string {
  const parts = [
    f.status && `status ${f.status}`,
    f.moduleId && `module ${f.moduleId}`,
    f.role && `role ${ROLE_NAMES[f.role]}`,
    f.department && `department ${f.department}`,
  ].filter(Boolean);
  return parts.length ? `Filtered by ${parts.join(', ')}.` : 'No filter.';
}

async function build(ctx: SessionContext, requested: ScopeInput, filter: Filter, action: 'read' | 'export') {
  const { scope, label, wide } = await resolveScope(ctx, requested, action);
  const now = ctx.services.ctx.clock.now();
  const report = await certificationReport(ctx.services.ctx.db, scope, await ctx.services.training.dueDays(), now);
  const rows = applyFilter(report.rows, filter);
  return { report, rows, label, wide, now, summary: summarize(report, now) };
}

export const reportsHandlers: {
  'reports.certification': Handler<'reports.certification'>;
  'reports.exportCertification': Handler<'reports.exportCertification'>;
} = {
  'reports.certification': async (input, ctx) => {
    const { report, rows, label, wide, now, summary } = await build(ctx, input.scope, input.filter, 'read');
    const departments = wide
      ? (await ctx.services.ctx.db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute()).map((d) => ({
          id: Number(d.id),
          name: d.name,
        }))
      : [];
    return {
      generatedAt: now.toISOString(),
      generatedBy: ctx.session.principal.displayName,
      scopeLabel: label,
      canChooseScope: wide,
      departments,
      modules: report.modules,
      rows,
      summary,
    };
  },

  'reports.exportCertification': async (input, ctx) => {
    const { report, rows, label, now, summary } = await build(ctx, input.scope, input.filter, 'export');
    const { principal } = ctx.session;
    const stamp = `Generated ${now.toISOString()} by ${principal.displayName} (${principal.username})`;
    const title = `Certification report: ${label}`;
    const base = `clearance-certification-${label.replace(/[^\w]+/g, '-').toLowerCase()}-${now.toISOString().slice(0, 10)}`;
    let path: string | null;
    if (input.format === 'csv') {
      const headers = [
        'Name',
        'Employee ID',
        'Department',
        'Roles',
        ...report.modules.map((m) => `${m.number}. ${m.title}`),
        'Last completed',
        'Last score',
        'Fully certified',
        'Certified roles',
        'Record access',
      ];
      const body = rows.map((r) => [
        r.name,
        r.employeeId,
        r.department,
        r.roles.map((x) => ROLE_NAMES[x]).join('; '),
        ...report.modules.map((m) => r.modules.find((c) => c.moduleId === m.moduleId)?.text ?? 'not required'),
        r.lastCompletedAt?.slice(0, 10) ?? '',
        r.lastScore === null ? '' : String(r.lastScore),
        r.fullyCertified ? 'yes' : 'no',
        r.certifiedRoles.map((x) => ROLE_NAMES[x]).join('; '),
        r.recordAccessActive ? 'active' : 'inactive',
      ]);
      path = await ctx.desktop.saveFile(
        ctx.caller.senderKey,
        `${base}.csv`,
        toCsv(headers, body, [title, stamp, filterText(input.filter)]),
      );
    } else {
      const pdf = await ctx.desktop.htmlToPdf(
        reportHtml({ ...report, rows }, summary, {
          title,
          generatedAt: now.toISOString(),
          generatedBy: `${principal.displayName} (${principal.username})`,
          filterText: filterText(input.filter),
        }),
      );
      path = await ctx.desktop.saveFile(ctx.caller.senderKey, `${base}.pdf`, pdf);
    }
    await ctx.services.audit.append(ctx.services.ctx.db, {
      actor: { id: principal.id, username: principal.username },
      workstation: ctx.caller.workstation,
      event: 'report.export',
      outcome: 'allowed',
      resource: { type: 'CertificationReport', id: label.slice(0, 60) },
      reason: path ? `exported ${rows.length} rows as ${input.format.toUpperCase()}` : 'export cancelled',
      details: { filter: input.filter, rows: rows.length, format: input.format },
    });
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    return { saved: true, path, rows: rows.length };
  },
};
