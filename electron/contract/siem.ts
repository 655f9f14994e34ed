import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, hasNoNul, IsoTime, NO_NUL_MESSAGE } from './common.js';

const Text = (max: number) => z.string().trim().max(max).refine(hasNoNul, NO_NUL_MESSAGE);
/** A path of a PEM file on this workstation; empty means none. */
const PemPath = Text(1000)
  .optional()
  .transform((v) => v || undefined);

export const SyslogSettingsSchema = z
  .object({
    kind: z.literal('syslog'),
    host: Text(253).pipe(z.string().min(1, 'Enter the SIEM host name or address.')),
    port: z.number().int('A port is a whole number.').min(1, 'A port is 1 to 65535.').max(65_535, 'A port is 1 to 65535.'),
    /** Present means TLS. The client key stays in its file: nothing secret is stored. */
    tls: z.object({ caFile: PemPath, servername: PemPath, certFile: PemPath, keyFile: PemPath }).strict().optional(),
    /** SD-ID of the structured data, e.g. clearance@32473 (the agency's IANA enterprise number after @). */
    sdId: Text(64)
      .optional()
      .transform((v) => v || undefined),
  })
  .strict();

export const JsonlSettingsSchema = z
  .object({
    kind: z.literal('jsonl'),
    folder: Text(1000).pipe(z.string().min(1, 'Enter the folder the SIEM collects from.')),
  })
  .strict();

export const SiemSettingsSchema = z.discriminatedUnion('kind', [SyslogSettingsSchema, JsonlSettingsSchema]);
export type SiemSettingsInput = z.input<typeof SiemSettingsSchema>;
export type SiemSettingsView = z.output<typeof SiemSettingsSchema>;

export const SiemStatusView = z.object({
  /** The saved settings; null when forwarding is off. */
  settings: SiemSettingsSchema.nullable(),
  /** Where entries go, in words. */
  destination: z.string().nullable(),
  /**
   * off: not configured; idle: configured but no workstation forwards right now (none running);
   * sending / caught_up / retrying: as the forwarding workstation last reported.
   */
  state: z.enum(['off', 'idle', 'sending', 'caught_up', 'retrying']),
  /** The workstation that forwards (one per database). */
  forwardingWorkstation: z.string().nullable(),
  cursor: z.number(),
  headSeq: z.number(),
  /** Entries written but not delivered yet. */
  lag: z.number(),
  /** When the oldest entry not yet delivered was written. */
  oldestUndeliveredAt: IsoTime.nullable(),
  lastSuccessAt: IsoTime.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: IsoTime.nullable(),
  consecutiveFailures: z.number(),
});
export type SiemStatusView = z.infer<typeof SiemStatusView>;

export const siemContract = {
  'siem.status': defineChannel({
    access: 'session',
    summary: 'Administrators: SIEM forwarding settings, which workstation forwards, and how far behind it is.',
    input: Empty,
    output: SiemStatusView,
  }),
  'siem.test': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: send one test message with these settings (nothing is saved).',
    input: z.object({ settings: SiemSettingsSchema }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  }),
  'siem.save': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: save SIEM forwarding settings after a test message got through; forwarding starts at once.',
    input: z.object({ settings: SiemSettingsSchema }).strict(),
    output: SiemStatusView,
  }),
  'siem.turnOff': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: stop forwarding the audit trail to the SIEM.',
    input: Empty,
    output: SiemStatusView,
  }),
};
