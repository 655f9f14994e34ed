/**
 * Sign-in, lockout, idle lock, unlock, password change and sign-out. Sessions and counters
 * live in the database, so they are correct across workstations that share one server.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Session } from '../../../db/schema.js';
import type { SessionView } from '../../contract/auth.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { MINUTE } from '../clock.js';
import { formatDateTime } from '../format.js';
import { actorOf, loadPrincipal, type Principal } from '../staff/principal.js';
import { decoyHash, hashPassword, verifyPassword } from './passwordHash.js';
import { isRecentlyUsed, passwordProblems } from './passwordPolicy.js';
import { SIGN_IN_RULES } from './signInRules.js';
import type { TrainingService } from '../training/trainingService.js';

export interface ResolvedSession {
  session: Session;
  principal: Principal;
}

const WRONG_CREDENTIALS = `The username or password is not correct. After ${SIGN_IN_RULES.maxFailedAttempts} failed attempts the account is locked for ${SIGN_IN_RULES.lockoutMinutes} minutes.`;

function lockedMessage(lockedUntil: string): string {
  return `This account is locked until ${formatDateTime(lockedUntil)} after too many failed sign-in attempts. You can sign in again after that time.`;
}

export class AuthService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
  ) {}

  /**
   * Signs a window in: ends the session it held, checks the password, and shows a desktop
   * notification when the person's training is overdue or expired.
   */
  async signIn(
    previous: ResolvedSession | null,
    username: string,
    password: string,
    caller: Caller,
  ): Promise<{ sessionId: string; view: SessionView }> {
    if (previous) await this.signOut(previous, caller);
    const resolved = await this.authenticate(username, password, caller.workstation);
    await this.remindOfLateTraining(resolved.principal, caller);
    return { sessionId: resolved.session.id, view: this.view(resolved) };
  }

  private async remindOfLateTraining(principal: Principal, caller: Caller): Promise<void> {
    const late = (await this.training.curriculum(principal)).filter((e) => e.status === 'overdue' || e.status === 'expired');
    if (late.length === 0) return;
    const titles = late.map((e) => `${e.number}. ${e.title}`).join('; ');
    this.ctx.desktop.notify(caller.senderKey, late.length === 1 ? 'Training overdue' : `${late.length} training modules overdue`, titles);
  }

  /** The session as the renderer sees it: state, idle deadline and the person (no ids, no secrets). */
  view({ session, principal }: ResolvedSession): SessionView {
    if (session.state === 'ended') throw new Error('an ended session has no view');
    return {
      state: session.state,
      idleMinutes: SIGN_IN_RULES.idleMinutes,
      idleExpiresAt: this.idleExpiresAt(session),
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

  current(resolved: ResolvedSession | null): SessionView | null {
    return resolved ? this.view(resolved) : null;
  }

  activity(resolved: ResolvedSession): { idleExpiresAt: string } {
    return { idleExpiresAt: this.idleExpiresAt(resolved.session) };
  }

  private now(): Date {
    return this.ctx.clock.now();
  }

  private idleDeadline(session: Session): number {
    return new Date(session.last_activity_at).getTime() + SIGN_IN_RULES.idleMinutes * MINUTE;
  }

  /** Adds a failed attempt and locks the account when it reaches the limit. */
  private async recordFailure(trx: Kysely<Database>, staffId: number): Promise<{ failed: number; lockedUntil: string | null }> {
    const updated = await trx
      .updateTable('credentials')
      .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
      .where('staff_id', '=', staffId)
      .returning('failed_count')
      .executeTakeFirstOrThrow();
    const failed = Number(updated.failed_count);
    if (failed < SIGN_IN_RULES.maxFailedAttempts) return { failed, lockedUntil: null };
    const lockedUntil = new Date(this.now().getTime() + SIGN_IN_RULES.lockoutMinutes * MINUTE).toISOString();
    await trx.updateTable('credentials').set({ locked_until: lockedUntil, failed_count: 0 }).where('staff_id', '=', staffId).execute();
    return { failed, lockedUntil };
  }

  private async authenticate(usernameInput: string, password: string, workstation: string): Promise<ResolvedSession> {
    const username = usernameInput.trim().toLowerCase();
    const { db, audit } = this.ctx;
    const now = this.now();
    const account = await db
      .selectFrom('staff')
      .innerJoin('credentials', 'credentials.staff_id', 'staff.id')
      .select([
        'staff.id',
        'staff.username',
        'staff.status',
        'credentials.password_hash',
        'credentials.locked_until',
        'credentials.must_change',
      ])
      .where('staff.username', '=', username)
      .executeTakeFirst();

    if (!account) return this.unknownUsername(username, password, workstation);

    const actor = { id: Number(account.id), username: account.username };
    if (account.locked_until && new Date(account.locked_until) > now) {
      await audit.append(db, {
        actor,
        workstation,
        event: 'auth.sign_in',
        outcome: 'denied',
        resource: { type: 'staff', id: actor.id },
        reason: `account locked until ${formatDateTime(account.locked_until)}`,
      });
      throw new AppError('LOCKED_OUT', lockedMessage(account.locked_until));
    }

    if (!(await verifyPassword(password, account.password_hash))) {
      const result = await db.transaction().execute(async (trx) => {
        const r = await this.recordFailure(trx, actor.id);
        await audit.append(trx, {
          actor,
          workstation,
          event: 'auth.sign_in',
          outcome: 'denied',
          resource: { type: 'staff', id: actor.id },
          reason: `wrong password (failed attempt ${r.failed} of ${SIGN_IN_RULES.maxFailedAttempts})`,
        });
        if (r.lockedUntil) {
          await audit.append(trx, {
            actor,
            workstation,
            event: 'auth.lockout',
            outcome: 'denied',
            resource: { type: 'staff', id: actor.id },
            reason: `${SIGN_IN_RULES.maxFailedAttempts} failed attempts: locked until ${formatDateTime(r.lockedUntil)} (PCI DSS 8.3.4)`,
          });
        }
        return r;
      });
      if (result.lockedUntil) throw new AppError('LOCKED_OUT', lockedMessage(result.lockedUntil));
      throw new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
    }

    if (account.status !== 'active') {
      await audit.append(db, {
        actor,
        workstation,
        event: 'auth.sign_in',
        outcome: 'denied',
        resource: { type: 'staff', id: actor.id },
        reason: 'account disabled',
      });
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled. Ask your administrator if you need access again.');
    }

    const sessionId = randomBytes(32).toString('hex');
    const state = account.must_change ? 'must_change' : 'active';
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('credentials').set({ failed_count: 0, locked_until: null }).where('staff_id', '=', actor.id).execute();
      await trx.updateTable('staff').set({ last_sign_in_at: now.toISOString() }).where('id', '=', actor.id).execute();
      await trx
        .insertInto('sessions')
        .values({
          id: sessionId,
          staff_id: actor.id,
          workstation,
          state,
          created_at: now.toISOString(),
          last_activity_at: now.toISOString(),
          ended_at: null,
          end_reason: null,
        })
        .execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'auth.sign_in',
        outcome: 'allowed',
        resource: { type: 'staff', id: actor.id },
        reason: state === 'must_change' ? 'password correct; a password change is required before anything else' : 'password correct',
      });
    });
    return this.loadResolved(sessionId);
  }

  /** Same answers and the same lockout for a name that matches no account, so names cannot be probed. */
  private async unknownUsername(username: string, password: string, workstation: string): Promise<never> {
    const { db, audit } = this.ctx;
    await verifyPassword(password, await decoyHash());
    const now = this.now();
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('unknown_sign_ins').selectAll().where('username', '=', username).executeTakeFirst();
      if (row?.locked_until && new Date(row.locked_until) > now) return { lockedUntil: row.locked_until, fresh: false };
      const failed = (row && !row.locked_until ? Number(row.failed_count) : 0) + 1;
      const lockedUntil =
        failed >= SIGN_IN_RULES.maxFailedAttempts ? new Date(now.getTime() + SIGN_IN_RULES.lockoutMinutes * MINUTE).toISOString() : null;
      const values = { failed_count: lockedUntil ? 0 : failed, locked_until: lockedUntil };
      if (row) await trx.updateTable('unknown_sign_ins').set(values).where('username', '=', username).execute();
      else
        await trx
          .insertInto('unknown_sign_ins')
          .values({ username, ...values })
          .execute();
      await audit.append(trx, {
        actor: null,
        workstation,
        event: 'auth.sign_in',
        outcome: 'denied',
        resource: { type: 'username', id: username },
        reason: 'no account has this username',
        details: { attempt: failed },
      });
      return { lockedUntil, fresh: true };
    });
    if (outcome.lockedUntil) throw new AppError('LOCKED_OUT', lockedMessage(outcome.lockedUntil));
    throw new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
  }

  private async loadResolved(sessionId: string): Promise<ResolvedSession> {
    const session = await this.ctx.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    const principal = await loadPrincipal(this.ctx.db, Number(session.staff_id));
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Your account could not be found. Sign in again.');
    return { session, principal };
  }

  /**
   * Finds the live session behind a caller. Ends it when the account was disabled, and locks it
   * when it has been idle too long (main enforces the idle rule, not just the screen).
   */
  async resolve(sessionId: string, workstation: string): Promise<ResolvedSession | null> {
    const { db, audit } = this.ctx;
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    if (!session || session.state === 'ended') return null;
    const principal = await loadPrincipal(db, Number(session.staff_id));
    if (!principal) return null;
    const actor = actorOf(principal);
    if (principal.status !== 'active') {
      await this.end(session, actor, workstation, 'account disabled');
      return null;
    }
    if (session.state !== 'locked' && this.now().getTime() >= this.idleDeadline(session)) {
      const locked = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('sessions')
          .set({ state: 'locked' })
          .where('id', '=', sessionId)
          .where('state', '!=', 'locked')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await audit.append(trx, {
          actor,
          workstation,
          event: 'session.idle_lock',
          outcome: 'allowed',
          resource: { type: 'session', id: sessionId.slice(0, 12) },
          reason: `no activity for ${SIGN_IN_RULES.idleMinutes} minutes (PCI DSS 8.2.8)`,
        });
        return true;
      });
      if (locked) return { session: { ...session, state: 'locked' }, principal };
    }
    return { session, principal };
  }

  /** Marks the session as used now, which pushes back the idle lock. */
  async touch(session: Session): Promise<Session> {
    const at = this.now().toISOString();
    await this.ctx.db.updateTable('sessions').set({ last_activity_at: at }).where('id', '=', session.id).execute();
    return { ...session, last_activity_at: at };
  }

  idleExpiresAt(session: Session): string {
    return new Date(this.idleDeadline(session)).toISOString();
  }

  async unlock(resolved: ResolvedSession, password: string, { workstation }: Caller): Promise<SessionView> {
    const { db, audit } = this.ctx;
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    const cred = await db.selectFrom('credentials').selectAll().where('staff_id', '=', principal.id).executeTakeFirstOrThrow();
    if (cred.locked_until && new Date(cred.locked_until) > this.now()) {
      await this.end(session, actor, workstation, 'account locked');
      throw new AppError('LOCKED_OUT', lockedMessage(cred.locked_until));
    }
    if (!(await verifyPassword(password, cred.password_hash))) {
      const r = await db.transaction().execute(async (trx) => {
        const failure = await this.recordFailure(trx, principal.id);
        await audit.append(trx, {
          actor,
          workstation,
          event: 'session.unlock',
          outcome: 'denied',
          resource: { type: 'staff', id: actor.id },
          reason: `wrong password (failed attempt ${failure.failed} of ${SIGN_IN_RULES.maxFailedAttempts})`,
        });
        return failure;
      });
      if (r.lockedUntil) {
        await this.end(session, actor, workstation, 'account locked');
        throw new AppError('LOCKED_OUT', lockedMessage(r.lockedUntil));
      }
      throw new AppError('INVALID_CREDENTIALS', 'That password is not correct.');
    }
    const at = this.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('credentials').set({ failed_count: 0 }).where('staff_id', '=', principal.id).execute();
      await trx.updateTable('sessions').set({ state: 'active', last_activity_at: at }).where('id', '=', session.id).execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'session.unlock',
        outcome: 'allowed',
        resource: { type: 'session', id: session.id.slice(0, 12) },
        reason: 'password re-entered',
      });
    });
    return this.view(await this.loadResolved(session.id));
  }

  async changePassword(resolved: ResolvedSession, current: string, next: string, { workstation }: Caller): Promise<SessionView> {
    const { db, audit } = this.ctx;
    const { session, principal } = resolved;
    const actor = actorOf(principal);
    const cred = await db.selectFrom('credentials').selectAll().where('staff_id', '=', principal.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, cred.password_hash))) {
      await audit.append(db, {
        actor,
        workstation,
        event: 'auth.password_change',
        outcome: 'denied',
        resource: { type: 'staff', id: actor.id },
        reason: 'current password not correct',
      });
      throw new AppError('INVALID_CREDENTIALS', 'Your current password is not correct.', {
        currentPassword: 'Your current password is not correct.',
      });
    }
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
    const at = this.now().toISOString();
    const history = [cred.password_hash, ...previous].slice(0, SIGN_IN_RULES.passwordHistory - 1);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('credentials')
        .set({ password_hash: hash, previous_hashes: JSON.stringify(history), must_change: 0, changed_at: at, failed_count: 0 })
        .where('staff_id', '=', principal.id)
        .execute();
      await trx.updateTable('sessions').set({ state: 'active', last_activity_at: at }).where('id', '=', session.id).execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'auth.password_change',
        outcome: 'allowed',
        resource: { type: 'staff', id: actor.id },
        reason: session.state === 'must_change' ? 'required change on first sign-in or after a reset' : 'changed by the account holder',
      });
    });
    return this.view(await this.loadResolved(session.id));
  }

  async signOut(resolved: ResolvedSession, { workstation }: Caller): Promise<{ signedOut: true }> {
    const { principal, session } = resolved;
    await this.end(session, actorOf(principal), workstation, 'signed out');
    return { signedOut: true };
  }

  private async end(session: Session, actor: { id: number; username: string }, workstation: string, reason: string): Promise<void> {
    const { db, audit } = this.ctx;
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('sessions')
        .set({ state: 'ended', ended_at: this.now().toISOString(), end_reason: reason })
        .where('id', '=', session.id)
        .where('state', '!=', 'ended')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
      await audit.append(trx, {
        actor,
        workstation,
        event: 'auth.sign_out',
        outcome: 'allowed',
        resource: { type: 'session', id: session.id.slice(0, 12) },
        reason,
      });
    });
  }
}
