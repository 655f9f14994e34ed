import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty } from './common.js';

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
};
