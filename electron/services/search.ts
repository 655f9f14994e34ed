/** Text search in SQL, the same rows on SQLite and PostgreSQL. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../../db/connection.js';

/** LIKE with the person's text taken literally: %, _ and \ are escaped. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "column contains text", the same on SQLite and PostgreSQL; the text is a bound parameter. */
export function containsText(column: Expression<unknown>, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${likePattern(text)} escape '\\'`;
}

/**
 * The record columns with a text index (migration 052), per table. A search may look in any of
 * them; none holds an SSN, card number or date of birth.
 */
export const TEXT_INDEXED = {
  live_help_transcripts: ['visitor_name', 'topic', 'operator_name', 'transcript_email'],
  personal_records: ['full_name', 'email', 'agency', 'message'],
  card_transactions: ['cardholder_name', 'order_id', 'agency'],
} as const;

export type TextIndexedTable = keyof typeof TEXT_INDEXED;
export type TextIndexedColumn<T extends TextIndexedTable> = (typeof TEXT_INDEXED)[T][number];

/** A trigram index finds nothing for fewer than three characters: those searches read the rows. */
export const SHORTEST_INDEXED_SEARCH = 3;

// Any table's alias: the three record tables share this search, so the builder is typed loosely on purpose.
type AnyEb = ExpressionBuilder<Record<string, Record<string, unknown>>, string>;

/**
 * How a text condition reads the rows: through the text index (`indexed`, for a search that
 * matches few rows), or by the LIKE alone (`scan`, for one that matches many: walking a list
 * index in order finds a page of them sooner than collecting every match from the text index).
 * Both keep exactly the same rows.
 */
export type TextMatchMode = 'indexed' | 'scan';

/**
 * The FTS5 query for a text in these columns (SQLite), or null when the text index cannot answer
 * it (under three characters). A phrase in double quotes is taken literally (a quote is doubled);
 * the column filter limits it to these columns. A text of two or more words of three characters or
 * more asks for each of those words, all of them: a row holding the text holds each word, and the
 * trigrams across the spaces, common to most names, are not read (a person's full name was found
 * in about a third of the time at a million records). The LIKE beside it keeps exactly the rows
 * that hold the text itself.
 */
export function textIndexQuery(columns: readonly string[], text: string): string | null {
  const lowered = text.toLowerCase();
  if ([...lowered].length < SHORTEST_INDEXED_SEARCH) return null;
  const phrase = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const words = lowered.split(/\s+/).filter((w) => [...w].length >= SHORTEST_INDEXED_SEARCH);
  return `{${columns.join(' ')}} : ${words.length >= 2 ? `(${words.map(phrase).join(' AND ')})` : phrase(lowered)}`;
}

/** "Any of these columns of `alias` contains the text", by LIKE alone: the exact condition. */
function containsAnyText(eb: AnyEb, alias: string, columns: readonly string[], text: string): Expression<SqlBool> {
  return eb.or(columns.map((c) => containsText(eb.ref(`${alias}.${c}`), text)));
}

/**
 * "Any of these columns of `alias` (a row of `table`) contains the text", case-insensitively,
 * through the text index. The rows are exactly those of `containsText` over the same columns:
 *
 * - PostgreSQL: that very `lower(col) like` condition; the pg_trgm GIN index on lower(col) answers it.
 * - SQLite: the FTS5 trigram table picks the candidate rows (its case folding covers every letter,
 *   so it finds at least the rows LIKE finds), then the same LIKE keeps exactly the matching ones.
 *
 * Under three characters a trigram index cannot help: the LIKE alone runs (a scan, as before).
 */
export function indexedTextMatch<T extends TextIndexedTable>(
  eb: AnyEb,
  dialect: DialectName,
  table: T,
  alias: string,
  columns: readonly TextIndexedColumn<T>[],
  text: string,
  mode: TextMatchMode = 'indexed',
): Expression<SqlBool> {
  const like = containsAnyText(eb, alias, columns, text);
  const query = textIndexQuery(columns, text);
  if (dialect === 'postgres' || mode === 'scan' || query === null) return like;
  const fts = sql.table(`${table}_search`);
  const candidates = sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select rowid from ${fts} where ${fts} match ${query})`;
  return eb.and([candidates, like]);
}
