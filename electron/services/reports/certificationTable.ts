/**
 * The certification report as a table, in the words the report screen uses: one builder for the
 * CSV export and the evidence pack, and the same cell words for the PDF.
 */
import type { ReportRow } from '../../contract/reports.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import { toCsv } from '../export/csv.js';
import { formatDate } from '../format.js';
import { RECORD_RULES } from '../policy/recordRules.js';
import type { CertificationReport } from './certificationReport.js';

const NONE = '—';

/** The roles beyond everyone's "staff", or "Staff member" for someone with none. */
export function rolesText(row: ReportRow): string {
  return (
    row.roles
      .filter((key) => key !== 'staff')
      .map((key) => ROLE_NAMES[key])
      .join(', ') || ROLE_NAMES.staff
  );
}

export function certifiedText(row: ReportRow): string {
  if (row.fullyCertified) return 'Yes';
  return row.uncertifiedRoles.length ? `No (not for: ${row.uncertifiedRoles.map((key) => ROLE_NAMES[key]).join(', ')})` : 'No';
}

/** Active, Suspended (a record role whose training is not current), or a dash for people without record roles. */
export function recordAccessText(row: ReportRow): string {
  if (row.recordAccessActive) return 'Active';
  return row.roles.some((key) => RECORD_RULES[key]) ? 'Suspended' : NONE;
}

export function moduleText(row: ReportRow, moduleId: string): string {
  return row.modules.find((c) => c.moduleId === moduleId)?.text ?? NONE;
}

/** The report (its rows as given, for example filtered) as CSV, under a preamble naming what it is and who made it. */
export function certificationCsv(report: CertificationReport, preamble: readonly string[]): string {
  const headers = [
    'Name',
    'Employee ID',
    'Department',
    'Roles',
    ...report.modules.map((m) => `M${m.number} ${m.title}`),
    'Last completed',
    'Score',
    'Certified',
    'Record access',
  ];
  const rows = report.rows.map((r) => [
    r.name,
    r.employeeId,
    r.department,
    rolesText(r),
    ...report.modules.map((m) => moduleText(r, m.moduleId)),
    r.lastCompletedAt ? formatDate(r.lastCompletedAt) : NONE,
    r.lastScore === null ? NONE : `${r.lastScore}%`,
    certifiedText(r),
    recordAccessText(r),
  ]);
  return toCsv(headers, rows, preamble);
}
