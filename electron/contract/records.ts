import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime, searchText } from './common.js';

/** The three kinds of protected record. */
export const RECORD_SUBJECTS = ['LiveHelpTranscript', 'PersonalRecord', 'CardTransaction'] as const;
export const RecordSubjectSchema = z.enum(RECORD_SUBJECTS);
export type RecordSubject = z.infer<typeof RecordSubjectSchema>;
/** The renderer's name for RecordSubject (the same type). */
export type RecordSubjectName = RecordSubject;

export const PURPOSE_CODES = [
  'respond_to_citizen',
  'process_payment',
  'correct_record',
  'records_request',
  'quality_review',
  'investigation',
] as const;
export const PurposeCodeSchema = z.enum(PURPOSE_CODES);
export type PurposeCode = z.infer<typeof PurposeCodeSchema>;

/** The reasons a person may give for opening a record, in the order offered. */
export const PURPOSE_LABELS: Record<PurposeCode, string> = {
  respond_to_citizen: 'Responding to the citizen',
  process_payment: 'Processing a payment or refund',
  correct_record: 'Correcting or updating the record',
  records_request: 'Open-records request (with the custodian)',
  quality_review: 'Quality or supervisory review',
  investigation: 'Privacy or security investigation',
};

/** The purposes as offered on screen: code and label, in order. */
export const PURPOSE_LIST = PURPOSE_CODES.map((code) => ({ code, label: PURPOSE_LABELS[code] }));

const RecordId = z.number().int().positive();
export { SEARCH_MAX_LENGTH } from './common.js';
const Search = searchText().optional();

/**
 * Where a page of a records list ends: the list's sort key (the record's date as stored) and its
 * number as the tie-breaker. The next page is read from there through the list's index, so a deep
 * page costs what the first does. Passed back as given; never shown.
 */
export const PageCursor = z.object({ direction: z.enum(['older', 'newer']), at: z.string().min(1).max(40), id: RecordId }).strict();
export type PageCursor = z.infer<typeof PageCursor>;

export const RecordSummary = z.object({
  id: z.number(),
  title: z.string(),
  subtitle: z.string(),
  department: z.string(),
  status: z.string().nullable(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;
export const RecordField = z.object({ key: z.string(), label: z.string(), value: z.string(), masked: z.boolean() });
export type RecordField = z.infer<typeof RecordField>;
/** The last correction of a record: when, by whom and which fields (never the values). */
export const CorrectionNote = z.object({ at: IsoTime, by: z.string(), fields: z.array(z.string()) });
export type CorrectionNote = z.infer<typeof CorrectionNote>;
export const RecordDetail = z.object({
  subject: RecordSubjectSchema,
  id: z.number(),
  title: z.string(),
  department: z.string(),
  fields: z.array(RecordField),
  revealable: z.array(z.string()),
  canProcess: z.boolean(),
  status: z.string().nullable(),
  /** Fields the person may correct now: only after opening the record to correct it. */
  correctable: z.array(z.string()),
  corrected: CorrectionNote.nullable(),
});
export type RecordDetail = z.infer<typeof RecordDetail>;

export const OpenResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('opened'),
    record: RecordDetail,
    purpose: PurposeCodeSchema,
    purposeLabel: z.string(),
    via: z.enum(['role', 'break-glass']),
    reason: z.string(),
  }),
  z.object({ status: z.literal('purpose_required'), purposes: z.array(z.object({ code: PurposeCodeSchema, label: z.string() })) }),
  z.object({ status: z.literal('denied'), reason: z.string(), breakGlassAllowed: z.boolean() }),
]);
export type OpenResult = z.infer<typeof OpenResult>;

/** A reason for an open or an export, with an optional note. */
export const PurposeInput = z.object({ code: PurposeCodeSchema, note: z.string().trim().max(500).optional() }).strict();
export type PurposeInput = z.output<typeof PurposeInput>;

/** New values by field key; only the fields a rule allows (recordRules.ts) are accepted. */
export const CorrectionChanges = z
  .record(z.string().max(40), z.string().trim().max(500))
  .refine((changes) => Object.keys(changes).length > 0, 'Change at least one field.')
  .refine((changes) => Object.keys(changes).length <= 20, 'Too many fields.');

export const MyRecordAccess = z.object({
  subjects: z.array(z.object({ subject: RecordSubjectSchema, name: z.string(), allowed: z.boolean(), reason: z.string() })),
  breakGlass: z.boolean(),
});
export type MyRecordAccess = z.infer<typeof MyRecordAccess>;

export const recordsContract = {
  'records.myAccess': defineChannel({
    access: 'session',
    summary: 'Which kinds of record the caller may list now, and why not where not.',
    input: Empty,
    output: MyRecordAccess,
  }),
  'records.list': defineChannel({
    access: 'session',
    summary: 'A page of permitted records of one kind, searched and counted in SQL; the next pages by cursor ("older", "newer").',
    input: z
      .object({
        subject: RecordSubjectSchema,
        search: Search,
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
        /** The page next to the one a cursor came from; `page` is then only the number shown (and logged). */
        cursor: PageCursor.optional(),
      })
      .strict(),
    output: z.object({
      items: z.array(RecordSummary),
      /** Matching records, counted up to 1,000. */
      total: z.number(),
      /** There are more than `total`: the screen says "1,000+". */
      totalCapped: z.boolean(),
      page: z.number(),
      pageSize: z.number(),
      /** Where the next older page starts, or null on the last page. */
      older: PageCursor.nullable(),
      /** Where the next newer page starts, or null on the first page. */
      newer: PageCursor.nullable(),
      /** The search as it may be shown and logged: a card number or SSN only masked. */
      searchedAs: z.string().nullable(),
    }),
  }),
  'records.open': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Open one record with a purpose (remembered for 4 hours); denied with the reason otherwise.',
    input: z
      .object({
        subject: RecordSubjectSchema,
        id: RecordId,
        purpose: PurposeInput.optional(),
      })
      .strict(),
    output: OpenResult,
  }),
  'records.reveal': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Show one masked field for a short time (audited).',
    input: z.object({ subject: RecordSubjectSchema, id: RecordId, field: z.string().max(40) }).strict(),
    output: z.object({ field: z.string(), value: z.string(), expiresInSeconds: z.number() }),
  }),
  'records.process': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Card processors: mark a pending order processed; the full number is wiped.',
    input: z.object({ id: RecordId }).strict(),
    output: z.object({ processedAt: IsoTime }),
  }),
  'records.breakGlass': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Emergency access to one record: a reason and the password again; reviewed later.',
    input: z
      .object({
        subject: RecordSubjectSchema,
        id: RecordId,
        reason: z.string().trim().min(10, 'Describe the emergency in a sentence (at least 10 characters).').max(1000),
        password: z.string().min(1, 'Enter your password.').max(256),
      })
      .strict(),
    output: z.object({ grantId: z.number(), expiresAt: IsoTime }),
  }),
  'records.export': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Export the permitted list (protected fields masked) as CSV or JSON, for a stated purpose.',
    input: z.object({ subject: RecordSubjectSchema, search: Search, format: z.enum(['csv', 'json']), purpose: PurposeInput }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), rows: z.number() }),
  }),
  'records.correct': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Records clerks: correct the fields a rule allows, on a record opened to correct it (audited without the values).',
    input: z.object({ subject: RecordSubjectSchema, id: RecordId, changes: CorrectionChanges }).strict(),
    output: z.object({ record: RecordDetail, changed: z.array(z.string()) }),
  }),
};
