/**
 * The administrators' staff list: searched, filtered (department, role, status) and paged in
 * SQL, so a page of 25 out of 10,000 staff reads 25 rows. One query for the page, one for its
 * count, one for the roles of the page's people.
 */
import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { AccountStatusFilter, StaffPage, StaffRow } from '../../contract/accounts.js';
import { ROLE_KEYS, ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import { containsText } from '../search.js';

export interface StaffQuery {
  search?: string | undefined;
  department?: string | undefined;
  role?: RoleKey | undefined;
  status?: AccountStatusFilter | undefined;
  page: number;
  pageSize: number;
}

type From = ExpressionBuilder<Database & { s: Database['staff']; d: Database['departments']; c: Database['credentials'] }, 's' | 'd' | 'c'>;

/** Where a second factor is kept (issue 12, part A): an SQL test of "has an active one", or null while none is kept. */
export type SecondFactorSql = ((eb: From) => Expression<SqlBool>) | null;

/** Has an authenticator in use (a pending one, shown but never confirmed, does not count). */
export const hasActiveSecondFactor: SecondFactorSql = (eb) =>
  eb.exists(
    eb.selectFrom('totp_factors as tf').select('tf.staff_id').whereRef('tf.staff_id', '=', 's.id').where('tf.status', '=', 'active'),
  );

function statusFilter(eb: From, status: AccountStatusFilter, now: string, enrolled: SecondFactorSql): Expression<SqlBool> {
  switch (status) {
    case 'active':
      return eb.and([eb('s.status', '=', 'active'), eb.or([eb('c.locked_until', 'is', null), eb('c.locked_until', '<=', now)])]);
    case 'locked':
      return eb('c.locked_until', '>', now);
    case 'disabled':
      return eb('s.status', '=', 'disabled');
    case 'must_change':
      return eb('c.must_change', '=', 1);
    case 'factor_enrolled':
      return enrolled ? enrolled(eb) : sql<SqlBool>`1 = 0`;
    case 'factor_missing':
      return enrolled ? eb.not(enrolled(eb)) : sql<SqlBool>`1 = 1`;
  }
}

function filtered(db: Kysely<Database>, q: StaffQuery, now: string, enrolled: SecondFactorSql) {
  return db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .innerJoin('credentials as c', 'c.staff_id', 's.id')
    .where((eb) => {
      const all: Expression<SqlBool>[] = [];
      if (q.search) {
        const text = q.search;
        all.push(
          eb.or([
            containsText(eb.ref('s.display_name'), text),
            containsText(eb.ref('s.username'), text),
            containsText(eb.ref('s.email'), text),
            containsText(eb.ref('s.employee_id'), text),
          ]),
        );
      }
      if (q.department) all.push(eb('d.code', '=', q.department));
      if (q.role) {
        const role = q.role;
        all.push(
          eb.exists(
            eb.selectFrom('staff_roles as r').select('r.staff_id').whereRef('r.staff_id', '=', 's.id').where('r.role_key', '=', role),
          ),
        );
      }
      if (q.status) all.push(statusFilter(eb as unknown as From, q.status, now, enrolled));
      return eb.and(all);
    });
}

export async function rolesOf(db: Kysely<Database>, staffIds: readonly number[]): Promise<Map<number, RoleKey[]>> {
  const out = new Map<number, RoleKey[]>();
  if (staffIds.length === 0) return out;
  const rows = await db
    .selectFrom('staff_roles')
    .select(['staff_id', 'role_key'])
    .where('staff_id', 'in', [...staffIds])
    .execute();
  for (const r of rows) {
    const id = Number(r.staff_id);
    out.set(id, [...(out.get(id) ?? []), r.role_key as RoleKey]);
  }
  for (const roles of out.values()) roles.sort((a, b) => ROLE_KEYS.indexOf(a) - ROLE_KEYS.indexOf(b));
  return out;
}

/** The columns a row of the list shows, for any query over staff s, departments d and credentials c. */
export function staffColumns(db: Kysely<Database>, enrolled: SecondFactorSql) {
  return db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .innerJoin('credentials as c', 'c.staff_id', 's.id')
    .leftJoin('staff as sup', 'sup.id', 's.supervisor_id')
    .select((eb) => [
      's.id',
      's.username',
      's.display_name',
      's.employee_id',
      's.email',
      's.status',
      's.disabled_reason',
      's.last_sign_in_at',
      's.hire_date',
      'd.name as department',
      'd.code as department_code',
      'c.locked_until',
      'c.must_change',
      'sup.display_name as supervisor',
      'sup.username as supervisor_username',
      (enrolled ? sql<number | null>`case when ${enrolled(eb as unknown as From)} then 1 else 0 end` : sql<number | null>`null`).as(
        'factor_enrolled',
      ),
    ]);
}

type StaffColumns = Awaited<ReturnType<ReturnType<typeof staffColumns>['executeTakeFirstOrThrow']>>;

export function toStaffRow(r: StaffColumns, roles: readonly RoleKey[], now: string): StaffRow {
  const factor = r.factor_enrolled;
  return {
    username: r.username,
    displayName: r.display_name,
    employeeId: r.employee_id,
    email: r.email,
    department: r.department,
    supervisor: r.supervisor,
    roles: roles.map((key) => ({ key, name: ROLE_NAMES[key] })),
    status: r.status,
    disabledReason: r.disabled_reason,
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
    mustChangePassword: Number(r.must_change) === 1,
    secondFactorEnrolled: factor === null || factor === undefined ? null : Boolean(Number(factor)),
    lastSignInAt: r.last_sign_in_at,
  };
}

export async function staffPage(db: Kysely<Database>, q: StaffQuery, now: string, enrolled: SecondFactorSql): Promise<StaffPage> {
  const [count, ids, departments] = await Promise.all([
    filtered(db, q, now, enrolled)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    filtered(db, q, now, enrolled)
      .select('s.id')
      .orderBy('s.display_name')
      .orderBy('s.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    db.selectFrom('departments').select(['code', 'name']).orderBy('name').execute(),
  ]);
  const pageIds = ids.map((r) => Number(r.id));
  const rows = pageIds.length
    ? await staffColumns(db, enrolled).where('s.id', 'in', pageIds).orderBy('s.display_name').orderBy('s.id').execute()
    : [];
  const roles = await rolesOf(db, pageIds);
  return {
    rows: rows.map((r) => toStaffRow(r, roles.get(Number(r.id)) ?? [], now)),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
    departments,
  };
}
