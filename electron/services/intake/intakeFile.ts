/**
 * Reads an import file into rows, before any validation of what the rows say: UTF-8 text (a
 * byte-order mark is dropped), as JSON Lines, a JSON array or CSV with a header row. A problem with
 * the file as a whole comes back as words, never with a piece of the file in it: the file may hold
 * exactly what must not be repeated (a card number in a broken line).
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';

export type IntakeFormat = 'jsonl' | 'json' | 'csv';

export const FORMAT_NAMES: Record<IntakeFormat, string> = { jsonl: 'JSON Lines', json: 'JSON', csv: 'CSV' };

/** The largest file an import takes, and the most rows. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_ROWS = 50_000;

export interface RawRow {
  /** The row as a person finds it: the line of a JSON Lines file, the record of a JSON array, the row of a CSV file (the header is row 1). */
  row: number;
  fields: Record<string, unknown>;
}

export type ReadResult = { ok: true; format: IntakeFormat; rows: RawRow[] } | { ok: false; format: IntakeFormat | null; problem: string };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function formatOf(fileName: string, text: string): IntakeFormat {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readIntakeFile(fileName: string, bytes: Uint8Array): ReadResult {
  if (bytes.byteLength === 0) return { ok: false, format: null, problem: 'The file is empty.' };
  if (bytes.byteLength > MAX_FILE_BYTES)
    return { ok: false, format: null, problem: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it into smaller files.` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { ok: false, format: null, problem: 'The file is not UTF-8 text. Export it from the source system as UTF-8.' };
  }
  const format = formatOf(fileName, text);
  const read = format === 'csv' ? readCsv(text) : format === 'json' ? readJson(text) : readJsonLines(text);
  if (!read.ok) return { ok: false, format, problem: read.problem };
  if (read.rows.length === 0) return { ok: false, format, problem: 'The file has no records.' };
  if (read.rows.length > MAX_ROWS)
    return { ok: false, format, problem: `The file has ${read.rows.length} records; at most ${MAX_ROWS} are taken at once. Split it.` };
  return { ok: true, format, rows: read.rows };
}

type Read = { ok: true; rows: RawRow[] } | { ok: false; problem: string };

function readJsonLines(text: string): Read {
  const rows: RawRow[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, problem: `Line ${i + 1} is not valid JSON. Each line of a JSON Lines file holds one record as a JSON object.` };
    }
    if (!isObject(value)) return { ok: false, problem: `Line ${i + 1} is not a JSON object. Each line holds one record as {…}.` };
    rows.push({ row: i + 1, fields: value });
  }
  return { ok: true, rows };
}

function readJson(text: string): Read {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message can quote the file; only the line number is kept.
    const line = /line (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { ok: false, problem: `The file is not valid JSON${line ? ` (near line ${line})` : ''}.` };
  }
  if (!Array.isArray(value)) return { ok: false, problem: 'A JSON file holds an array of records: [{…}, {…}].' };
  const rows: RawRow[] = [];
  for (const [i, item] of value.entries()) {
    if (!isObject(item)) return { ok: false, problem: `Record ${i + 1} is not a JSON object.` };
    rows.push({ row: i + 1, fields: item });
  }
  return { ok: true, rows };
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'has a different number of columns than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'has a different number of columns than the header',
  CSV_QUOTE_NOT_CLOSED: 'opens a quote that is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'has a closing quote followed by more text',
  CSV_INVALID_OPENING_QUOTE: 'has a quote in the middle of an unquoted value',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'has text after a closing quote',
};

function readCsv(text: string): Read {
  let records: { record: Record<string, string>; info: { records: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as typeof records;
  } catch (error) {
    // csv-parse's messages can quote the value it stopped at; only its code and line are kept.
    const e = error as { code?: string; lines?: number };
    const what = (e.code && CSV_PROBLEMS[e.code]) ?? 'cannot be read as CSV';
    return { ok: false, problem: `The file is not valid CSV: line ${e.lines ?? '?'} ${what}.` };
  }
  return { ok: true, rows: records.map((r) => ({ row: r.info.records + 1, fields: r.record })) };
}
