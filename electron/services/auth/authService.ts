/**
 * Sign-in (password, then the authenticator's code for people who have one, then a forced password
 * change or the enrolment of a second factor where due), idle lock, unlock, password change and
 * sign-out. Every password and code goes through the one verification path (verification.ts).
 * Sessions and counters live in the database, so they hold across workstations sharing one server.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Session, SessionState } from '../../../db/schema.js';
import type { CodeAnswer, SessionView } from '../../contract/auth.js';
import type { Actor } from '../audit/auditLog.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { MINUTE } from '../clock.js';
import { AppError } from '../errors.js';
import { actorOf, type Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import { hashPassword } from './passwordHash.js';
import { isRecentlyUsed, passwordProblems } from './passwordPolicy.js';
import type { SecondFactorService } from './secondFactorService.js';
import { AccessCache, keptAccess } from './accessCache.js';
import { endSession } from './sessionEnd.js';
import { idleDeadline, loadResolvedSession, sessionView, type ResolvedSession } from './sessionView.js';
import { SIGN_IN_RULES } from './signInRules.js';
import { hasActiveFactor } from './totpFactors.js';
import { PROMPTS, type Verifier } from './verification.js';

export type { ResolvedSession } from './sessionView.js';

/** Why a session is in the state it starts in, for the audit entry of the sign-in. */
const SIGN_IN_REASONS: Record<Exclude<SessionState, 'locked' | 'ended'>, string> = {
  active: 'password correct',
  needs_code: 'password correct; the code from the authenticator app is asked next',
  must_change: 'password correct; a password change is required before anything else',
  must_enrol: 'password correct; a second factor must be set up before anything else',
};

/** States before sign-in is complete: left idle, they end rather than lock. */
/** A session used more recently than this is not written again (see touch). */
const TOUCH_INTERVAL = MINUTE;

const UNFINISHED: readonly SessionState[] = ['needs_code', 'must_change', 'must_enrol'];

export class AuthService {
  /** Each session's person, curriculum and grants while their access version holds. */
  private readonly access = new AccessCache();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly verifier: Verifier,
    private readonly secondFactors: SecondFactorService,
  ) {}

  /**
   * Signs a window in with the password: ends the session it held, checks the password, and opens a
   * session in its first state (the code step for people with an authenticator).
   */
  async signIn(
    previous: ResolvedSession | null,
    username: string,
    password: string,
    caller: Caller,
  ): Promise<{ sessionId: string; view: SessionView }> {
    if (previous) await this.signOut(previous, caller);
    const opened = await this.verifier.signIn(username, password, caller.workstation, (trx, actor) =>
      this.openSession(trx, actor, caller.workstation),
    );
    if (!opened) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled. Ask your administrator if you need access again.');
    const resolved = await this.loadResolved(opened);
    if (resolved.session.state !== 'needs_code') await this.remindOfLateTraining(resolved.principal, caller);
    return { sessionId: opened, view: sessionView(resolved) };
  }

  /** The session a right password opens, or null (audited) when the account is disabled. */
  private async openSession(trx: Kysely<Database>, actor: Actor, workstation: string): Promise<string | null> {
    const { audit } = this.ctx;
    const account = await trx
      .selectFrom('staff')
      .innerJoin('credentials', 'credentials.staff_id', 'staff.id')
      .select(['staff.status', 'credentials.must_change'])
      .where('staff.id', '=', actor.id)
      .executeTakeFirstOrThrow();
    const resource = { type: 'staff', id: actor.id };
    if (account.status !== 'active') {
      await audit.append(trx, { actor, workstation, event: 'auth.sign_in', outcome: 'denied', resource, reason: 'account disabled' });
      return null;
    }
    const state: keyof typeof SIGN_IN_REASONS = (await hasActiveFactor(trx, actor.id))
      ? 'needs_code'
      : account.must_change
        ? 'must_change'
        : (await this.secondFactors.requirement(actor.id, trx)).required
          ? 'must_enrol'
          : 'active';
    const now = this.ctx.clock.now().toISOString();
    const sessionId = randomBytes(32).toString('hex');
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        staff_id: actor.id,
        workstation,
        state,
        created_at: now,
        last_activity_at: now,
        ended_at: null,
        end_reason: null,
        stepped_up_at: null,
      })
      .execute();
    // A password alone is not a sign-in for someone with an authenticator: the code step records it.
    if (state !== 'needs_code') await trx.updateTable('staff').set({ last_sign_in_at: now }).where('id', '=', actor.id).execute();
    await audit.append(trx, { actor, workstation, event: 'auth.sign_in', outcome: 'allowed', resource, reason: SIGN_IN_REASONS[state] });
    return sessionId;
  }

  /** The second sign-in step: a code from the authenticator app or a recovery code. */
  async verifyCode(resolved: ResolvedSession, answer: CodeAnswer, caller: Caller): Promise<SessionView> {
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    await this.verifier.confirm(actor, answer, PROMPTS.signInCode, { workstation: caller.workstation }, async (trx, verified) => {
      const at = this.ctx.clock.now().toISOString();
      const cred = await trx.selectFrom('credentials').select('must_change').where('staff_id', '=', principal.id).executeTakeFirstOrThrow();
      await trx
        .updateTable('sessions')
        .set({ state: cred.must_change ? 'must_change' : 'active', stepped_up_at: at, last_activity_at: at })
        .where('id', '=', session.id)
        .where('state', '=', 'needs_code')
        .execute();
      await trx.updateTable('staff').set({ last_sign_in_at: at }).where('id', '=', principal.id).execute();
      await this.ctx.audit.append(trx, {
        actor,
        workstation: caller.workstation,
        event: PROMPTS.signInCode.event,
        outcome: 'allowed',
        resource: { type: 'staff', id: actor.id },
        reason:
          verified.method === 'recovery'
            ? `recovery code used (${verified.left} left); signed in`
            : 'code from the authenticator app accepted; signed in',
      });
    });
    const next = await this.loadResolved(session.id);
    await this.remindOfLateTraining(next.principal, caller);
    return sessionView(next);
  }

  private async remindOfLateTraining(principal: Principal, caller: Caller): Promise<void> {
    const late = (await this.training.curriculum(principal)).filter((e) => e.status === 'overdue' || e.status === 'expired');
    if (late.length === 0) return;
    const titles = late.map((e) => `${e.number}. ${e.title}`).join('; ');
    this.ctx.desktop.notify(caller.senderKey, late.length === 1 ? 'Training overdue' : `${late.length} training modules overdue`, titles);
  }

  view(resolved: ResolvedSession): SessionView {
    return sessionView(resolved);
  }

  current(resolved: ResolvedSession | null): SessionView | null {
    return resolved ? sessionView(resolved) : null;
  }

  activity(resolved: ResolvedSession): { idleExpiresAt: string } {
    return { idleExpiresAt: this.idleExpiresAt(resolved.session) };
  }

  private async loadResolved(sessionId: string): Promise<ResolvedSession> {
    const resolved = await loadResolvedSession(this.ctx.db, sessionId, this.access);
    if (!resolved) throw new AppError('UNAUTHENTICATED', 'Your account could not be found. Sign in again.');
    return resolved;
  }

  /**
   * Finds the live session behind a caller. Ends it when the account was disabled or sign-in was
   * left unfinished too long; locks it when it has been idle too long (main enforces the idle rule,
   * not just the screen); asks for enrolment first when a second factor became required.
   */
  async resolve(sessionId: string, workstation: string): Promise<ResolvedSession | null> {
    const { db } = this.ctx;
    const resolved = await loadResolvedSession(db, sessionId, this.access);
    if (!resolved || resolved.session.state === 'ended') {
      this.access.forget(sessionId);
      return null;
    }
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    if (principal.status !== 'active') {
      await endSession(this.ctx, session.id, actor, workstation, 'account disabled');
      return null;
    }
    const idle = this.ctx.clock.now().getTime() >= idleDeadline(session);
    if (idle && UNFINISHED.includes(session.state)) {
      await endSession(this.ctx, session.id, actor, workstation, `sign-in not finished within ${SIGN_IN_RULES.idleMinutes} minutes`);
      return null;
    }
    if (idle && session.state === 'active') {
      const locked = await this.moveSession(session, 'active', 'locked', {
        actor,
        workstation,
        event: 'session.idle_lock',
        reason: `no activity for ${SIGN_IN_RULES.idleMinutes} minutes (PCI DSS 8.2.8)`,
      });
      return locked ? { ...resolved, session: { ...session, state: 'locked' } } : resolved;
    }
    if (session.state === 'active' && !resolved.secondFactor && (await this.secondFactorRequired(principal))) {
      // A role that requires a second factor was granted during the session (or the factor was reset).
      const moved = await this.moveSession(session, 'active', 'must_enrol', {
        actor,
        workstation,
        event: 'session.enrolment_required',
        reason: 'a second factor is now required: it must be set up before anything else',
      });
      return moved ? { ...resolved, session: { ...session, state: 'must_enrol' } } : resolved;
    }
    return resolved;
  }

  private secondFactorRequired(principal: Principal): Promise<boolean> {
    return keptAccess(principal, 'secondFactorRequired', async () => (await this.secondFactors.requirement(principal.id)).required);
  }

  /** Moves a session from one state to another once, with its audit entry; false when it had already moved. */
  private async moveSession(
    session: Session,
    from: SessionState,
    to: SessionState,
    entry: { actor: Actor; workstation: string; event: string; reason: string },
  ): Promise<boolean> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('sessions')
        .set({ state: to })
        .where('id', '=', session.id)
        .where('state', '=', from)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await this.ctx.audit.append(trx, { ...entry, outcome: 'allowed', resource: { type: 'session', id: session.id.slice(0, 12) } });
      return true;
    });
  }

  /**
   * Marks the session as used now, which pushes back the idle lock. A session used less than a
   * minute ago is left as stored: the lock then comes at most a minute early, and a call does not
   * pay for a second durable commit of its own.
   */
  async touch(session: Session): Promise<Session> {
    const now = this.ctx.clock.now();
    const last = Date.parse(session.last_activity_at);
    if (now.getTime() >= last && now.getTime() - last < TOUCH_INTERVAL) return session;
    const at = now.toISOString();
    await this.ctx.db.updateTable('sessions').set({ last_activity_at: at }).where('id', '=', session.id).execute();
    return { ...session, last_activity_at: at };
  }

  idleExpiresAt(session: Session): string {
    return new Date(idleDeadline(session)).toISOString();
  }

  async unlock(resolved: ResolvedSession, password: string, { workstation }: Caller): Promise<SessionView> {
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    await this.verifier.confirm(actor, { kind: 'password', password }, PROMPTS.unlock, { workstation }, async (trx) => {
      const at = this.ctx.clock.now().toISOString();
      await trx.updateTable('sessions').set({ state: 'active', last_activity_at: at }).where('id', '=', session.id).execute();
      await this.ctx.audit.append(trx, {
        actor,
        workstation,
        event: PROMPTS.unlock.event,
        outcome: 'allowed',
        resource: { type: 'session', id: session.id.slice(0, 12) },
        reason: 'password re-entered',
      });
    });
    return sessionView(await this.loadResolved(session.id));
  }

  async changePassword(resolved: ResolvedSession, current: string, next: string, { workstation }: Caller): Promise<SessionView> {
    const { db, audit } = this.ctx;
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    await this.verifier.confirm(actor, { kind: 'password', password: current }, PROMPTS.changePassword, { workstation });
    const cred = await db.selectFrom('credentials').selectAll().where('staff_id', '=', principal.id).executeTakeFirstOrThrow();
    const problems = passwordProblems(next);
    const previous = JSON.parse(cred.previous_hashes) as string[];
    if (problems.length === 0 && (await isRecentlyUsed(next, [cred.password_hash, ...previous]))) {
      problems.push(`Choose a password you have not used for your last ${SIGN_IN_RULES.passwordHistory} passwords.`);
    }
    if (problems.length > 0) {
      await audit.append(db, {
        actor,
        workstation,
        event: 'auth.password_change',
        outcome: 'denied',
        resource: { type: 'staff', id: actor.id },
        reason: `new password rejected: ${problems.join(' ')}`,
      });
      throw new AppError('PASSWORD_POLICY', problems.join(' '), { newPassword: problems.join(' ') });
    }
    const hash = await hashPassword(next);
    const at = this.ctx.clock.now().toISOString();
    const history = [cred.password_hash, ...previous].slice(0, SIGN_IN_RULES.passwordHistory - 1);
    // After a forced change, someone who must use a second factor and has none sets one up next.
    const nextState: SessionState =
      session.state === 'must_change' && !resolved.secondFactor && (await this.secondFactors.requirement(principal.id)).required
        ? 'must_enrol'
        : 'active';
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('credentials')
        .set({ password_hash: hash, previous_hashes: JSON.stringify(history), must_change: 0, changed_at: at, failed_count: 0 })
        .where('staff_id', '=', principal.id)
        .execute();
      await trx.updateTable('sessions').set({ state: nextState, last_activity_at: at }).where('id', '=', session.id).execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'auth.password_change',
        outcome: 'allowed',
        resource: { type: 'staff', id: actor.id },
        reason: session.state === 'must_change' ? 'required change on first sign-in or after a reset' : 'changed by the account holder',
      });
    });
    return sessionView(await this.loadResolved(session.id));
  }

  async signOut(resolved: ResolvedSession, { workstation }: Caller): Promise<{ signedOut: true }> {
    const { principal, session } = resolved;
    await endSession(this.ctx, session.id, actorOf(principal), workstation, 'signed out');
    return { signedOut: true };
  }

  /** A prompt in this session met a lockout: the session ends, and the window must sign in again. */
  async endAfterLockout(resolved: ResolvedSession, { workstation }: Caller): Promise<void> {
    await endSession(this.ctx, resolved.session.id, actorOf(resolved.principal), workstation, 'account locked');
  }
}
