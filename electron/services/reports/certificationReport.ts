/**
 * The certification report: for everyone in scope, each required module's status, whether they
 * are fully certified for each role, and so whether their record access is active. Five queries
 * and one pass over the rows, whatever the number of people.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { CellStatus, ModuleCell, ReportModule, ReportRow, ReportSummary } from '../../contract/reports.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';
import { DAY } from '../clock.js';
import { formatDay } from '../format.js';
import { RECORD_RULES } from '../policy/recordRules.js';
import { trainingStatus, type StatusResult } from '../training/status.js';
import { inScope, type ReportScope } from './scope.js';

export type { CellStatus, ModuleCell, ReportModule, ReportRow, ReportSummary };

export interface CertificationReport {
  modules: ReportModule[];
  rows: ReportRow[];
}

function cell(moduleId: string, s: StatusResult, everCompleted: boolean, now: Date): ModuleCell {
  const daysTo = (iso: string) => Math.ceil((new Date(iso).getTime() - now.getTime()) / DAY);
  if (s.status === 'passed') return { moduleId, status: 'current', text: 'current', days: null, expiresAt: s.expiresAt, dueDate: null };
  if (s.status === 'expiring') {
    const d = daysTo(s.expiresAt!);
    return {
      moduleId,
      status: 'expiring',
      text: `expiring in ${d} day${d === 1 ? '' : 's'}`,
      days: d,
      expiresAt: s.expiresAt,
      dueDate: null,
    };
  }
  if (s.status === 'expired')
    return {
      moduleId,
      status: 'expired',
      text: `expired ${formatDay(s.expiresAt!)}`,
      days: null,
      expiresAt: s.expiresAt,
      dueDate: s.dueDate,
    };
  if (s.status === 'overdue') {
    const d = Math.max(1, -daysTo(`${s.dueDate}T23:59:59.999Z`));
    return { moduleId, status: 'overdue', text: `overdue by ${d} day${d === 1 ? '' : 's'}`, days: d, expiresAt: null, dueDate: s.dueDate };
  }
  return {
    moduleId,
    status: everCompleted ? 'expired' : 'never',
    text: everCompleted ? `new version due ${formatDay(s.dueDate!)}` : `never (due ${formatDay(s.dueDate!)})`,
    days: null,
    expiresAt: null,
    dueDate: s.dueDate,
  };
}

/** The report's queries, run: everything it is computed from (the bench times these alone as the report's floor). */
export async function certificationFacts(db: Kysely<Database>, scope: ReportScope) {
  const people = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.display_name', 's.employee_id', 's.hire_date', 'd.name as department'])
    .where((eb) => inScope(scope, eb.ref('s.id')))
    .orderBy('s.display_name')
    .execute();
  const roleRows = await db
    .selectFrom('staff_roles')
    .select(['staff_id', 'role_key', 'granted_at'])
    .where((eb) => inScope(scope, eb.ref('staff_id')))
    .execute();
  const modules = await db.selectFrom('training_modules').selectAll().orderBy('number').execute();
  const moduleRoles = await db.selectFrom('training_module_roles').selectAll().execute();
  const completions = await db
    .selectFrom('training_completions')
    .select(['staff_id', 'module_id', 'major', 'completed_at', 'expires_at', 'score'])
    .where((eb) => inScope(scope, eb.ref('staff_id')))
    .orderBy('completed_at', 'desc')
    .execute();
  const progress = await db
    .selectFrom('training_progress')
    .select(['staff_id', 'module_id', 'updated_at'])
    .where((eb) => inScope(scope, eb.ref('staff_id')))
    .execute();
  return { people, roleRows, modules, moduleRoles, completions, progress };
}

export async function certificationReport(
  db: Kysely<Database>,
  scope: ReportScope,
  dueDays: number,
  now: Date,
): Promise<CertificationReport> {
  const { people, roleRows, modules, moduleRoles, completions, progress } = await certificationFacts(db, scope);
  const rolesOf = new Map<number, { key: RoleKey; granted: string }[]>();
  for (const r of roleRows) {
    const list = rolesOf.get(Number(r.staff_id)) ?? [];
    list.push({ key: r.role_key as RoleKey, granted: r.granted_at.slice(0, 10) });
    rolesOf.set(Number(r.staff_id), list);
  }
  const latest = new Map<string, (typeof completions)[number]>();
  for (const c of completions) {
    const key = `${c.staff_id}|${c.module_id}`;
    if (!latest.has(key)) latest.set(key, c);
  }
  const progressAt = new Map(progress.map((p) => [`${p.staff_id}|${p.module_id}`, p.updated_at]));
  const requiredBy = new Map<string, RoleKey[]>();
  for (const mr of moduleRoles) requiredBy.set(mr.module_id, [...(requiredBy.get(mr.module_id) ?? []), mr.role_key as RoleKey]);

  const rows: ReportRow[] = people.map((p) => {
    const staffId = Number(p.id);
    const roles = (rolesOf.get(staffId) ?? []).sort((a, b) => ROLE_KEYS.indexOf(a.key) - ROLE_KEYS.indexOf(b.key));
    const roleKeys = roles.map((r) => r.key);
    const cells: ModuleCell[] = [];
    let lastCompletedAt: string | null = null;
    let lastScore: number | null = null;
    for (const m of modules) {
      const requiring = roles.filter((r) => requiredBy.get(m.module_id)?.includes(r.key));
      if (requiring.length === 0) continue;
      const assignedOn = requiring.map((r) => (r.granted < p.hire_date ? p.hire_date : r.granted)).sort()[0]!;
      const c = latest.get(`${staffId}|${m.module_id}`);
      const updated = progressAt.get(`${staffId}|${m.module_id}`);
      const status = trainingStatus({
        assignedOn,
        dueDays,
        currentMajor: Number(m.current_major),
        majorPublishedAt: m.major_published_at,
        latest: c ? { major: Number(c.major), completedAt: c.completed_at, expiresAt: c.expires_at } : null,
        started: Boolean(updated && (!c || updated > c.completed_at)),
        now,
      });
      cells.push(cell(m.module_id, status, Boolean(c), now));
      if (c && (!lastCompletedAt || c.completed_at > lastCompletedAt)) {
        lastCompletedAt = c.completed_at;
        lastScore = Number(c.score);
      }
    }
    const currentModules = new Set(cells.filter((c) => c.status === 'current' || c.status === 'expiring').map((c) => c.moduleId));
    const certifiedFor = (role: RoleKey) => {
      const needed = modules.filter((m) => requiredBy.get(m.module_id)?.some((r) => r === role || r === 'staff')).map((m) => m.module_id);
      return needed.every((id) => currentModules.has(id));
    };
    const certifiedRoles = roleKeys.filter(certifiedFor);
    const recordRoles = roleKeys.filter((r) => RECORD_RULES[r]);
    return {
      staffId,
      name: p.display_name,
      employeeId: p.employee_id,
      department: p.department,
      roles: roleKeys,
      modules: cells,
      lastCompletedAt,
      lastScore,
      certifiedRoles,
      uncertifiedRoles: roleKeys.filter((r) => !certifiedRoles.includes(r)),
      fullyCertified: cells.every((c) => c.status === 'current' || c.status === 'expiring'),
      recordAccessActive: recordRoles.length > 0 && recordRoles.every((r) => certifiedRoles.includes(r)),
      hasRecordRole: recordRoles.length > 0,
    };
  });
  return { modules: modules.map((m) => ({ moduleId: m.module_id, number: Number(m.number), title: m.title })), rows };
}

export function summarize(report: CertificationReport, now: Date): ReportSummary {
  const byStatus: Record<CellStatus, number> = { current: 0, expiring: 0, expired: 0, overdue: 0, never: 0 };
  const peopleByStatus: Record<CellStatus, number> = { current: 0, expiring: 0, expired: 0, overdue: 0, never: 0 };
  const depts = new Map<string, { people: number; certified: number }>();
  const buckets = [0, 0, 0];
  for (const r of report.rows) {
    for (const status of new Set(r.modules.map((c) => c.status))) peopleByStatus[status] += 1;
    for (const c of r.modules) {
      byStatus[c.status] += 1;
      if (c.expiresAt) {
        const days = (new Date(c.expiresAt).getTime() - now.getTime()) / DAY;
        if (days >= 0 && days < 90) buckets[Math.floor(days / 30)]! += 1;
      }
    }
    const d = depts.get(r.department) ?? { people: 0, certified: 0 };
    d.people += 1;
    if (r.fullyCertified) d.certified += 1;
    depts.set(r.department, d);
  }
  const fullyCertified = report.rows.filter((r) => r.fullyCertified).length;
  const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((a / b) * 1000) / 10);
  return {
    people: report.rows.length,
    fullyCertified,
    compliancePercent: pct(fullyCertified, report.rows.length),
    byStatus,
    peopleByStatus,
    byDepartment: [...depts.entries()]
      .map(([department, v]) => ({ department, ...v, percent: pct(v.certified, v.people) }))
      .sort((a, b) => a.department.localeCompare(b.department)),
    expiringSoon: [
      { label: 'Next 30 days', count: buckets[0]! },
      { label: '31–60 days', count: buckets[1]! },
      { label: '61–90 days', count: buckets[2]! },
    ],
  };
}
