/**
 * What each role lets its holder do, in words, for an administrator deciding a grant or a revoke.
 * Record roles are described from the record rules; the others from the duties the ability
 * (ability.ts) gives them. A phrase that two roles share is written once, so "what ends at once"
 * on a revoke is what the role gives that no other role of the person still gives.
 */
import type { RoleKey } from '../../contract/roles.js';
import { BREAK_GLASS_ROLES, RECORD_RULES, SUBJECT_NAMES } from './recordRules.js';

const ORGANIZATION_REPORTS = 'certification reports for any department or the whole organization';
const BREAK_GLASS = 'break-glass: open one record their rules deny, in an emergency, with a reason (reviewed by the privacy officer)';

const OTHER_DUTIES: Partial<Record<RoleKey, readonly string[]>> = {
  supervisor: ['certification report of their team (direct and indirect reports)', 'six-monthly access reviews of their team'],
  privacy_officer: [
    'read, verify and export the audit trail',
    'review break-glass access',
    'privacy dashboard and evidence pack',
    ORGANIZATION_REPORTS,
    'export training records',
  ],
  administrator: [
    'manage staff accounts and roles',
    'import the staff roster',
    'workstation and database settings',
    'verify certificates',
    ORGANIZATION_REPORTS,
    'export training records',
  ],
};

export function roleAccessInWords(role: RoleKey, departmentName: string): string[] {
  const out: string[] = [];
  const rule = RECORD_RULES[role];
  if (rule) {
    const pending = rule.pendingOnly ? ` (${rule.pendingOnly.join(' and ')} on pending orders only)` : '';
    out.push(`${rule.actions.join(', ')} ${SUBJECT_NAMES[rule.subject]}s of ${departmentName}${pending}`);
  }
  out.push(...(OTHER_DUTIES[role] ?? []));
  if (BREAK_GLASS_ROLES.includes(role)) out.push(BREAK_GLASS);
  return out;
}

/** What a revoke ends at once: what the role gives that none of the person's other roles gives. */
export function accessEndingWith(role: RoleKey, otherRoles: readonly RoleKey[], departmentName: string): string[] {
  const kept = new Set(otherRoles.filter((r) => r !== role).flatMap((r) => roleAccessInWords(r, departmentName)));
  return roleAccessInWords(role, departmentName).filter((w) => !kept.has(w));
}
