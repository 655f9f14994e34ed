/** Departments: a short code for each name, unique in the database. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** A code from the name's letters and digits (at most 12), numbered when that code is taken. */
export function departmentCode(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '')
      .slice(0, 12) || 'DEPT';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** Inserts a department with a fresh code; returns its id. */
export async function insertDepartment(trx: Kysely<Database>, name: string): Promise<number> {
  const taken = new Set((await trx.selectFrom('departments').select('code').execute()).map((d) => d.code));
  const row = await trx
    .insertInto('departments')
    .values({ code: departmentCode(name, taken), name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
