/**
 * The pieces every import format is validated with (zod), and the row and field errors they
 * produce. An error names its row and field and says what is wrong in words; it never repeats
 * the value, which may be exactly what must not be repeated.
 */
import { z } from 'zod';

export interface FieldError {
  row: number;
  field: string;
  message: string;
}

/** An empty CSV cell, a JSON null and an absent key all mean "not given". */
const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

const textMessage = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'Missing.' : `Must be ${what}.`);

/** Required text, trimmed, at most `max` characters. */
export function requiredText(max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: textMessage('text') })
      .trim()
      .max(max, `Longer than ${max} characters.`),
  );
}

/** Optional text, trimmed; blank is absent. */
export function optionalText(max: number) {
  return z.preprocess(blankToUndefined, z.string({ error: 'Must be text.' }).trim().max(max, `Longer than ${max} characters.`).optional());
}

const normaliseLines = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : blankToUndefined(v));

/** Free text that may be long (a message, a form body); kept as written apart from line endings. */
export function requiredFreeText(max: number) {
  return z.preprocess(
    normaliseLines,
    z
      .string({ error: textMessage('text') })
      .max(max, `Longer than ${max} characters.`)
      .refine((s) => s.trim().length > 0, 'Is empty.'),
  );
}

export function optionalFreeText(max: number) {
  return z.preprocess(normaliseLines, z.string({ error: 'Must be text.' }).max(max, `Longer than ${max} characters.`).optional());
}

/** An ISO 8601 date and time with its offset (Z or ±hh:mm), stored as UTC. */
export const dateTime = z.preprocess(
  blankToUndefined,
  z
    .string({ error: textMessage('a date and time') })
    .trim()
    .pipe(z.iso.datetime({ offset: true, error: 'Is not a date and time; use ISO 8601 with an offset, such as 2026-11-20T14:02:11Z.' }))
    .transform((s) => new Date(s).toISOString()),
);

export const optionalDateTime = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'Must be a date and time.' })
    .trim()
    .pipe(z.iso.datetime({ offset: true, error: 'Is not a date and time; use ISO 8601 with an offset, such as 2026-11-20T14:02:11Z.' }))
    .transform((s) => new Date(s).toISOString())
    .optional(),
);

export function validCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const optionalDate = z.preprocess(
  blankToUndefined,
  z.string({ error: 'Must be a date.' }).trim().refine(validCalendarDate, 'Is not a date; use YYYY-MM-DD, such as 2026-11-20.').optional(),
);

export const optionalEmail = z.preprocess(
  blankToUndefined,
  z.string({ error: 'Must be an e-mail address.' }).trim().toLowerCase().pipe(z.email('Is not an e-mail address.')).optional(),
);

/** The source system's name (who the source id belongs to). */
export function sourceSystem(fallback: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Must be text.' })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'Must be a short name of letters, digits, dots, dashes or underscores.')
      .default(fallback),
  );
}

export const sourceId = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : blankToUndefined(v)),
  z
    .string({ error: textMessage('text') })
    .trim()
    .max(100, 'Longer than 100 characters.')
    .regex(/^[\x21-\x7e]+$/, 'Must be printable characters without spaces.'),
);

/** A field path as a person reads it: messages[3].text (counting from 1). */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p + 1}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '-';
}

export function zodErrors(row: number, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ row, field: fieldPath(i.path), message: i.message }));
}

/** Validates one raw row against a schema: the value, or its errors by field. */
export function validateRow<S extends z.ZodType>(
  schema: S,
  row: number,
  fields: Record<string, unknown>,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const r = schema.safeParse(fields);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: zodErrors(row, r.error) };
}
