import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, hasNoNul, NO_NUL_MESSAGE } from './common.js';

export const DatabaseStatus = z.object({
  /** What this workstation runs on now. */
  dialect: z.enum(['sqlite', 'postgres']),
  location: z.string(),
  /** The stored setting (URL without password), applied at the next start. */
  storedUrl: z.string().nullable(),
  /** Set by the environment (CLEARANCE_DATABASE_URL), which wins over the stored setting. */
  fromEnvironment: z.boolean(),
});

export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

export const AuditWitnessSettings = z.object({
  /** The folder this workstation's witness file is in now. */
  folder: z.string().nullable(),
  /** No administrator choice: the app's own folder. */
  isDefault: z.boolean(),
  defaultFolder: z.string().nullable(),
  lastWrite: z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
  /** Minutes between checkpoints while the app runs (for every workstation of this database). */
  intervalMinutes: z.number(),
  /** Whether this workstation can sign checkpoints, and why not when it cannot. */
  signing: z.object({ available: z.boolean(), reason: z.string().nullable() }),
});
export type AuditWitnessSettings = z.infer<typeof AuditWitnessSettings>;

export const adminContract = {
  'admin.databaseStatus': defineChannel({
    access: 'session',
    summary: 'Administrators: which database this workstation uses, and the stored setting.',
    input: Empty,
    output: DatabaseStatus,
  }),
  'admin.setDatabase': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: point this workstation at a PostgreSQL server (tested first), or back to the embedded database.',
    input: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('postgres'),
          url: z
            .string()
            .trim()
            .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'Enter a URL like postgres://clearance_app@db.agency.example:5432/clearance.'),
          password: z.string().max(256),
        })
        .strict(),
      z.object({ kind: z.literal('embedded') }).strict(),
    ]),
    output: DatabaseStatus,
  }),
  'admin.auditWitness': defineChannel({
    access: 'session',
    summary: "Administrators: this workstation's audit witness folder, the checkpoint interval, and whether checkpoints are signed here.",
    input: Empty,
    output: AuditWitnessSettings,
  }),
  'admin.setAuditWitness': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: choose the folder for this workstation's witness file (tried with a write first), or go back to the default.",
    input: z
      .object({
        folder: z
          .string()
          .trim()
          .min(1, 'Enter a folder, or go back to the default.')
          .max(1000)
          .refine(hasNoNul, NO_NUL_MESSAGE)
          .nullable(),
      })
      .strict(),
    output: AuditWitnessSettings,
  }),
  'admin.setCheckpointInterval': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: minutes between audit checkpoints (5 to 1440).',
    input: z
      .object({ minutes: z.number().int('Whole minutes only.').min(5, 'At least 5 minutes.').max(1440, 'At most 1440 minutes (a day).') })
      .strict(),
    output: AuditWitnessSettings,
  }),
};
