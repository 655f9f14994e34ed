import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';
import { RecordSubjectSchema } from './records.js';

export const AuditEntryView = z.object({
  seq: z.number(),
  at: IsoTime,
  actor: z.string().nullable(),
  workstation: z.string(),
  event: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  reason: z.string(),
  details: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
export const AuditFilterSchema = z
  .object({
    actor: z.string().trim().max(100).optional(),
    event: z.string().trim().max(60).optional(),
    outcome: z.enum(['allowed', 'denied']).optional(),
    resourceType: z.string().trim().max(60).optional(),
    resourceId: z.string().trim().max(60).optional(),
    /** The exact reason of the entries (the dashboard's link to the denials of one reason). */
    reason: z.string().max(500).optional(),
    from: DateOnly.optional(),
    to: DateOnly.optional(),
  })
  .strict();
export type AuditFilter = z.output<typeof AuditFilterSchema>;

export const VerifyView = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headSeq: z.number().nullable(),
  headHash: z.string().nullable(),
  brokenSeq: z.number().nullable(),
  problem: z.string().nullable(),
  verifiedAt: IsoTime,
});
export type VerifyView = z.infer<typeof VerifyView>;

export const PersonRecord = z.object({ subject: RecordSubjectSchema, id: z.number(), label: z.string() });
export type PersonRecord = z.infer<typeof PersonRecord>;

export const BreakGlassItem = z.object({
  grantId: z.number(),
  person: z.string(),
  username: z.string(),
  subject: RecordSubjectSchema,
  recordId: z.number(),
  reason: z.string(),
  deniedBecause: z.string(),
  grantedAt: IsoTime,
  expiresAt: IsoTime,
  ageHours: z.number(),
  status: z.enum(['pending', 'appropriate', 'inappropriate']),
  reviewer: z.string().nullable(),
  reviewedAt: IsoTime.nullable(),
  reviewNote: z.string().nullable(),
  accessesDuringGrant: z.number(),
});
export type BreakGlassItem = z.infer<typeof BreakGlassItem>;

export const privacyContract = {
  'audit.search': defineChannel({
    access: 'session',
    summary: 'Privacy officer: the audit trail filtered by person, record, event, outcome and date, paginated in SQL.',
    input: z
      .object({
        filter: AuditFilterSchema,
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ entries: z.array(AuditEntryView), total: z.number(), page: z.number(), pageSize: z.number() }),
  }),
  'audit.verify': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: walk the hash chain; names the first broken entry.',
    input: Empty,
    output: VerifyView,
  }),
  'audit.whoAccessed': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: every access to any record about a person, by name or e-mail.',
    input: z.object({ person: z.string().trim().min(2, 'Enter at least 2 characters of a name or e-mail.').max(100) }).strict(),
    output: z.object({
      records: z.array(PersonRecord),
      accesses: z.array(AuditEntryView),
    }),
  }),
  'audit.export': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: the filtered audit view as CSV or JSON (the export is audited).',
    input: z.object({ filter: AuditFilterSchema, format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), rows: z.number() }),
  }),
  'review.queue': defineChannel({
    access: 'session',
    summary: 'Privacy officer: break-glass accesses awaiting review (or all).',
    input: z.object({ status: z.enum(['pending', 'all']).default('pending') }).strict(),
    output: z.object({ items: z.array(BreakGlassItem) }),
  }),
  'review.decide': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: record the outcome of a break-glass review.',
    input: z
      .object({
        grantId: z.number().int().positive(),
        outcome: z.enum(['appropriate', 'inappropriate']),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
    output: BreakGlassItem,
  }),
};
