import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';

export const DashboardSchema = z.object({
  generatedAt: IsoTime,
  compliance: z.object({ percent: z.number(), people: z.number(), certified: z.number() }),
  trend: z.array(z.object({ month: z.string(), percent: z.number() })),
  overdueTraining: z.object({ modules: z.number(), people: z.number() }),
  pendingBreakGlass: z.array(
    z.object({ grantId: z.number(), person: z.string(), subject: z.string(), recordId: z.number(), ageHours: z.number() }),
  ),
  overdueReviews: z.object({
    count: z.number(),
    people: z.array(z.object({ name: z.string(), supervisor: z.string().nullable(), dueAt: IsoTime })),
  }),
  /**
   * Access denials and refusals of the last 30 days (not sign-in or password mistakes), grouped by
   * what was refused and why; `denialsSince` is the first day counted, for the link to the entries.
   */
  denialsByReason: z.array(z.object({ event: z.string(), reason: z.string(), count: z.number() })),
  denialsSince: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastVerification: z.object({ at: IsoTime, by: z.string().nullable(), result: z.string(), ok: z.boolean() }).nullable(),
  periodStart: IsoTime,
});

export const EvidencePackResult = z.object({
  saved: z.boolean(),
  path: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
});
export type EvidencePackResult = z.infer<typeof EvidencePackResult>;
export type DashboardView = z.infer<typeof DashboardSchema>;

export const dashboardContract = {
  'dashboard.privacy': defineChannel({
    access: 'session',
    summary:
      'Privacy officer: organization compliance and trend, overdue training and reviews, pending break-glass, denials, last chain check.',
    input: Empty,
    output: DashboardSchema,
  }),
  'dashboard.evidencePack': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: write an evidence pack folder for an assessor, with a SHA-256 manifest.',
    input: Empty,
    output: EvidencePackResult,
  }),
};
