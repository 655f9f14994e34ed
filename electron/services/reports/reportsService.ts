/**
 * Certification reports on screen and as files: supervisors see their own team whatever they
 * ask for; administrators and privacy officers may choose a department or the whole organization.
 */
import {
  DEFAULT_REPORT_SORT,
  PEOPLE_BY_STATUS_WORDS,
  REPORT_PAGE_SIZE,
  sortedReportPage,
  sortReportRows,
  type CertificationReportView,
  type ReportFilter,
  type ReportModule,
  type ReportSort,
  type ScopeInput,
} from '../../contract/reports.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDate } from '../format.js';
import { buildAbility } from '../policy/ability.js';
import { authorize } from '../policy/authorize.js';
import { numberSetting } from '../settings.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { scanFilter } from '../searchInput.js';
import {
  certificationFactRows,
  presentRow,
  type CertificationReport,
  type ReportFactRow,
  type ReportSummary,
} from './certificationReport.js';
import { certificationCsv } from './certificationTable.js';
import { reportHtml } from './reportDocument.js';
import type { ReportScope } from './scope.js';

function applyFilter(rows: ReportFactRow[], f: ReportFilter): ReportFactRow[] {
  if (!f.department && !f.role && !f.moduleId && !f.status) return rows;
  return rows.filter(
    (r) =>
      (!f.department || r.department === f.department) &&
      (!f.role || r.roles.includes(f.role)) &&
      (!f.moduleId || r.has(undefined, f.moduleId)) &&
      (!f.status || r.has(f.status, f.moduleId)),
  );
}

/** The filters in the words of the screen's filter fields. */
export function filterText(f: ReportFilter, modules: readonly ReportModule[]): string {
  const module = f.moduleId && modules.find((m) => m.moduleId === f.moduleId);
  const parts = [
    f.status && `status: ${PEOPLE_BY_STATUS_WORDS[f.status].filter}`,
    f.moduleId && `module: ${module ? `${module.number}. ${module.title}` : f.moduleId}`,
    f.role && `role: ${ROLE_NAMES[f.role]}`,
    f.department && `department: ${f.department}`,
  ].filter(Boolean);
  return parts.length ? `Filtered by ${parts.join('; ')}.` : 'No filter.';
}

/** "Generated … by Name (username)": the stamp on every file Clearance writes for someone. */
export function generatedStamp(principal: Principal, at: Date): string {
  return `Generated ${at.toISOString()} by ${principal.displayName} (${principal.username})`;
}

export class ReportsService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The report's rows for a scope as of now, unsorted and without the words of their cells, with the summary (no authorization: for other services). */
  async buildFacts(
    scope: ReportScope,
  ): Promise<{ report: { modules: ReportModule[]; rows: ReportFactRow[] }; summary: ReportSummary; now: Date }> {
    const now = this.ctx.clock.now();
    const dueDays = await numberSetting(this.ctx.db, 'training.dueDays');
    const { modules, rows, summary } = await certificationFactRows(this.ctx.db, scope, dueDays, now);
    return { report: { modules, rows }, summary, now };
  }

  /** The whole report for a scope as of now, by name, every cell in words, with its summary (no authorization: for files). */
  async build(scope: ReportScope): Promise<{ report: CertificationReport; summary: ReportSummary; now: Date }> {
    const { report, summary, now } = await this.buildFacts(scope);
    return { report: { modules: report.modules, rows: sortReportRows(report.rows, DEFAULT_REPORT_SORT).map(presentRow) }, summary, now };
  }

  /** One page of the report as the screen shows it: filtered and sorted here, with the summary of the whole scope. */
  async certification(
    principal: Principal,
    input: { scope: ScopeInput; filter: ReportFilter; sort: ReportSort; page: number },
    caller: Caller,
  ): Promise<CertificationReportView> {
    const { modules, rows, label, wide, now, summary } = await this.filtered(
      principal,
      input.scope,
      scanFilter(input.filter),
      'read',
      caller,
    );
    const pages = Math.max(1, Math.ceil(rows.length / REPORT_PAGE_SIZE));
    const page = Math.min(input.page, pages);
    // Only the page is put in order (as far as it needs) and its cells into words.
    const shown = sortedReportPage(rows, input.sort, (page - 1) * REPORT_PAGE_SIZE, REPORT_PAGE_SIZE).map(presentRow);
    const departments = wide
      ? (await this.ctx.db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute()).map((d) => ({
          id: Number(d.id),
          name: d.name,
        }))
      : [];
    return {
      generatedAt: now.toISOString(),
      generatedBy: principal.displayName,
      scopeLabel: label,
      canChooseScope: wide,
      departments,
      modules,
      rows: shown,
      page,
      pages,
      pageSize: REPORT_PAGE_SIZE,
      total: rows.length,
      summary,
    };
  }

  /** The report as filtered, as CSV or PDF, stamped with who generated it and when; the export is audited. */
  async exportCertification(
    principal: Principal,
    input: { scope: ScopeInput; filter: ReportFilter; sort: ReportSort; format: 'csv' | 'pdf' },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const { desktop, audit } = this.ctx;
    // Typed filter text is scanned before it is printed on the file or logged.
    const filter = scanFilter(input.filter);
    const filtered = await this.filtered(principal, input.scope, filter, 'export', caller);
    const { label, now, summary } = filtered;
    // In the screen's order: the same sort, by the same definition, every page of it.
    const report = { modules: filtered.modules, rows: sortReportRows(filtered.rows, input.sort).map(presentRow) };
    const rows = report.rows;
    const filterWords = filterText(filter, report.modules);
    const title = `Certification report: ${label}`;
    const base = `clearance-certification-${label.replace(/[^\w]+/g, '-').toLowerCase()}-${formatDate(now)}`;
    const path =
      input.format === 'csv'
        ? await desktop.saveFile(
            caller.senderKey,
            `${base}.csv`,
            certificationCsv(report, [title, generatedStamp(principal, now), filterWords]),
          )
        : await desktop.saveFile(
            caller.senderKey,
            `${base}.pdf`,
            await desktop.htmlToPdf(
              reportHtml(report, summary, {
                title,
                generatedAt: now.toISOString(),
                generatedBy: `${principal.displayName} (${principal.username})`,
                filterText: filterWords,
              }),
            ),
          );
    await audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'report.export',
      outcome: 'allowed',
      resource: { type: 'CertificationReport', id: label.slice(0, 60) },
      reason: path ? `exported ${rows.length} rows as ${input.format.toUpperCase()}` : 'export cancelled',
      details: { filter, sort: input.sort, rows: rows.length, format: input.format },
    });
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    return { saved: true, path, rows: rows.length };
  }

  private async filtered(principal: Principal, requested: ScopeInput, filter: ReportFilter, action: 'read' | 'export', caller: Caller) {
    const { scope, label, wide } = await this.resolveScope(principal, requested, action, caller);
    const { report, summary, now } = await this.buildFacts(scope);
    return { modules: report.modules, rows: applyFilter(report.rows, filter), label, wide, now, summary };
  }

  /** Supervisors see only their own team, whatever the request asks; others may pick any scope. */
  private async resolveScope(
    principal: Principal,
    requested: ScopeInput,
    action: 'read' | 'export',
    { workstation }: Caller,
  ): Promise<{ scope: ReportScope; label: string; wide: boolean }> {
    const wide = buildAbility(principal).can(action, 'OrganizationReport');
    if (requested.kind !== 'team' && wide) {
      if (requested.kind === 'organization') return { scope: requested, label: 'Whole organization', wide };
      const dept = await this.ctx.db.selectFrom('departments').select('name').where('id', '=', requested.departmentId).executeTakeFirst();
      if (!dept) throw new AppError('NOT_FOUND', 'There is no such department.');
      return { scope: requested, label: dept.name, wide };
    }
    if (requested.kind !== 'team') await authorize(this.ctx, principal, workstation, action, 'OrganizationReport');
    await authorize(this.ctx, principal, workstation, action, 'TeamReport');
    return { scope: { kind: 'team', supervisorId: principal.id }, label: `Team of ${principal.displayName}`, wide };
  }
}
