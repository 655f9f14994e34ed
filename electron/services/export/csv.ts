/** CSV that opens cleanly in a spreadsheet: RFC 4180 quoting, and formula injection neutralized. */
import { stringify } from 'csv-stringify/sync';

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function neutralize(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[], preamble: readonly string[] = []): string {
  const body = stringify([headers.map(neutralize), ...rows.map((r) => r.map(neutralize))], { record_delimiter: '\r\n' });
  const head = preamble.length
    ? stringify(
        preamble.map((line) => [neutralize(line)]),
        { record_delimiter: '\r\n' },
      )
    : '';
  // A byte-order mark so spreadsheet programs read UTF-8 names correctly.
  return `\uFEFF${head}${body}`;
}
