/**
 * Lists count their rows up to COUNT_CAP and then say "1,000+": counting every match of a common
 * filter over a million rows costs more than reading the page, and nobody pages through a thousand.
 * The count stops in SQL at the row after the cap (a `limit COUNT_CAP + 1` under the count).
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';

export const COUNT_CAP = 1000;

/** How many rows the query selects, counted up to COUNT_CAP + 1 in SQL (give it to cappedTotal). */
export async function countUpToCap<DB, TB extends keyof DB, O>(db: Kysely<DB>, rows: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const limited = rows.select(sql.lit(1).as('one')).limit(COUNT_CAP + 1);
  const { rows: counted } = await sql<{ n: number }>`select count(*) as n from (${limited}) as counted`.execute(db);
  return Number(counted[0]!.n);
}

export interface CappedTotal {
  /** The count, at most COUNT_CAP. */
  total: number;
  /** More rows match than COUNT_CAP: the screen says "1,000+". */
  capped: boolean;
  /** As the audit entry of the read records it: never a number that would read as exact. */
  logged: number | string;
}

/** A count taken with `limit COUNT_CAP + 1`, as the screen and the audit trail say it. */
export function cappedTotal(counted: number): CappedTotal {
  const capped = counted > COUNT_CAP;
  return { total: Math.min(counted, COUNT_CAP), capped, logged: capped ? `more than ${COUNT_CAP}` : counted };
}
