/** The signed-in person as the services see them: identity, department and roles. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';
import type { Actor } from '../audit/auditLog.js';

export interface Principal {
  id: number;
  username: string;
  employeeId: string;
  displayName: string;
  email: string;
  departmentId: number;
  departmentName: string;
  supervisorId: number | null;
  hireDate: string;
  status: 'active' | 'disabled';
  lastSignInAt: string | null;
  roles: RoleKey[];
}

/** The person as the audit trail names them. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.id, username: principal.username };
}

const isRoleKey = (k: string): k is RoleKey => (ROLE_KEYS as readonly string[]).includes(k);

export async function loadPrincipal(db: Kysely<Database>, staffId: number): Promise<Principal | null> {
  const row = await db
    .selectFrom('staff')
    .innerJoin('departments', 'departments.id', 'staff.department_id')
    .select([
      'staff.id',
      'staff.username',
      'staff.employee_id',
      'staff.display_name',
      'staff.email',
      'staff.department_id',
      'departments.name as department_name',
      'staff.supervisor_id',
      'staff.hire_date',
      'staff.status',
      'staff.last_sign_in_at',
    ])
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
  if (!row) return null;
  const roles = await db.selectFrom('staff_roles').select('role_key').where('staff_id', '=', staffId).execute();
  return {
    id: Number(row.id),
    username: row.username,
    employeeId: row.employee_id,
    displayName: row.display_name,
    email: row.email,
    departmentId: Number(row.department_id),
    departmentName: row.department_name,
    supervisorId: row.supervisor_id === null ? null : Number(row.supervisor_id),
    hireDate: row.hire_date,
    status: row.status,
    lastSignInAt: row.last_sign_in_at,
    roles: roles
      .map((r) => r.role_key)
      .filter(isRoleKey)
      .sort((a, b) => ROLE_KEYS.indexOf(a) - ROLE_KEYS.indexOf(b)),
  };
}
