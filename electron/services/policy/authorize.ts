import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { AuditLog } from '../audit/auditLog.js';
import { AppError } from '../errors.js';
import type { Principal } from '../staff/principal.js';
import { buildAbility, DENIAL_REASONS, type Action, type Subject } from './ability.js';

/** Throws FORBIDDEN with the reason in words, after auditing the denial. */
export async function authorize(
  db: Kysely<Database>,
  audit: AuditLog,
  principal: Principal,
  workstation: string,
  action: Action,
  subject: Subject,
): Promise<void> {
  if (buildAbility(principal).can(action, subject)) return;
  const reason = DENIAL_REASONS[`${action}:${subject}`] ?? 'Your role does not allow this.';
  await audit.append(db, {
    actor: { id: principal.id, username: principal.username },
    workstation,
    event: `${subject}.${action}`,
    outcome: 'denied',
    resource: { type: subject, id: '*' },
    reason: `${reason} (roles: ${principal.roles.join(', ')})`,
  });
  throw new AppError('FORBIDDEN', reason);
}
