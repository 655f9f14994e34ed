import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';
import { RecordSubjectSchema } from './records.js';

export const RetentionRuleView = z.object({
  subject: RecordSubjectSchema,
  name: z.string(),
  days: z.number(),
  /** The rule in words, e.g. "Live Help transcripts are disposed of 1095 days after the session." */
  rule: z.string(),
  /** Records past their period now, and how many of them a legal hold keeps. */
  due: z.number(),
  held: z.number(),
});
export type RetentionRuleView = z.infer<typeof RetentionRuleView>;

export const LegalHoldView = z.object({
  id: z.number(),
  scope: z.enum(['record', 'person']),
  /** What it covers, in words: "Personal-information record No. 12", "Records about the person named “Pat Doe” or the e-mail …". */
  covers: z.string(),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: IsoTime,
  liftedBy: z.string().nullable(),
  liftedAt: IsoTime.nullable(),
  liftReason: z.string().nullable(),
});
export type LegalHoldView = z.infer<typeof LegalHoldView>;

export const DisposalCertificateView = z.object({
  id: z.number(),
  subject: RecordSubjectSchema,
  rule: z.string(),
  cutoff: IsoTime,
  disposed: z.number(),
  held: z.number(),
  batches: z.number(),
  idRanges: z.string(),
  idsSha256: z.string(),
  finishedAt: IsoTime,
  by: z.string(),
  auditSeq: z.number(),
});
export type DisposalCertificateView = z.infer<typeof DisposalCertificateView>;

const HoldReason = z.string().trim().min(10, 'Give the reason in a sentence (at least 10 characters).').max(500);

export const PlaceHoldInput = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('record'), subject: RecordSubjectSchema, id: z.number().int().positive(), reason: HoldReason }).strict(),
  z
    .object({
      scope: z.literal('person'),
      name: z.string().trim().max(120).optional(),
      email: z.string().trim().max(254).optional(),
      reason: HoldReason,
    })
    .strict(),
]);
export type PlaceHoldInput = z.output<typeof PlaceHoldInput>;

export const retentionContract = {
  'retention.overview': defineChannel({
    access: 'session',
    summary: 'Administrators and the privacy officer: retention periods, what is due, legal holds and disposal certificates.',
    input: Empty,
    output: z.object({
      canManage: z.boolean(),
      canHold: z.boolean(),
      rules: z.array(RetentionRuleView),
      holds: z.array(LegalHoldView),
      certificates: z.array(DisposalCertificateView),
    }),
  }),
  'retention.setPeriod': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: the retention period of one kind of record, in days.',
    input: z
      .object({
        subject: RecordSubjectSchema,
        days: z.number().int().min(30, 'Keep records at least 30 days.').max(36_500, 'At most 100 years.'),
      })
      .strict(),
    output: RetentionRuleView,
  }),
  'retention.placeHold': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Place a legal hold on a record or a person: disposal skips what it covers until it is lifted.',
    input: PlaceHoldInput,
    output: LegalHoldView,
  }),
  'retention.liftHold': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Lift a legal hold, with the reason.',
    input: z.object({ holdId: z.number().int().positive(), reason: HoldReason }).strict(),
    output: LegalHoldView,
  }),
  'retention.dispose': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: dispose of the records past their retention period now (it also runs daily); returns the certificates.',
    input: Empty,
    output: z.object({ certificates: z.array(DisposalCertificateView) }),
  }),
};
