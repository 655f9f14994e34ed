import { ROLE_NAMES } from '../../contract/roles.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { buildAbility, DENIAL_REASONS, type Action, type Subject } from './ability.js';

/**
 * The services' gate for everything but records (records decide per row, in recordAbility):
 * returns when the person's roles allow the action, otherwise audits the denial and throws
 * FORBIDDEN with the reason in words.
 */
export async function authorize(
  ctx: Pick<ServiceContext, 'db' | 'audit'>,
  principal: Principal,
  workstation: string,
  action: Action,
  subject: Subject,
): Promise<void> {
  if (buildAbility(principal).can(action, subject)) return;
  const reason = DENIAL_REASONS[`${action}:${subject}`] ?? 'Your role does not allow this.';
  await ctx.audit.append(ctx.db, {
    actor: actorOf(principal),
    workstation,
    event: `${subject}.${action}`,
    outcome: 'denied',
    resource: { type: subject, id: '*' },
    reason: `${reason} (roles: ${principal.roles.map((r) => ROLE_NAMES[r]).join(', ')})`,
  });
  throw new AppError('FORBIDDEN', reason);
}
