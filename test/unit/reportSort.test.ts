import { describe, expect, it } from 'vitest';
import { sortedReportPage, sortReportRows, type ReportRow, type ReportSort } from '../../electron/contract/reports.js';
import { parseStoredTime } from '../../electron/services/reports/certificationReport.js';

/** Rows with many ties: few names, few scores, few module states. */
function rows(n: number): ReportRow[] {
  const statuses = ['current', 'expiring', 'expired', 'overdue', 'never'] as const;
  return Array.from({ length: n }, (_, i) => {
    const seed = (i * 7919) % 1009;
    return {
      staffId: 1000 + ((i * 37) % n), // distinct, not in name order
      name: `Pat ${['Lee', 'Ng', 'Ito', 'Roy', 'Kim'][seed % 5]}`,
      employeeId: `E${i}`,
      department: ['Finance', 'Records', 'Live Help'][seed % 3]!,
      roles: ['staff'],
      modules: [{ moduleId: 'm1', status: statuses[seed % 5]!, text: '', days: seed % 4, expiresAt: null, dueDate: null }],
      lastCompletedAt: seed % 2 ? `2026-0${1 + (seed % 9)}-01T00:00:00.000Z` : null,
      lastScore: seed % 2 ? 70 + (seed % 3) * 10 : null,
      certifiedRoles: [],
      uncertifiedRoles: ['staff'],
      fullyCertified: seed % 4 === 0,
      recordAccessActive: false,
      hasRecordRole: false,
    };
  });
}

describe('a page of the certification report', () => {
  const all = rows(1000);
  const sorts: ReportSort[] = [
    { key: 'name', ascending: true },
    { key: 'name', ascending: false },
    { key: 'lastScore', ascending: true },
    { key: 'lastCompletedAt', ascending: false },
    { key: 'department', ascending: false },
    { key: 'fullyCertified', ascending: true },
    { key: 'module:m1', ascending: false },
  ];

  it('is exactly that slice of the whole sorted list, on every page, whichever way the page is found', () => {
    for (const sort of sorts) {
      const sorted = sortReportRows(all, sort);
      // Early pages are picked out without sorting everything; later ones from the full sort: both must agree.
      for (const [offset, limit] of [
        [0, 50],
        [50, 50],
        [100, 25],
        [400, 50],
        [950, 50],
        [990, 50],
      ] as const) {
        expect(sortedReportPage(all, sort, offset, limit), `${JSON.stringify(sort)} at ${offset}`).toEqual(
          sorted.slice(offset, offset + limit),
        );
      }
      const pages = Array.from({ length: 20 }, (_, p) => sortedReportPage(all, sort, p * 50, 50)).flat();
      expect(new Set(pages.map((r) => r.staffId)).size).toBe(all.length);
    }
  });
});

describe('reading a stored time', () => {
  it('gives what Date.parse gives, for every shape of time and for nonsense', () => {
    const times = Array.from({ length: 20_000 }, (_, i) => new Date(-5e13 + i * 1.3e8 * 997).toISOString());
    times.push(
      '2026-02-29T00:00:00.000Z', // no such day
      '2024-02-29T23:59:59.999Z',
      '2026-04-31T10:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-11-24T24:00:00.000Z',
      '2026-11-24T09:30:00Z',
      '2026-11-24',
      '2026-1a-24T09:30:00.000Z',
      '0099-01-01T00:00:00.000Z',
      '',
    );
    for (const t of times) expect(Object.is(parseStoredTime(t), Date.parse(t)), t).toBe(true);
  });
});
