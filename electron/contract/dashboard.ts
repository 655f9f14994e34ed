import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';
import { LastVerificationView } from './privacy.js';
import { OpenAlertsSummary } from './monitoring.js';
import { KeySummary } from './keys.js';
import { RedactionCount } from './intake.js';

/** One month of what records intake removed from citizens' free text, where they wrote it. */
export const IntakeRedactionMonth = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  liveHelp: z.array(RedactionCount),
  correspondence: z.array(RedactionCount),
});
export type IntakeRedactionMonth = z.infer<typeof IntakeRedactionMonth>;

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
  lastVerification: LastVerificationView.nullable(),
  /** SIEM forwarding and its lag; null when forwarding is off. */
  siem: z
    .object({
      destination: z.string(),
      state: z.enum(['idle', 'sending', 'caught_up', 'retrying']),
      forwardingWorkstation: z.string().nullable(),
      lag: z.number(),
      oldestUndeliveredAt: IsoTime.nullable(),
      lastSuccessAt: IsoTime.nullable(),
      /** The failure it is retrying after, in words; null while delivery works. */
      lastError: z.string().nullable(),
    })
    .nullable(),
  /** The master key: version, age, rotation due, and the enrolled workstations (null before the first key). */
  keys: KeySummary.nullable(),
  periodStart: IsoTime,
  /** Privacy-monitoring alerts not yet closed, by rule and age. */
  openAlerts: OpenAlertsSummary,
  /** The last 12 months (oldest first) of sensitive details removed on intake, by kind, in Live Help and in correspondence. */
  intakeRedactions: z.array(IntakeRedactionMonth),
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
      'Privacy officer: organization compliance and trend, overdue training and reviews, pending break-glass, denials, last chain check, open alerts by rule and age.',
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
