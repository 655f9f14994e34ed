/**
 * Who may administer accounts, with separation of duties (NIST AC-5, AC-6), as a CASL ability:
 * administrators manage accounts, but nobody grants or revokes their own roles, resets their own
 * password or second factor, unlocks or disables themselves, or approves a grant they asked for
 * or that is for themselves. Every path (the account screens and the roster import) asks here.
 */
import { AbilityBuilder, createMongoAbility, subject as asSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import type { RoleKey } from '../../contract/roles.js';

export const ACCOUNT_ACTIONS = [
  'list',
  'create',
  'edit',
  'grantRole',
  'revokeRole',
  'unlock',
  'resetPassword',
  'resetFactor',
  'disable',
  'enable',
  'endSessions',
  'approveRole',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
export type AccountSubject = 'Account' | 'RoleRequest';

/** The person acted on, and for a role request who asked for it. */
export interface AccountTarget {
  staffId: number;
  requestedBy?: number;
}

export type AccountAbility = MongoAbility<[AccountAction, AccountSubject], MongoQuery<Required<AccountTarget>>>;

export const ONLY_ADMINISTRATORS = 'Only administrators manage staff accounts.';

/** Why someone may not do it to themselves, in words. */
export const SELF_REFUSALS = {
  roles: 'Nobody changes their own roles: another administrator must do it (separation of duties, NIST AC-5).',
  resetPassword: 'You cannot reset your own password here: change it under My account, or ask another administrator to reset it.',
  resetFactor: 'You cannot reset your own second factor: another administrator must do it.',
  unlock: 'Nobody unlocks their own account: another administrator must do it.',
  disable: 'You cannot disable or re-enable your own account: another administrator must do it.',
  approveOwnRequest: 'A grant needs a second administrator: the one who asked for it cannot approve it.',
  approveOwnGrant: 'Nobody approves a grant of their own roles.',
} as const;

export function buildAccountAbility(principal: { id: number; roles: readonly RoleKey[] }): AccountAbility {
  const { can, cannot, build } = new AbilityBuilder<AccountAbility>(createMongoAbility);
  if (principal.roles.includes('administrator')) {
    const self = { staffId: principal.id };
    const askedBySelf = { requestedBy: principal.id };
    can(
      ACCOUNT_ACTIONS.filter((a) => a !== 'approveRole'),
      'Account',
    );
    can('approveRole', 'RoleRequest');
    cannot(['grantRole', 'revokeRole'], 'Account', self).because(SELF_REFUSALS.roles);
    cannot('resetPassword', 'Account', self).because(SELF_REFUSALS.resetPassword);
    cannot('resetFactor', 'Account', self).because(SELF_REFUSALS.resetFactor);
    cannot('unlock', 'Account', self).because(SELF_REFUSALS.unlock);
    cannot(['disable', 'enable'], 'Account', self).because(SELF_REFUSALS.disable);
    cannot('approveRole', 'RoleRequest', askedBySelf).because(SELF_REFUSALS.approveOwnRequest);
    cannot('approveRole', 'RoleRequest', self).because(SELF_REFUSALS.approveOwnGrant);
  }
  return build();
}

export type AccountDecision = { allowed: true } | { allowed: false; reason: string };

/** May this person do it to that account (or request)? With the reason in words when not. */
export function decideAccountAction(
  principal: { id: number; roles: readonly RoleKey[] },
  action: AccountAction,
  target: AccountTarget | null,
  subject: AccountSubject = action === 'approveRole' ? 'RoleRequest' : 'Account',
): AccountDecision {
  const ability = buildAccountAbility(principal);
  if (!target) return ability.can(action, subject) ? { allowed: true } : { allowed: false, reason: ONLY_ADMINISTRATORS };
  const s = asSubject(subject, { ...target }) as unknown as AccountSubject;
  if (ability.can(action, s)) return { allowed: true };
  return { allowed: false, reason: ability.relevantRuleFor(action, s)?.reason ?? ONLY_ADMINISTRATORS };
}
