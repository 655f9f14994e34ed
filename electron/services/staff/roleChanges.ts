/**
 * Granting and revoking roles, in the caller's transaction, with their audit entries: the one
 * definition the account screens and the roster import share. Administrator and privacy officer
 * are granted only with a second administrator's approval (NIST AC-5) where another administrator
 * than the one asking and the person concerned exists: until then the grant waits as a request.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { Actor, AuditLog } from '../audit/auditLog.js';
import { formatDate } from '../format.js';

/** Roles whose grant takes two administrators. */
export const PRIVILEGED_ROLES: readonly RoleKey[] = ['administrator', 'privacy_officer'];

export interface RoleChangeContext {
  trx: Kysely<Database>;
  audit: AuditLog;
  actor: Actor;
  workstation: string;
  /** ISO time of the change. */
  at: string;
}

export interface Person {
  id: number;
  username: string;
  displayName: string;
}

/** An active administrator other than the one asking and the person concerned, who could approve. */
export async function secondAdministratorExists(db: Kysely<Database>, requesterId: number, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('staff_roles as r')
    .innerJoin('staff as s', 's.id', 'r.staff_id')
    .select('s.id')
    .where('r.role_key', '=', 'administrator')
    .where('s.status', '=', 'active')
    .where('s.id', 'not in', [requesterId, personId])
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export async function needsApproval(db: Kysely<Database>, role: RoleKey, requesterId: number, personId: number): Promise<boolean> {
  return PRIVILEGED_ROLES.includes(role) && (await secondAdministratorExists(db, requesterId, personId));
}

export async function pendingRequest(db: Kysely<Database>, personId: number, role: RoleKey) {
  return db
    .selectFrom('role_requests')
    .selectAll()
    .where('staff_id', '=', personId)
    .where('role_key', '=', role)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/**
 * Inserts the role (it counts from today: its training is due from then) and audits the grant.
 * `approval` names who asked, when a second administrator (the actor) approves a request.
 */
export async function grantRole(c: RoleChangeContext, person: Person, role: RoleKey, reason: string, approval?: string): Promise<void> {
  await c.trx
    .insertInto('staff_roles')
    .values({ staff_id: person.id, role_key: role, granted_at: formatDate(c.at), granted_by: c.actor.id })
    .execute();
  await c.audit.append(c.trx, {
    actor: c.actor,
    workstation: c.workstation,
    event: 'account.role_granted',
    outcome: 'allowed',
    resource: { type: 'staff', id: person.id },
    reason: `granted ${ROLE_NAMES[role]} to ${person.displayName} (${person.username})${approval ? ` (${approval})` : ''}: ${reason}`,
    details: { username: person.username, role: ROLE_NAMES[role] },
  });
}

export async function revokeRole(c: RoleChangeContext, person: Person, role: RoleKey, reason: string): Promise<void> {
  await c.trx.deleteFrom('staff_roles').where('staff_id', '=', person.id).where('role_key', '=', role).execute();
  await c.audit.append(c.trx, {
    actor: c.actor,
    workstation: c.workstation,
    event: 'account.role_revoked',
    outcome: 'allowed',
    resource: { type: 'staff', id: person.id },
    reason: `revoked ${ROLE_NAMES[role]} from ${person.displayName} (${person.username}); access it gave ends at once: ${reason}`,
    details: { username: person.username, role: ROLE_NAMES[role] },
  });
}

/** Records a grant that waits for a second administrator (one pending request per person and role). */
export async function requestRole(c: RoleChangeContext, person: Person, role: RoleKey, reason: string): Promise<void> {
  await c.trx
    .insertInto('role_requests')
    .values({
      staff_id: person.id,
      role_key: role,
      reason,
      requested_by: c.actor.id,
      requested_at: c.at,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .execute();
  await c.audit.append(c.trx, {
    actor: c.actor,
    workstation: c.workstation,
    event: 'account.role_requested',
    outcome: 'allowed',
    resource: { type: 'staff', id: person.id },
    reason: `asked to grant ${ROLE_NAMES[role]} to ${person.displayName} (${person.username}); waits for a second administrator's approval (NIST AC-5): ${reason}`,
    details: { username: person.username, role: ROLE_NAMES[role] },
  });
}

/** Grants now, or asks for a second administrator where one is needed; says which. */
export async function grantOrRequest(c: RoleChangeContext, person: Person, role: RoleKey, reason: string): Promise<'granted' | 'pending'> {
  if (await needsApproval(c.trx, role, c.actor.id, person.id)) {
    if (!(await pendingRequest(c.trx, person.id, role))) await requestRole(c, person, role, reason);
    return 'pending';
  }
  await grantRole(c, person, role, reason);
  return 'granted';
}
