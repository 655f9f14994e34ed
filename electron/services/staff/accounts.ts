/** Creating a staff account: the person, their credentials and their roles, in the caller's transaction. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { RoleKey } from '../../contract/roles.js';

export interface NewAccount {
  employeeId: string;
  username: string;
  displayName: string;
  email: string;
  departmentId: number;
  supervisorId: number | null;
  /** YYYY-MM-DD. */
  hireDate: string;
  passwordHash: string;
  /** A password someone else chose (a one-time password): the holder must change it at first sign-in. */
  mustChange: boolean;
  roles: readonly RoleKey[];
  /** YYYY-MM-DD the roles count from (their training is due from then). */
  rolesGrantedOn: string;
  grantedBy: number | null;
  /** When the account is created (ISO time). */
  at: string;
}

/** Inserts the account and returns its staff id. */
export async function insertAccount(trx: Kysely<Database>, a: NewAccount): Promise<number> {
  const row = await trx
    .insertInto('staff')
    .values({
      employee_id: a.employeeId,
      username: a.username,
      display_name: a.displayName,
      email: a.email.toLowerCase(),
      department_id: a.departmentId,
      supervisor_id: a.supervisorId,
      hire_date: a.hireDate,
      status: 'active',
      disabled_reason: null,
      last_sign_in_at: null,
      created_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await trx
    .insertInto('credentials')
    .values({
      staff_id: id,
      password_hash: a.passwordHash,
      previous_hashes: '[]',
      failed_count: 0,
      locked_until: null,
      must_change: a.mustChange ? 1 : 0,
      changed_at: a.at,
    })
    .execute();
  for (const role of a.roles) {
    await trx
      .insertInto('staff_roles')
      .values({ staff_id: id, role_key: role, granted_at: a.rolesGrantedOn, granted_by: a.grantedBy })
      .execute();
  }
  return id;
}
