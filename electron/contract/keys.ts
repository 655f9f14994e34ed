import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';

/** 64 bits of the SHA-256 of a workstation's public key, in four groups: what an administrator compares. */
export const Fingerprint = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/, 'A fingerprint is four groups of four characters, like 7F3A-91C2-4D0B-E6A8.');

export const KEY_STATES = ['ready', 'no-keychain', 'no-key', 'pending', 'refused', 'retired', 'missing-version'] as const;

/** This workstation and the key hierarchy: never a key, only its identity and state. */
export const ThisWorkstationView = z.object({
  id: z.number().nullable(),
  name: z.string(),
  fingerprint: z.string().nullable(),
  /** The first two groups of the fingerprint: the request reference in messages. */
  reference: z.string().nullable(),
  state: z.enum(KEY_STATES),
  /** What the state means for card data, in words; null when the workstation can use the key. */
  message: z.string().nullable(),
});

export const WorkstationView = z.object({
  id: z.number(),
  name: z.string(),
  fingerprint: z.string(),
  reference: z.string(),
  status: z.enum(['pending', 'enrolled', 'refused', 'retired']),
  /** The status in words, e.g. "Approved by Alex Morgan; a second administrator must approve by …". */
  statusText: z.string(),
  requestedAt: IsoTime,
  approvedBy: z.string().nullable(),
  approvedAt: IsoTime.nullable(),
  secondApprovedBy: z.string().nullable(),
  /** Set while the first approval waits for a second administrator: until when it may be given. */
  secondApprovalDueAt: IsoTime.nullable(),
  receivedAt: IsoTime.nullable(),
  refusedBy: z.string().nullable(),
  refusalReason: z.string().nullable(),
  retiredBy: z.string().nullable(),
  retiredAt: IsoTime.nullable(),
  isThisWorkstation: z.boolean(),
  /** The signed-in administrator may approve it now (pending, and not already approved by them). */
  canApprove: z.boolean(),
});

export const RotationView = z.object({
  id: z.number(),
  status: z.enum(['awaiting_confirmation', 'running', 'finished', 'lapsed']),
  statusText: z.string(),
  fromVersion: z.number(),
  toVersion: z.number().nullable(),
  requestedBy: z.string(),
  requestedAt: IsoTime,
  /** Until when a second administrator may confirm it. */
  confirmBy: IsoTime.nullable(),
  confirmedBy: z.string().nullable(),
  startedAt: IsoTime.nullable(),
  finishedAt: IsoTime.nullable(),
  resealed: z.number(),
  unreadable: z.number(),
  /** The signed-in administrator may confirm it now. */
  canConfirm: z.boolean(),
});

export const KeysOverview = z.object({
  thisWorkstation: ThisWorkstationView,
  key: z
    .object({
      version: z.number(),
      createdAt: IsoTime,
      ageDays: z.number(),
      rotationIntervalDays: z.number(),
      rotationDueAt: IsoTime,
      rotationDue: z.boolean(),
    })
    .nullable(),
  /** The latest rotation, if any. */
  rotation: RotationView.nullable(),
  /** Why a rotation is recommended now, in words (a workstation was retired since the key was made). */
  rotationRecommended: z.string().nullable(),
  dualControl: z.object({ required: z.boolean(), administrators: z.number() }),
  custodian: z.object({
    acknowledged: z.boolean(),
    acknowledgedAt: IsoTime.nullable(),
    statementVersion: z.string(),
    statement: z.string(),
  }),
  workstations: z.array(WorkstationView),
});

/** What the privacy dashboard shows of the keys: version, age and the enrolled workstations. */
export const KeySummary = z.object({
  version: z.number(),
  createdAt: IsoTime,
  ageDays: z.number(),
  rotationDueAt: IsoTime,
  rotationDue: z.boolean(),
  enrolledWorkstations: z.array(z.object({ name: z.string(), fingerprint: z.string(), enrolledAt: IsoTime.nullable() })),
});

export type ThisWorkstationView = z.infer<typeof ThisWorkstationView>;
export type WorkstationView = z.infer<typeof WorkstationView>;
export type RotationView = z.infer<typeof RotationView>;
export type KeysOverview = z.infer<typeof KeysOverview>;
export type KeySummary = z.infer<typeof KeySummary>;

const WorkstationId = z.number().int().positive();

export const keysContract = {
  'keys.thisWorkstation': defineChannel({
    access: 'session',
    summary: 'Whether this workstation can use the key (card data), and if not, why and which request to approve.',
    input: Empty,
    output: ThisWorkstationView,
  }),
  'keys.overview': defineChannel({
    access: 'session',
    summary: 'Administrators: key version and age, rotation, workstations and enrolment requests, the custodian statement.',
    input: Empty,
    output: KeysOverview,
  }),
  'keys.acknowledgeCustodian': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: sign the key custodian statement with their full name (needed before the first key operation).',
    input: z.object({ signature: z.string().trim().min(1, 'Type your full name.').max(200) }).strict(),
    output: KeysOverview,
  }),
  'keys.approveEnrolment': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: approve a workstation's enrolment after comparing its fingerprint (a second administrator confirms).",
    input: z.object({ workstationId: WorkstationId, fingerprint: Fingerprint }).strict(),
    output: KeysOverview,
  }),
  'keys.refuseEnrolment': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: refuse a workstation's enrolment request, with the reason.",
    input: z
      .object({ workstationId: WorkstationId, reason: z.string().trim().min(1, 'Say why the request is refused.').max(300) })
      .strict(),
    output: KeysOverview,
  }),
  'keys.retireWorkstation': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: end a workstation's enrolment; it receives no new key version.",
    input: z.object({ workstationId: WorkstationId }).strict(),
    output: KeysOverview,
  }),
  'keys.requestRotation': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: rotate the master key (a second administrator confirms within 24 hours when there are two or more).',
    input: Empty,
    output: KeysOverview,
  }),
  'keys.confirmRotation': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: confirm another administrator's rotation request; the rotation starts.",
    input: z.object({ rotationId: z.number().int().positive() }).strict(),
    output: KeysOverview,
  }),
  'keys.renewEnrolment': defineChannel({
    access: 'session',
    mutation: true,
    // No step-up: it runs where the key is missing, so codes from the app cannot be checked there
    // (only recovery codes); it only asks, and the approval that follows (another administrator) asks again.
    summary: 'Administrators, at a workstation that was refused, retired or lost its key: make a new enrolment request.',
    input: Empty,
    output: KeysOverview,
  }),
};
