/**
 * The certification report as a table, in the words the report screen uses: one builder for the
 * CSV export and the evidence pack, and the same cell words for the PDF.
 */
import { reportWords, type ReportRow } from '../../contract/reports.js';
import { toCsv } from '../export/csv.js';
import { formatDay } from '../format.js';
import type { CertificationReport } from './certificationReport.js';

/**
 * The report's columns in the screen's order (the columns people act on first), each with the
 * words the screen shows. The CSV and the PDF are built from this one list.
 */
export function reportColumns(report: CertificationReport): { header: string; cell(row: ReportRow): string }[] {
  return [
    { header: 'Name', cell: (r) => r.name },
    { header: 'Employee ID', cell: (r) => r.employeeId },
    { header: 'Certified', cell: reportWords.certified },
    { header: 'Record access', cell: reportWords.recordAccess },
    ...report.modules.map((m) => ({ header: `M${m.number} ${m.title}`, cell: (r: ReportRow) => reportWords.module(r, m.moduleId) })),
    { header: 'Last completed', cell: (r) => (r.lastCompletedAt ? formatDay(r.lastCompletedAt) : reportWords.none) },
    { header: 'Score', cell: reportWords.score },
    { header: 'Department', cell: (r) => r.department },
    { header: 'Roles', cell: reportWords.roles },
  ];
}

/** The report (its rows as given: filtered and sorted as on screen) as CSV, under a preamble naming what it is and who made it. */
export function certificationCsv(report: CertificationReport, preamble: readonly string[]): string {
  const columns = reportColumns(report);
  return toCsv(
    columns.map((c) => c.header),
    report.rows.map((r) => columns.map((c) => c.cell(r))),
    preamble,
  );
}
