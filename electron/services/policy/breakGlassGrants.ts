/**
 * Whether a break-glass grant still opens its record, decided at check time in SQL so that every
 * path obeys it (opening, the review queue, the dashboard) and nothing has to remember to end a
 * grant. A grant ends:
 * - when it was ended early (an alert about the person was judged inappropriate),
 * - when a reviewer judged the grant itself inappropriate,
 * - when the person's account is disabled,
 * - when the role that allowed it is revoked (or granted again after the grant: a new grant is needed),
 * - when its 4 hours are over.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { RecordSubject } from '../../contract/records.js';
import { formatDateTime } from '../format.js';
import { BREAK_GLASS_ROLES, RECORD_RULES } from './recordRules.js';

/** The role that allows a person's break-glass on this kind of record: the one for that kind if held, else any allowed one. */
export function breakGlassRoleFor(roles: readonly RoleKey[], subject: RecordSubject): RoleKey | null {
  const allowed = roles.filter((r) => BREAK_GLASS_ROLES.includes(r));
  return allowed.find((r) => RECORD_RULES[r]?.subject === subject) ?? allowed[0] ?? null;
}

/** Why a grant no longer opens its record; null while it is live. In the order they are checked. */
export type GrantEnd = 'ended' | 'inappropriate' | 'disabled' | 'role_revoked' | 'expired';

/**
 * Every grant with `ended_because` (a GrantEnd, or null while live), as the one definition of a live grant.
 * `granted_at` of a role is a date (or a time); a role granted after the grant began did not allow it.
 */
export function grantsWithState(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('break_glass_grants as g')
    .innerJoin('staff as holder', 'holder.id', 'g.staff_id')
    .selectAll('g')
    .select((eb) =>
      eb
        .case()
        .when('g.ended_at', 'is not', null)
        .then(sql.lit<GrantEnd>('ended'))
        .when('g.review_status', '=', 'inappropriate')
        .then(sql.lit<GrantEnd>('inappropriate'))
        .when('holder.status', '<>', 'active')
        .then(sql.lit<GrantEnd>('disabled'))
        .when(
          eb.not(
            eb.exists(
              eb
                .selectFrom('staff_roles as held')
                .select('held.staff_id')
                .whereRef('held.staff_id', '=', 'g.staff_id')
                .whereRef('held.role_key', '=', 'g.allowed_by_role')
                .whereRef('held.granted_at', '<=', 'g.granted_at'),
            ),
          ),
        )
        .then(sql.lit<GrantEnd>('role_revoked'))
        .when('g.expires_at', '<=', now)
        .then(sql.lit<GrantEnd>('expired'))
        .else(null)
        .end()
        .as('ended_because'),
    );
}

export interface GrantEndFacts {
  ended_because: GrantEnd | null;
  end_reason: string | null;
  allowed_by_role: string | null;
  expires_at: string;
}

/** Why a grant ended, in words for the screen and the audit trail; null while it is live. */
export function grantEndWords(g: GrantEndFacts): string | null {
  switch (g.ended_because) {
    case null:
      return null;
    case 'ended':
      return g.end_reason ?? 'ended early';
    case 'inappropriate':
      return 'the review judged it inappropriate';
    case 'disabled':
      return 'the account was disabled';
    case 'role_revoked': {
      const role = g.allowed_by_role && g.allowed_by_role in ROLE_NAMES ? ROLE_NAMES[g.allowed_by_role as RoleKey] : null;
      return role ? `the role that allowed it (${role}) was revoked` : 'the person no longer holds a role that allows emergency access';
    }
    case 'expired':
      return `it expired at ${formatDateTime(g.expires_at)}`;
  }
}
