/** Text search in SQL, the same on SQLite and PostgreSQL. */
import { sql, type Expression, type SqlBool } from 'kysely';

/** LIKE with the person's text taken literally: %, _ and \ are escaped. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "column contains text", the same on SQLite and PostgreSQL; the text is a bound parameter. */
export function containsText(column: Expression<unknown>, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${likePattern(text)} escape '\\'`;
}
