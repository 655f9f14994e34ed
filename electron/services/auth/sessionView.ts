/** A live session as the services and the renderer see it. */
import type { Kysely } from 'kysely';
import type { Database, Session } from '../../../db/schema.js';
import type { SessionView } from '../../contract/auth.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import { MINUTE } from '../clock.js';
import { loadPrincipal, type Principal } from '../staff/principal.js';
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

/** Loads a session with its person and whether they have a confirmed authenticator; null when either is gone. */
export async function loadResolvedSession(db: Kysely<Database>, sessionId: string): Promise<ResolvedSession | null> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) return null;
  const principal = await loadPrincipal(db, Number(session.staff_id));
  if (!principal) return null;
  return { session, principal, secondFactor: await hasActiveFactor(db, principal.id) };
}
