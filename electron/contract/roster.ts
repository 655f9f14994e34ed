import { z } from 'zod';
import { defineChannel } from './channel.js';

const Csv = z.string().min(1, 'Choose a CSV file.').max(2_000_000, 'The file is larger than 2 MB.');
export const RosterError = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type RosterError = z.infer<typeof RosterError>;
const Counts = z.object({ new: z.number(), leaver: z.number(), changed: z.number(), unchanged: z.number() });
export const RosterChange = z.object({
  row: z.number(),
  employeeId: z.string(),
  name: z.string(),
  kind: z.enum(['new', 'leaver', 'changed', 'unchanged']),
  changes: z.array(z.string()),
  /** Roles this row gives back after an access review revoked them, in words: applied only once confirmed. */
  regrants: z.array(z.string()),
});
export type RosterChange = z.infer<typeof RosterChange>;
export const RosterPreview = z.object({ errors: z.array(RosterError), changes: z.array(RosterChange), counts: Counts });
export type RosterPreview = z.infer<typeof RosterPreview>;
export const AppliedRoster = z.object({
  counts: Counts,
  newAccounts: z.array(z.object({ employeeId: z.string(), name: z.string(), username: z.string(), oneTimePassword: z.string() })),
});
export type AppliedRoster = z.infer<typeof AppliedRoster>;

export const rosterContract = {
  'roster.preview': defineChannel({
    access: 'session',
    summary: 'Administrators: validate a roster CSV as a whole and show what would change. Changes nothing.',
    input: z.object({ csv: Csv }).strict(),
    output: RosterPreview,
  }),
  'roster.apply': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary:
      'Administrators: apply a valid roster in one transaction; returns new accounts with one-time passwords, shown once. Rows that re-grant a role an access review revoked need their employee id in confirmedRegrants.',
    input: z.object({ csv: Csv, confirmedRegrants: z.array(z.string().max(40)).max(100_000).default([]) }).strict(),
    output: AppliedRoster,
  }),
};
