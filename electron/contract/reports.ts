import { z } from 'zod';
import { defineChannel } from './channel.js';
import { IsoTime, RoleKeySchema } from './common.js';
import { ROLE_NAMES } from './roles.js';

export const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('team') }).strict(),
  z.object({ kind: z.literal('department'), departmentId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('organization') }).strict(),
]);
export const CellStatusSchema = z.enum(['current', 'expiring', 'expired', 'overdue', 'never']);
export type CellStatus = z.infer<typeof CellStatusSchema>;
export const ReportFilterSchema = z
  .object({
    status: CellStatusSchema.optional(),
    moduleId: z.string().max(64).optional(),
    role: RoleKeySchema.optional(),
    department: z.string().max(100).optional(),
  })
  .strict();
export type ReportFilter = z.output<typeof ReportFilterSchema>;
export type ScopeInput = z.output<typeof ScopeSchema>;

const Cell = z.object({
  moduleId: z.string(),
  status: CellStatusSchema,
  text: z.string(),
  days: z.number().nullable(),
  expiresAt: IsoTime.nullable(),
  dueDate: z.string().nullable(),
});
export type ModuleCell = z.infer<typeof Cell>;
export const ReportRowSchema = z.object({
  staffId: z.number(),
  name: z.string(),
  employeeId: z.string(),
  department: z.string(),
  roles: z.array(RoleKeySchema),
  modules: z.array(Cell),
  lastCompletedAt: IsoTime.nullable(),
  lastScore: z.number().nullable(),
  certifiedRoles: z.array(RoleKeySchema),
  uncertifiedRoles: z.array(RoleKeySchema),
  fullyCertified: z.boolean(),
  recordAccessActive: z.boolean(),
  /** Whether the person holds a role that opens records at all (else their record access reads "—"). */
  hasRecordRole: z.boolean(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

const NONE = '—';

/**
 * The words of the report's cells, one definition for the screen, the CSV and the PDF, so an
 * export says what the screen says.
 */
export const reportWords = {
  /** The roles beyond everyone's "staff", or "Staff member" for someone with none. */
  roles: (row: ReportRow): string =>
    row.roles
      .filter((key) => key !== 'staff')
      .map((key) => ROLE_NAMES[key])
      .join(', ') || ROLE_NAMES.staff,
  certified: (row: ReportRow): string =>
    row.fullyCertified
      ? 'Yes'
      : row.uncertifiedRoles.length
        ? `No (not for: ${row.uncertifiedRoles.map((key) => ROLE_NAMES[key]).join(', ')})`
        : 'No',
  /** Active, Suspended (a record role whose training is not current), or a dash for people without record roles. */
  recordAccess: (row: ReportRow): string => (row.recordAccessActive ? 'Active' : row.hasRecordRole ? 'Suspended' : NONE),
  module: (row: ReportRow, moduleId: string): string => row.modules.find((c) => c.moduleId === moduleId)?.text ?? NONE,
  score: (row: ReportRow): string => (row.lastScore === null ? NONE : `${row.lastScore}%`),
  none: NONE,
};
export const SummarySchema = z.object({
  people: z.number(),
  fullyCertified: z.number(),
  compliancePercent: z.number(),
  /** Module certifications by status (one person holds several). */
  byStatus: z.record(CellStatusSchema, z.number()),
  /** People with at least one module in each status: what the summary cards count, and what the status filter shows. */
  peopleByStatus: z.record(CellStatusSchema, z.number()),
  byDepartment: z.array(z.object({ department: z.string(), people: z.number(), certified: z.number(), percent: z.number() })),
  expiringSoon: z.array(z.object({ label: z.string(), count: z.number() })),
});
export type ReportSummary = z.infer<typeof SummarySchema>;

/**
 * What the summary cards and the status filter say: both count people, so choosing a status
 * shows exactly as many people as its card names.
 */
/** The statuses with a summary card, in the order shown. */
export const CARD_STATUSES = ['overdue', 'expired', 'expiring', 'never'] as const satisfies readonly CellStatus[];

export const PEOPLE_BY_STATUS_WORDS: Record<CellStatus, { card: string; filter: string }> = {
  overdue: { card: 'with training overdue', filter: 'Training overdue' },
  expired: { card: 'with training expired', filter: 'Training expired' },
  expiring: { card: 'with training expiring within 30 days', filter: 'Expiring within 30 days' },
  never: { card: 'who never completed a module they need', filter: 'Never completed a module' },
  current: { card: 'with a module current', filter: 'A module current' },
};
const ReportModuleSchema = z.object({ moduleId: z.string(), number: z.number(), title: z.string() });
export type ReportModule = z.infer<typeof ReportModuleSchema>;

/**
 * How the report is sorted: by a column of the screen. One definition for the screen and the
 * export, so a file lists people in the order they were on screen.
 */
export const ReportSortSchema = z
  .object({
    key: z.union([
      z.enum(['name', 'department', 'roles', 'lastCompletedAt', 'lastScore', 'fullyCertified', 'recordAccessActive']),
      z.string().regex(/^module:[\w-]{1,64}$/) as z.ZodType<`module:${string}`>,
    ]),
    ascending: z.boolean(),
  })
  .strict();
export type ReportSort = z.infer<typeof ReportSortSchema>;
export type ReportSortKey = ReportSort['key'];

const STATUS_ORDER: Record<CellStatus, number> = { overdue: 0, expired: 1, never: 2, expiring: 3, current: 4 };

/** What a sort reads of a row: rows with or without the words of their cells sort alike. */
type SortableRow = Omit<ReportRow, 'modules'> & {
  modules: readonly { moduleId: string; status: CellStatus; days: number | null }[];
  /** A module's cell without writing out all of them, when the row can (main's compact rows). */
  cellOf?(moduleId: string): { status: CellStatus; days: number | null } | undefined;
};

function sortValue(r: SortableRow, key: ReportSortKey): string | number {
  if (key.startsWith('module:')) {
    const moduleId = key.slice('module:'.length);
    const c = r.cellOf ? r.cellOf(moduleId) : r.modules.find((m) => m.moduleId === moduleId);
    return c ? STATUS_ORDER[c.status] * 1000 + (c.days ?? 0) : 9999;
  }
  switch (key) {
    case 'roles':
      return r.roles.join(',');
    case 'lastCompletedAt':
      return r.lastCompletedAt ?? '';
    case 'lastScore':
      return r.lastScore ?? -1;
    case 'fullyCertified':
      return r.fullyCertified ? 1 : 0;
    case 'recordAccessActive':
      return r.recordAccessActive ? 1 : 0;
    case 'department':
      return r.department;
    default:
      return r.name;
  }
}

const compare = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);

/** A total order on rows for a sort: its column, then name, then staff id (both ascending whatever the direction). */
function rowOrder<R extends SortableRow>(rows: readonly R[], sort: ReportSort): (a: number, b: number) => number {
  // Each row's value is computed once, not at every comparison.
  const values = rows.map((r) => sortValue(r, sort.key));
  const direction = sort.ascending ? 1 : -1;
  return (a, b) =>
    compare(values[a]!, values[b]!) * direction || compare(rows[a]!.name, rows[b]!.name) || rows[a]!.staffId - rows[b]!.staffId;
}

/**
 * The rows in the order of a sort. Ties go by name, then by staff id, so the order is total: the
 * pages of it hold every row exactly once.
 */
export function sortReportRows<R extends SortableRow>(rows: readonly R[], sort: ReportSort): R[] {
  const order = rowOrder(rows, sort);
  return rows
    .map((_, i) => i)
    .sort(order)
    .map((i) => rows[i]!);
}

/**
 * Rows `offset` to `offset + limit` of `sortReportRows(rows, sort)`, without sorting them all when
 * the page is near the start: the first `offset + limit` rows are kept in a heap as the rows go by.
 */
export function sortedReportPage<R extends SortableRow>(rows: readonly R[], sort: ReportSort, offset: number, limit: number): R[] {
  const k = offset + limit;
  if (k * 8 >= rows.length) return sortReportRows(rows, sort).slice(offset, k);
  const order = rowOrder(rows, sort);
  // A max-heap of the k first rows seen so far: its top is the last of them.
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (order(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && order(heap[l]!, heap[top]!) > 0) top = l;
      if (r < heap.length && order(heap[r]!, heap[top]!) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let i = 0; i < rows.length; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (order(i, heap[0]!) < 0) {
      heap[0] = i;
      down(0);
    }
  }
  return heap
    .sort(order)
    .slice(offset, k)
    .map((i) => rows[i]!);
}

/** Rows per page of the report on screen. */
export const REPORT_PAGE_SIZE = 50;

export const DEFAULT_REPORT_SORT: ReportSort = { key: 'name', ascending: true };

export const CertificationReportSchema = z.object({
  generatedAt: IsoTime,
  generatedBy: z.string(),
  scopeLabel: z.string(),
  canChooseScope: z.boolean(),
  departments: z.array(z.object({ id: z.number(), name: z.string() })),
  modules: z.array(ReportModuleSchema),
  /** One page of the filtered rows, in the order of the sort. */
  rows: z.array(ReportRowSchema),
  /** The page shown (1-based; the last page when the one asked for is past the end), of `pages`. */
  page: z.number().int().positive(),
  pages: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  /** How many people match the filter, on all pages. */
  total: z.number().int().nonnegative(),
  /** The whole scope, whatever the filter and the page. */
  summary: SummarySchema,
});
export type CertificationReportView = z.infer<typeof CertificationReportSchema>;

export const reportsContract = {
  'reports.certification': defineChannel({
    access: 'session',
    summary:
      "Supervisors: the team's certification report, a page at a time in the order asked for; administrators and privacy officers: any department or the organization.",
    input: z
      .object({
        scope: ScopeSchema,
        filter: ReportFilterSchema.default({}),
        sort: ReportSortSchema.default(DEFAULT_REPORT_SORT),
        page: z.number().int().positive().max(1_000_000).default(1),
      })
      .strict(),
    output: CertificationReportSchema,
  }),
  'reports.exportCertification': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'The certification report as the screen shows it (filtered and sorted) as CSV or PDF, stamped with who generated it and when.',
    input: z
      .object({
        scope: ScopeSchema,
        filter: ReportFilterSchema.default({}),
        sort: ReportSortSchema.default(DEFAULT_REPORT_SORT),
        format: z.enum(['csv', 'pdf']),
      })
      .strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), rows: z.number() }),
  }),
};
