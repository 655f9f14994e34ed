import { z } from 'zod';
import { defineChannel } from './channel.js';
import { IsoTime, RoleKeySchema } from './common.js';

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
});
export type ReportRow = z.infer<typeof ReportRowSchema>;
export const SummarySchema = z.object({
  people: z.number(),
  fullyCertified: z.number(),
  compliancePercent: z.number(),
  byStatus: z.record(CellStatusSchema, z.number()),
  byDepartment: z.array(z.object({ department: z.string(), people: z.number(), certified: z.number(), percent: z.number() })),
  expiringSoon: z.array(z.object({ label: z.string(), count: z.number() })),
});
export type ReportSummary = z.infer<typeof SummarySchema>;
const ReportModuleSchema = z.object({ moduleId: z.string(), number: z.number(), title: z.string() });
export type ReportModule = z.infer<typeof ReportModuleSchema>;

export const CertificationReportSchema = z.object({
  generatedAt: IsoTime,
  generatedBy: z.string(),
  scopeLabel: z.string(),
  canChooseScope: z.boolean(),
  departments: z.array(z.object({ id: z.number(), name: z.string() })),
  modules: z.array(ReportModuleSchema),
  rows: z.array(ReportRowSchema),
  summary: SummarySchema,
});
export type CertificationReportView = z.infer<typeof CertificationReportSchema>;

export const reportsContract = {
  'reports.certification': defineChannel({
    access: 'session',
    summary: "Supervisors: the team's certification report; administrators and privacy officers: any department or the organization.",
    input: z.object({ scope: ScopeSchema, filter: ReportFilterSchema.default({}) }).strict(),
    output: CertificationReportSchema,
  }),
  'reports.exportCertification': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'The certification report (as filtered) as CSV or PDF, stamped with who generated it and when.',
    input: z.object({ scope: ScopeSchema, filter: ReportFilterSchema.default({}), format: z.enum(['csv', 'pdf']) }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), rows: z.number() }),
  }),
};
