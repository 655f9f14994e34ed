/**
 * THE one way a password or a code is checked (PCI DSS 8.3.4), at every prompt: sign-in, the code
 * after the password, unlock, change-password, break-glass, step-up, enrolment and any
 * administrator action that asks again. Whatever the prompt:
 * - a wrong answer counts toward the same limit, and the limit locks the account for every prompt;
 * - a locked account is refused with the same words everywhere, even given the right answer;
 * - the check and the count are one step per account: attempts on one account take turns (an
 *   in-process queue, and on PostgreSQL an advisory lock held by the transaction), so a burst of
 *   attempts cannot slip past the limit, from one workstation or several;
 * - a known or unknown username, locked or not, costs the same scrypt work, and every attempt is audited.
 * A session whose prompt meets a lockout ends (the router does that for every channel).
 * Refusals are audited here; the caller audits what a success lets the person do, in `onSuccess`,
 * which runs in the same transaction as the check (so a code is spent exactly when it lets someone in).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lockRowForTransaction } from '../../../db/locks.js';
import type { Database } from '../../../db/schema.js';
import type { Actor } from '../audit/auditLog.js';
import { MINUTE } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDateTime } from '../format.js';
import { KeyedMutex } from '../keyedMutex.js';
import type { KeyRing } from '../keys/keyRing.js';
import type { KeyService } from '../keys/keyService.js';
import { decoyHash, verifyPassword } from './passwordHash.js';
import { SIGN_IN_RULES } from './signInRules.js';
import { checkRecoveryCode, checkTotp, hasActiveFactor, loadFactor, type AcceptedCode } from './totpFactors.js';

/** A place that asks for a password or a code: the audit event it writes and what a wrong answer is told. */
export interface Prompt {
  event: string;
  wrong: string;
  /** The form field a wrong answer belongs to. */
  field?: string;
}

export const WRONG_CREDENTIALS = `The username or password is not correct. After ${SIGN_IN_RULES.maxFailedAttempts} failed attempts the account is locked for ${SIGN_IN_RULES.lockoutMinutes} minutes.`;
const WRONG_CODE = 'That code is not correct. Enter the code your authenticator app shows now; each code works once.';

export const PROMPTS = {
  signIn: { event: 'auth.sign_in', wrong: WRONG_CREDENTIALS },
  signInCode: { event: 'auth.second_factor', wrong: WRONG_CODE, field: 'code' },
  unlock: { event: 'session.unlock', wrong: 'That password is not correct.', field: 'password' },
  changePassword: { event: 'auth.password_change', wrong: 'Your current password is not correct.', field: 'currentPassword' },
  breakGlass: {
    event: 'record.break_glass',
    wrong: 'That password is not correct. Break-glass needs your own password.',
    field: 'password',
  },
  stepUp: { event: 'auth.step_up', wrong: WRONG_CODE, field: 'code' },
  enrolment: {
    event: 'auth.mfa_enrolment',
    wrong: 'That code is not correct. Check that the time on your phone is right, and enter the code the app shows now.',
    field: 'code',
  },
} as const satisfies Record<string, Prompt>;

/** Why a code from the app cannot be checked here, and what to do instead. */
export function codesUnavailableMessage(why: string): string {
  return `Codes from an authenticator app cannot be checked on this workstation: ${why}. Use one of your recovery codes, or sign in at a workstation that holds the key.`;
}

/** The words of a lockout, the same at every prompt. */
export function lockedMessage(lockedUntil: string): string {
  return `This account is locked until ${formatDateTime(lockedUntil)} after too many failed attempts to sign in or confirm who you are. You can sign in again after that time.`;
}

export type Answer =
  | { kind: 'password'; password: string }
  /** A code from the person's authenticator app. */
  | { kind: 'totp'; code: string }
  /** One of the person's one-time recovery codes. */
  | { kind: 'recovery'; code: string }
  /** The first code from an authenticator being set up (confirms the enrolment). */
  | { kind: 'enrolment'; code: string };

export type Verified = { method: 'password' } | AcceptedCode;

export interface Attempt {
  workstation: string;
  /** What a refusal's audit entry names (default: the account). */
  resource?: { type: string; id: string | number } | undefined;
}

/** Whether an answer matched, and for a code what accepting it writes. */
type AnswerCheck = { matched: true; accept?: (trx: Kysely<Database>) => Promise<AcceptedCode> } | { matched: false; why: string };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

const WHY_PASSWORD = 'wrong password';

export class Verifier {
  private readonly turns = new KeyedMutex();

  constructor(
    private readonly ctx: ServiceContext,
    /** The workstation's keys, which open authenticator secrets. */
    private readonly keys: KeyService,
  ) {
    // Made now, so the first unknown username does not take a hash longer than every other attempt.
    void decoyHash();
  }

  /**
   * The password at sign-in. An unknown username gets the same work, the same answers and its own
   * lockout, so usernames cannot be probed. `onSuccess` gets the account and runs in the check's transaction.
   */
  async signIn<T>(
    usernameInput: string,
    password: string,
    workstation: string,
    onSuccess: (trx: Kysely<Database>, account: Actor) => Promise<T>,
  ): Promise<T> {
    const username = usernameInput.trim().toLowerCase();
    const account = await this.ctx.db.selectFrom('staff').select(['id', 'username']).where('username', '=', username).executeTakeFirst();
    if (!account) return this.unknownUsername(username, password, workstation);
    const actor = { id: Number(account.id), username: account.username };
    return this.confirm(actor, { kind: 'password', password }, PROMPTS.signIn, { workstation }, (trx) => onSuccess(trx, actor));
  }

  /** A password or code asked of a known person (in a session, or at sign-in after the username). */
  async confirm<T = void>(
    actor: Actor,
    answer: Answer,
    prompt: Prompt,
    attempt: Attempt,
    onSuccess?: (trx: Kysely<Database>, verified: Verified) => Promise<T>,
  ): Promise<T> {
    const { db, dialect, audit } = this.ctx;
    const resource = attempt.resource ?? { type: 'staff', id: actor.id };
    // Before the transaction: the ring reads the key versions through its own connection.
    const ring = answer.kind === 'totp' || answer.kind === 'enrolment' ? await this.keys.ring() : null;
    if (ring && !ring.available) {
      // Not the person's mistake, so not counted; recovery codes are hashes and still work here.
      const why = ring.unavailableReason ?? 'no master key is held';
      await audit.append(db, {
        actor,
        workstation: attempt.workstation,
        event: prompt.event,
        outcome: 'denied',
        resource,
        reason: `authenticator codes cannot be checked on this workstation: ${why}`,
      });
      throw new AppError('UNAVAILABLE', codesUnavailableMessage(why));
    }
    const outcome = await this.turns.run(`staff:${actor.id}`, () =>
      db.transaction().execute(async (trx): Promise<Outcome<T>> => {
        await lockRowForTransaction(trx, dialect, 'account', actor.id);
        const cred = await trx
          .selectFrom('credentials')
          .select(['password_hash', 'failed_count', 'locked_until'])
          .where('staff_id', '=', actor.id)
          .executeTakeFirstOrThrow();
        const now = this.ctx.clock.now();
        // Checked even when locked: the answer's work is the same whatever the state of the account.
        const check = await this.check(trx, actor.id, cred.password_hash, answer, now, ring);
        const entry = { actor, workstation: attempt.workstation, event: prompt.event, outcome: 'denied' as const, resource };

        if (cred.locked_until && new Date(cred.locked_until) > now) {
          await audit.append(trx, {
            ...entry,
            reason: `account locked until ${formatDateTime(cred.locked_until)}`,
            details: { answer: answer.kind },
          });
          return { ok: false, error: new AppError('LOCKED_OUT', lockedMessage(cred.locked_until)) };
        }
        if (!check.matched) {
          const failure = await this.countFailure(trx, actor.id, now);
          await audit.append(trx, {
            ...entry,
            reason: `${check.why} (failed attempt ${failure.failed} of ${SIGN_IN_RULES.maxFailedAttempts})`,
            details: { answer: answer.kind },
          });
          if (failure.lockedUntil) {
            await this.auditLockout(trx, actor, { type: 'staff', id: actor.id }, attempt.workstation, failure.lockedUntil);
            return { ok: false, error: new AppError('LOCKED_OUT', lockedMessage(failure.lockedUntil)) };
          }
          return {
            ok: false,
            error: new AppError('INVALID_CREDENTIALS', prompt.wrong, prompt.field ? { [prompt.field]: prompt.wrong } : undefined),
          };
        }
        const verified: Verified = check.accept ? await check.accept(trx) : { method: 'password' };
        // A right password clears the count only for someone without an authenticator: otherwise the
        // code is still to come, and someone who knows the password could clear the count between guesses.
        const complete = verified.method !== 'password' || !(await hasActiveFactor(trx, actor.id));
        if (complete && (Number(cred.failed_count) !== 0 || cred.locked_until !== null)) {
          await trx.updateTable('credentials').set({ failed_count: 0, locked_until: null }).where('staff_id', '=', actor.id).execute();
        }
        return { ok: true, value: onSuccess ? await onSuccess(trx, verified) : (undefined as T) };
      }),
    );
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  private async check(
    trx: Kysely<Database>,
    staffId: number,
    passwordHash: string,
    answer: Answer,
    now: Date,
    ring: KeyRing | null,
  ): Promise<AnswerCheck> {
    if (answer.kind === 'password') {
      return (await verifyPassword(answer.password, passwordHash)) ? { matched: true } : { matched: false, why: WHY_PASSWORD };
    }
    const factor = await loadFactor(trx, staffId);
    if (answer.kind === 'recovery') return checkRecoveryCode(trx, factor, answer.code, now);
    if (!ring) throw new Error('a code from the app needs the key ring');
    return checkTotp(ring, factor, answer.code, now, answer.kind === 'enrolment' ? 'pending' : 'active');
  }

  /** Adds a failed attempt and locks the account when it reaches the limit. */
  private async countFailure(trx: Kysely<Database>, staffId: number, now: Date): Promise<{ failed: number; lockedUntil: string | null }> {
    const updated = await trx
      .updateTable('credentials')
      .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
      .where('staff_id', '=', staffId)
      .returning('failed_count')
      .executeTakeFirstOrThrow();
    const failed = Number(updated.failed_count);
    if (failed < SIGN_IN_RULES.maxFailedAttempts) return { failed, lockedUntil: null };
    const lockedUntil = new Date(now.getTime() + SIGN_IN_RULES.lockoutMinutes * MINUTE).toISOString();
    await trx.updateTable('credentials').set({ locked_until: lockedUntil, failed_count: 0 }).where('staff_id', '=', staffId).execute();
    return { failed, lockedUntil };
  }

  private async auditLockout(
    trx: Kysely<Database>,
    actor: Actor | null,
    resource: { type: string; id: string | number },
    workstation: string,
    lockedUntil: string,
  ): Promise<void> {
    await this.ctx.audit.append(trx, {
      actor,
      workstation,
      event: 'auth.lockout',
      outcome: 'denied',
      resource,
      reason: `${SIGN_IN_RULES.maxFailedAttempts} failed attempts: locked until ${formatDateTime(lockedUntil)} (PCI DSS 8.3.4)`,
    });
  }

  /** Same work, answers, lockout and audit for a name that matches no account. */
  private async unknownUsername(username: string, password: string, workstation: string): Promise<never> {
    const { db, dialect, audit } = this.ctx;
    const resource = { type: 'username', id: username };
    const outcome = await this.turns.run(`username:${username}`, () =>
      db.transaction().execute(async (trx): Promise<AppError> => {
        await lockRowForTransaction(trx, dialect, 'unknownUsername', nameLockId(username));
        const row = await trx.selectFrom('unknown_sign_ins').selectAll().where('username', '=', username).executeTakeFirst();
        await verifyPassword(password, await decoyHash());
        const now = this.ctx.clock.now();
        const entry = { actor: null, workstation, event: PROMPTS.signIn.event, outcome: 'denied' as const, resource };

        if (row?.locked_until && new Date(row.locked_until) > now) {
          await audit.append(trx, {
            ...entry,
            reason: `no account has this username; locked until ${formatDateTime(row.locked_until)}`,
            details: { answer: 'password' },
          });
          return new AppError('LOCKED_OUT', lockedMessage(row.locked_until));
        }
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
          ...entry,
          reason: `no account has this username (failed attempt ${failed} of ${SIGN_IN_RULES.maxFailedAttempts})`,
          details: { answer: 'password', attempt: failed },
        });
        if (lockedUntil) {
          await this.auditLockout(trx, null, resource, workstation, lockedUntil);
          return new AppError('LOCKED_OUT', lockedMessage(lockedUntil));
        }
        return new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
      }),
    );
    throw outcome;
  }
}

/** A 32-bit number naming a username for the advisory lock (collisions only make two names take turns). */
function nameLockId(username: string): number {
  return createHash('sha256').update(username).digest().readInt32BE(0);
}
