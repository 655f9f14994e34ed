import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, hasNoNul, IsoTime, NO_NUL_MESSAGE, searchText } from './common.js';
import { RecordSubjectSchema } from './records.js';

export const AuditEntryView = z.object({
  seq: z.number(),
  at: IsoTime,
  actor: z.string().nullable(),
  workstation: z.string(),
  event: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  /** What the entry is about, in words (no internal keys). */
  resourceLabel: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  reason: z.string(),
  details: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
/** What a person types into a filter: taken literally (% and _ included), never with a NUL byte. */
const FilterText = (max: number) => z.string().trim().max(max).refine(hasNoNul, NO_NUL_MESSAGE);
export const AuditFilterSchema = z
  .object({
    /** The person, by their id (chosen with the person picker), never by a text scan of usernames. */
    actorId: z.number().int().positive().optional(),
    event: FilterText(60).optional(),
    outcome: z.enum(['allowed', 'denied']).optional(),
    resourceType: FilterText(60).optional(),
    resourceId: FilterText(60).optional(),
    /** The exact reason of the entries (the dashboard's link to the denials of one reason). */
    reason: z.string().max(500).optional(),
    from: DateOnly.optional(),
    to: DateOnly.optional(),
  })
  .strict();
export type AuditFilter = z.output<typeof AuditFilterSchema>;

export const CHECKPOINT_KINDS = ['start', 'interval', 'stop'] as const;

export const TrailProblemView = z.object({
  kind: z.enum([
    'missing',
    'unlinked',
    'altered',
    'rewritten',
    'truncated',
    'forged',
    'bad-signature',
    'witness-missing',
    'witness-unreadable',
    'witness-malformed',
  ]),
  message: z.string(),
  fromSeq: z.number().nullable(),
  toSeq: z.number().nullable(),
});
export type TrailProblemView = z.infer<typeof TrailProblemView>;

export const CheckpointView = z.object({
  seq: z.number(),
  at: IsoTime,
  workstation: z.string(),
  kind: z.enum(CHECKPOINT_KINDS),
  /** Whether it was also written to the witness file. */
  witnessed: z.boolean(),
});
export type CheckpointView = z.infer<typeof CheckpointView>;

export const VerifyView = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headSeq: z.number().nullable(),
  headHash: z.string().nullable(),
  /** The first entry of the first problem, when it is about entries. */
  brokenSeq: z.number().nullable(),
  /** The first problem in words. */
  problem: z.string().nullable(),
  verifiedAt: IsoTime,
  /** Signed checkpoints whose signature held, from the database and the witness together. */
  checkpointsVerified: z.number(),
  lastCheckpoint: CheckpointView.nullable(),
  /** The witness folder this workstation checked, and how many of its lines belong to this database. */
  witnessFolder: z.string().nullable(),
  witnessLines: z.number(),
  problems: z.array(TrailProblemView),
  warnings: z.array(z.string()),
});
export type VerifyView = z.infer<typeof VerifyView>;

/** A verification against an evidence pack's checkpoints, or the dialog cancelled. */
export const EvidenceVerification = z.discriminatedUnion('status', [
  z.object({ status: z.literal('cancelled') }),
  z.object({ status: z.literal('verified'), file: z.string(), lines: z.number(), result: VerifyView }),
]);
export type EvidenceVerification = z.infer<typeof EvidenceVerification>;

export const LastVerificationView = z.object({
  at: IsoTime,
  ok: z.boolean(),
  result: z.string(),
  /** Run by the daily schedule rather than by a person. */
  scheduled: z.boolean(),
  by: z.string().nullable(),
});
export type LastVerificationView = z.infer<typeof LastVerificationView>;

export const TrailStatusView = z.object({
  /** The time the ages are counted to. */
  now: IsoTime,
  head: z.object({ seq: z.number(), at: IsoTime }).nullable(),
  lastCheckpoint: CheckpointView.nullable(),
  /** Whether this workstation signs checkpoints, and why not when it cannot. */
  signing: z.object({ available: z.boolean(), reason: z.string().nullable() }),
  witness: z.object({
    folder: z.string().nullable(),
    lastWrite: z.object({ at: IsoTime, ok: z.boolean(), error: z.string().nullable() }).nullable(),
  }),
  intervalMinutes: z.number(),
  lastVerification: LastVerificationView.nullable(),
});
export type TrailStatusView = z.infer<typeof TrailStatusView>;

export const StaffPick = z.object({ id: z.number(), name: z.string(), username: z.string(), department: z.string() });
export type StaffPick = z.infer<typeof StaffPick>;

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
  /** Why the grant no longer opens its record, in words; null while it is live. */
  endedBecause: z.string().nullable(),
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
    output: z.object({
      entries: z.array(AuditEntryView),
      /** Counted up to 1,000; totalCapped says more match ("1,000+"). */
      total: z.number(),
      totalCapped: z.boolean(),
      page: z.number(),
      pageSize: z.number(),
    }),
  }),
  'audit.status': defineChannel({
    access: 'session',
    summary: "Privacy officer: the trail's head and last signed checkpoint with their age, the witness and the last verification.",
    input: Empty,
    output: TrailStatusView,
  }),
  'audit.people': defineChannel({
    access: 'session',
    summary: 'Privacy officer: staff whose name, username or e-mail contains the text, to filter the trail by person.',
    input: z.object({ query: searchText().min(1, 'Type part of a name, username or e-mail.').refine(hasNoNul, NO_NUL_MESSAGE) }).strict(),
    output: z.object({ people: z.array(StaffPick) }),
  }),
  'audit.verify': defineChannel({
    access: 'session',
    mutation: true,
    summary:
      'Privacy officer: verify the chain, every checkpoint signature, the heads they signed and the witness; names the first problem and the entries it affects.',
    input: Empty,
    output: VerifyView,
  }),
  'audit.verifyWithEvidencePack': defineChannel({
    access: 'session',
    mutation: true,
    summary:
      "Privacy officer: verify the trail also against the checkpoints of an evidence pack chosen in a dialog (its audit-checkpoints.jsonl), a copy the database's controllers cannot reach.",
    input: Empty,
    output: EvidenceVerification,
  }),
  'audit.whoAccessed': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: every access to any record about a person, by name or e-mail.',
    input: z
      .object({
        person: searchText().min(2, 'Enter at least 2 characters of a name or e-mail.').refine(hasNoNul, NO_NUL_MESSAGE),
      })
      .strict(),
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
    summary: 'Privacy officer: record the outcome of a break-glass review; inappropriate needs a note and ends the grant at once.',
    input: z
      .object({
        grantId: z.number().int().positive(),
        outcome: z.enum(['appropriate', 'inappropriate']),
        note: z.string().trim().max(1000).optional(),
      })
      .strict()
      .refine((d) => d.outcome !== 'inappropriate' || Boolean(d.note), {
        path: ['note'],
        message: 'Say why the access was inappropriate.',
      }),
    output: BreakGlassItem,
  }),
};
