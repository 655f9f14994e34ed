import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';
import { SensitiveKindSchema } from './sensitiveKinds.js';

/** The files the source systems produce. */
export const INTAKE_KINDS = ['live_help', 'correspondence', 'settlement'] as const;
export const IntakeKindSchema = z.enum(INTAKE_KINDS);
export type IntakeKind = z.infer<typeof IntakeKindSchema>;
export const INTAKE_KIND_NAMES: Record<IntakeKind, string> = {
  live_help: 'Live Help transcripts',
  correspondence: 'Correspondence and web forms',
  settlement: 'Payment portal settlement (card orders without numbers)',
};
export const IntakeFormatSchema = z.enum(['jsonl', 'json', 'csv']);

export const IntakeFileInfo = z.object({ name: z.string(), bytes: z.number(), sha256: z.string(), format: IntakeFormatSchema.nullable() });
export const IntakeFieldError = z.object({ row: z.number(), field: z.string(), message: z.string() });
export type IntakeFieldError = z.infer<typeof IntakeFieldError>;
export const RedactionCount = z.object({ kind: SensitiveKindSchema, count: z.number() });
export type RedactionCount = z.infer<typeof RedactionCount>;
export const IntakeCounts = z.object({
  /** Records in the file. */
  records: z.number(),
  /** Would be (or were) stored. */
  new: z.number(),
  /** Already stored under the same source id: skipped. */
  duplicates: z.number(),
  /** Settlement only: an order already stored whose portal status moved on. */
  updated: z.number(),
});
export type IntakeCounts = z.infer<typeof IntakeCounts>;

export const IntakeItem = z.object({
  row: z.number(),
  sourceId: z.string(),
  title: z.string(),
  department: z.string(),
  status: z.enum(['new', 'duplicate', 'updated']),
  /** What happens to it, in words ("already imported on 2026-11-20"). */
  note: z.string(),
  redactions: z.array(RedactionCount),
});
export type IntakeItem = z.infer<typeof IntakeItem>;

/** A redacted piece of text around one token, so the officer sees what was caught and where. */
export const RedactionSample = z.object({
  row: z.number(),
  sourceId: z.string(),
  where: z.string(),
  kind: SensitiveKindSchema,
  excerpt: z.string(),
});
export type RedactionSample = z.infer<typeof RedactionSample>;

export const IntakePreview = z.object({
  file: IntakeFileInfo,
  kind: IntakeKindSchema.nullable(),
  /** Any error means nothing will be imported. At most 500 are listed; errorCount has them all. */
  errors: z.array(IntakeFieldError),
  errorCount: z.number(),
  counts: IntakeCounts,
  /** What would be redacted on the way in, by kind, over the records that would be stored. */
  redactions: z.array(RedactionCount),
  recordsWithRedactions: z.number(),
  /** Up to 100 redactions in context (already redacted). */
  samples: z.array(RedactionSample),
  /** Up to 500 records, new ones first. */
  items: z.array(IntakeItem),
});
export type IntakePreview = z.infer<typeof IntakePreview>;

export const IntakeChosen = z.discriminatedUnion('status', [
  z.object({ status: z.literal('cancelled') }),
  /** The file stays in main, under the token, until it is applied or an hour has passed; the renderer never holds it. */
  z.object({ status: z.literal('chosen'), token: z.string(), preview: IntakePreview }),
]);
export type IntakeChosen = z.infer<typeof IntakeChosen>;

export const IntakeApplied = z.object({
  importId: z.number(),
  kind: IntakeKindSchema,
  fileName: z.string(),
  sha256: z.string(),
  counts: IntakeCounts,
  redactions: z.array(RedactionCount),
});
export type IntakeApplied = z.infer<typeof IntakeApplied>;

export const IntakeImportSummary = z.object({
  id: z.number(),
  at: IsoTime,
  by: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  kind: IntakeKindSchema,
  via: z.enum(['screen', 'watched_folder']),
  added: z.number(),
  duplicates: z.number(),
  updated: z.number(),
  redactions: z.array(RedactionCount),
});
export type IntakeImportSummary = z.infer<typeof IntakeImportSummary>;

export const WatchedFolderStatus = z.object({
  /** The folder, or null when none is set. */
  folder: z.string().nullable(),
  /** The workstation that watches it (the one it was set on) and whether that is this one. */
  workstation: z.string().nullable(),
  onThisWorkstation: z.boolean(),
  /** The intake officer whose permission the folder's imports run under. */
  setBy: z.string().nullable(),
  setAt: IsoTime.nullable(),
});
export type WatchedFolderStatus = z.infer<typeof WatchedFolderStatus>;

export const FolderScanResult = z.object({
  files: z.array(
    z.object({
      file: z.string(),
      outcome: z.enum(['done', 'rejected', 'left']),
      /** In words: what was imported, or why it was rejected or left in the folder. */
      summary: z.string(),
    }),
  ),
});
export type FolderScanResult = z.infer<typeof FolderScanResult>;

const Token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Choose the file again.');

export const intakeContract = {
  'intake.choose': defineChannel({
    access: 'session',
    mutation: true,
    summary:
      'Records intake: pick an import file in a native dialog; main reads and validates it as a whole and previews counts, redactions by kind and duplicates. Stores nothing.',
    input: Empty,
    output: IntakeChosen,
  }),
  'intake.apply': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Records intake: import the previewed file in one transaction (all or nothing, each source id once), redacted, audited.',
    input: z.object({ token: Token }).strict(),
    output: IntakeApplied,
  }),
  'intake.history': defineChannel({
    access: 'session',
    summary: 'Records intake: the latest imports (by the screen or the watched folder).',
    input: Empty,
    output: z.object({ imports: z.array(IntakeImportSummary) }),
  }),
  'intake.folder': defineChannel({
    access: 'session',
    summary: 'Records intake: the watched intake folder setting.',
    input: Empty,
    output: WatchedFolderStatus,
  }),
  'intake.setFolder': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary:
      'Records intake: set (or with null, clear) the watched folder, watched by this workstation; its imports run under the setter’s permission.',
    input: z
      .object({
        folder: z
          .string()
          .trim()
          .min(1, 'Enter the folder’s full path.')
          .max(1000)
          .refine((s) => !s.includes('\0'), 'Enter the folder’s full path.')
          .nullable(),
      })
      .strict(),
    output: WatchedFolderStatus,
  }),
  'intake.scanFolder': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Records intake: look in the watched folder now (it is also checked every 30 seconds).',
    input: Empty,
    output: FolderScanResult,
  }),
};
