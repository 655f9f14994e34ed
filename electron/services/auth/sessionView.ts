/** A live session as the services and the renderer see it. */
import type { Kysely } from 'kysely';
import type { Database, Session } from '../../../db/schema.js';
import { QueryTemplate, slot } from '../../../db/queryTemplate.js';
import type { SessionView } from '../../contract/auth.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import { MINUTE } from '../clock.js';
import { loadPrincipal, type Principal } from '../staff/principal.js';
import type { AccessCache } from './accessCache.js';
import { SIGN_IN_RULES } from './signInRules.js';
import { hasActiveFactor } from './totpFactors.js';

export interface ResolvedSession {
  session: Session;
  principal: Principal;
  /** The person has a confirmed authenticator. */
  secondFactor: boolean;
}

/** When the session locks (or, before sign-in is complete, ends) for lack of activity. */
export function idleDeadline(session: Session): number {
  return new Date(session.last_activity_at).getTime() + SIGN_IN_RULES.idleMinutes * MINUTE;
}

/** The session as the renderer sees it: state, idle deadline and the person (no ids, no secrets). */
export function sessionView({ session, principal }: ResolvedSession): SessionView {
  if (session.state === 'ended') throw new Error('an ended session has no view');
  return {
    state: session.state,
    idleMinutes: SIGN_IN_RULES.idleMinutes,
    idleExpiresAt: new Date(idleDeadline(session)).toISOString(),
    user: {
      username: principal.username,
      displayName: principal.displayName,
      employeeId: principal.employeeId,
      email: principal.email,
      department: principal.departmentName,
      hireDate: principal.hireDate,
      roles: principal.roles.map((key) => ({ key, name: ROLE_NAMES[key] })),
      lastSignInAt: principal.lastSignInAt,
    },
  };
}

// Every call runs it: compiled once (queryTemplate.ts).
const sessionQuery = new QueryTemplate<
  Database,
  Session & { person_version: number | null; organisation_version: number | null },
  { sessionId: string }
>((db) =>
  db
    .selectFrom('sessions as s')
    .selectAll('s')
    // Scalar subqueries, not left joins: the same rows, and SQLite runs them several times faster.
    .select((eb) => [
      eb
        .selectFrom('access_versions as person')
        .select('person.version')
        .whereRef('person.staff_id', '=', 's.staff_id')
        .as('person_version'),
      eb
        .selectFrom('access_versions as organisation')
        .select('organisation.version')
        .where('organisation.staff_id', '=', 0)
        .as('organisation_version'),
    ])
    .where('s.id', '=', slot('sessionId')),
);

/**
 * Loads a session with its person and whether they have a confirmed authenticator; null when either
 * is gone. One query when nothing about the person changed since the session's last call: the
 * session row carries the access versions (accessCache.ts), and the person is kept in `cache` while they hold.
 */
export async function loadResolvedSession(db: Kysely<Database>, sessionId: string, cache?: AccessCache): Promise<ResolvedSession | null> {
  const row = await sessionQuery.executeTakeFirst(db, { sessionId });
  if (!row) {
    cache?.forget(sessionId);
    return null;
  }
  const { person_version, organisation_version, ...session } = row;
  const staffId = Number(session.staff_id);
  const stamp = `${person_version ?? '-'}/${organisation_version ?? '-'}`;
  const kept = cache?.get(sessionId, staffId, stamp);
  if (kept) return { session, principal: kept.principal, secondFactor: kept.secondFactor };
  const principal = await loadPrincipal(db, staffId);
  if (!principal) return null;
  const secondFactor = await hasActiveFactor(db, principal.id);
  cache?.keep(sessionId, { stamp, principal, secondFactor });
  return { session, principal, secondFactor };
}
