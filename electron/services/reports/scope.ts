/**
 * Whose data a report covers: a supervisor's team (direct and indirect reports, through a
 * recursive query that works on SQLite and PostgreSQL), one department, or the whole organization.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../db/schema.js';

export type ReportScope = { kind: 'team'; supervisorId: number } | { kind: 'department'; departmentId: number } | { kind: 'organization' };

/** A condition on a staff id column: true for the people in scope (active staff only). */
export function inScope(scope: ReportScope, staffIdColumn: Expression<number>): Expression<SqlBool> {
  if (scope.kind === 'team') {
    return sql<SqlBool>`${staffIdColumn} in (
      with recursive team(id) as (
        select id from staff where supervisor_id = ${scope.supervisorId}
        union
        select s.id from staff s join team t on s.supervisor_id = t.id
      )
      select team.id from team join staff on staff.id = team.id where staff.status = 'active')`;
  }
  if (scope.kind === 'department') {
    return sql<SqlBool>`${staffIdColumn} in (select id from staff where department_id = ${scope.departmentId} and status = 'active')`;
  }
  return sql<SqlBool>`${staffIdColumn} in (select id from staff where status = 'active')`;
}

/** Is this person within the supervisor's team (direct or indirect)? */
export async function isInTeam(db: Kysely<Database>, supervisorId: number, staffId: number): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('id', '=', staffId)
    .where((eb) => inScope({ kind: 'team', supervisorId }, eb.ref('id')))
    .executeTakeFirst();
  return Boolean(row);
}
