/**
 * Who must sign in with a second factor (PCI DSS 8.4.1, 8.4.2; NIST IA-2(1)): administrators,
 * privacy officers, records intake (it handles whole files of personal data) and every role that opens records. Everyone else may; the setting
 * `mfa.requiredForAll` makes it everyone's duty.
 */
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import { RECORD_RULES } from '../policy/recordRules.js';

/** Roles whose holders must use a second factor. */
export const SECOND_FACTOR_ROLES: readonly RoleKey[] = [
  'administrator',
  'privacy_officer',
  'records_intake',
  ...(Object.keys(RECORD_RULES) as RoleKey[]),
];

export interface SecondFactorRequirement {
  required: boolean;
  /** Why, in words ("Your role as Records clerk requires it."), or null when it is optional. */
  because: string | null;
}

export function secondFactorRequirement(roles: readonly RoleKey[], requiredForAll: boolean): SecondFactorRequirement {
  const requiring = roles.filter((r) => SECOND_FACTOR_ROLES.includes(r));
  if (requiring.length > 0) {
    const names = requiring.map((r) => ROLE_NAMES[r]);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
    return {
      required: true,
      because: `Your ${names.length === 1 ? 'role' : 'roles'} as ${list} ${names.length === 1 ? 'requires' : 'require'} it.`,
    };
  }
  if (requiredForAll) return { required: true, because: 'Your organization requires it for everyone.' };
  return { required: false, because: null };
}
