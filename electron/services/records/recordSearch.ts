/**
 * A records search as SQL: the scanned search box value (searchInput.ts) becomes a lookup by keyed
 * hash for a card number, SSN or date of birth, or a case-insensitive text match otherwise. The
 * value itself is never compared in SQL when it is a card number or SSN, and never logged.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { KeyService } from '../keys/keyService.js';
import type { DialectName } from '../../../db/connection.js';
import { indexedTextMatch, textIndexQuery, type TextIndexedColumn, type TextMatchMode } from '../search.js';
import { scanSearch, type ScannedSearch } from '../searchInput.js';
import type { SubjectView } from './recordViews.js';

export interface RecordSearch {
  scanned: ScannedSearch;
  /** Keyed hashes to look for (every held key version), when the value is looked up. */
  hashes: string[];
}

const NOTHING = sql<SqlBool>`1 = 0`;

/** Scans the typed value and hashes it when this kind of record can be searched by it. */
export async function recordSearch(keys: KeyService, view: SubjectView, input: string | undefined): Promise<RecordSearch | undefined> {
  const text = input?.trim();
  if (!text) return undefined;
  const scanned = scanSearch(text);
  const lookupDomain =
    scanned.kind === 'card_number' ? 'card-number' : scanned.kind === 'ssn' ? 'ssn' : scanned.kind === 'date' ? 'date-of-birth' : null;
  const value = scanned.kind === 'card_number' || scanned.kind === 'ssn' ? scanned.digits : scanned.kind === 'date' ? scanned.date : '';
  const hashes = lookupDomain && view.lookupColumns[lookupDomain] ? await keys.lookupHashes(lookupDomain, value) : [];
  return { scanned, hashes };
}

// The three record tables share one search; the builder is typed loosely for it on purpose.
type AnyEb = ExpressionBuilder<Record<string, Record<string, unknown>>, string>;

/** The WHERE for a search on `r` (the record table's alias); text goes through the text index (search.ts). */
export function searchWhere(
  eb: AnyEb,
  dialect: DialectName,
  view: SubjectView,
  search: RecordSearch,
  mode: TextMatchMode = 'indexed',
): Expression<SqlBool> {
  const { scanned, hashes } = search;
  const byHash = (domain: keyof SubjectView['lookupColumns']) => {
    const column = view.lookupColumns[domain];
    return column && hashes.length > 0 ? eb(eb.ref(`r.${column}`), 'in', hashes) : NOTHING;
  };
  const columns = view.searchColumns as readonly TextIndexedColumn<typeof view.table>[];
  const byText = (text: string) => indexedTextMatch(eb, dialect, view.table, 'r', columns, text, mode);
  switch (scanned.kind) {
    case 'card_number':
      return byHash('card-number');
    case 'ssn':
      return byHash('ssn');
    case 'date':
      return eb.or([byHash('date-of-birth'), byText(scanned.date)]);
    case 'text':
      return byText(scanned.text);
  }
}

/**
 * A text search that SQLite can read from its text index outwards: the FTS5 table and its MATCH.
 * Counting such a search goes through the index's matches one by one and stops at the cap, rather
 * than first collecting every match. Null for other searches and on PostgreSQL (its planner
 * weighs the trigram index itself).
 */
export function textIndexDriver(dialect: DialectName, view: SubjectView, search: RecordSearch): { table: string; match: string } | null {
  if (dialect !== 'sqlite' || search.scanned.kind !== 'text') return null;
  const match = textIndexQuery(view.searchColumns, search.scanned.text);
  return match === null ? null : { table: `${view.table}_search`, match };
}
