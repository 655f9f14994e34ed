/**
 * The second factor (PCI DSS 8.4, 8.5; NIST IA-2(1), IA-2(2)): who must use one, enrolment by QR
 * code or typed key confirmed by a first code, one-time recovery codes shown once, step-up before
 * sensitive actions, and the reset an administrator asks for. Every code is checked by the one
 * verification path, so wrong codes count toward the same lockout as wrong passwords.
 * Secrets are sealed with the mfa-secrets purpose key; no secret or code is ever audited or logged.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { CodeAnswer, EnrolmentStart, SecondFactorStatus, SessionView } from '../../contract/auth.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';
import type { Actor } from '../audit/auditLog.js';
import type { Caller } from '../caller.js';
import { DAY, MINUTE } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { KeyService } from '../keys/keyService.js';
import { numberSetting } from '../settings.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { qrSvgDataUrl } from './qrCode.js';
import { secondFactorRequirement, type SecondFactorRequirement } from './secondFactorRules.js';
import { loadResolvedSession, sessionView, type ResolvedSession } from './sessionView.js';
import { newTotpSecret, totpIssuer, totpUri, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.js';
import { hasActiveFactor, loadFactor, newRecoveryCodeSet, recoveryCodesLeft, storeRecoveryCodes, totpSealContext } from './totpFactors.js';
import { PROMPTS, type Verifier } from './verification.js';
import { keptAccess } from './accessCache.js';

/** A secret shown but not confirmed is shown again for this long (a reload, a second try), then replaced. */
const PENDING_SECRET_DAYS = 1;

const ALREADY_ENROLLED = 'An authenticator app is already set up for you. To replace it, ask an administrator to reset your second factor.';
const NOT_ENROLLED = 'You have no authenticator app set up yet. Set one up under My account first.';

export class SecondFactorService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly verifier: Verifier,
    private readonly keys: KeyService,
  ) {}

  /** Whether this person must use a second factor, and why (in the caller's transaction when given). */
  async requirement(staffId: number, db: Kysely<Database> = this.ctx.db): Promise<SecondFactorRequirement> {
    const rows = await db.selectFrom('staff_roles').select('role_key').where('staff_id', '=', staffId).execute();
    const roles = rows.map((r) => r.role_key).filter((k): k is RoleKey => (ROLE_KEYS as readonly string[]).includes(k));
    return secondFactorRequirement(roles, (await numberSetting(db, 'mfa.requiredForAll')) === 1);
  }

  async status(principal: Principal): Promise<SecondFactorStatus> {
    const { db } = this.ctx;
    const factor = await loadFactor(db, principal.id);
    const requirement = await this.requirement(principal.id);
    const enrolled = factor?.status === 'active';
    return {
      enrolled,
      required: requirement.required,
      requiredBecause: requirement.because,
      enrolledAt: enrolled ? factor.confirmed_at : null,
      lastUsedAt: enrolled ? factor.last_used_at : null,
      recoveryCodesLeft: enrolled ? await recoveryCodesLeft(db, principal.id) : 0,
      stepUpMinutes: await numberSetting(db, 'mfa.stepUpMinutes'),
    };
  }

  /**
   * A new secret for the person's authenticator app, as a QR code and a key to type. Until it is
   * confirmed the same secret is shown again (a reload must not invalidate what the app just scanned).
   */
  async beginEnrolment({ principal, secondFactor }: ResolvedSession, { workstation }: Caller): Promise<EnrolmentStart> {
    if (secondFactor) throw new AppError('CONFLICT', ALREADY_ENROLLED);
    const { db, audit, clock } = this.ctx;
    const keys = await this.keys.ring();
    if (!keys.available) {
      throw new AppError(
        'UNAVAILABLE',
        `An authenticator app cannot be set up on this workstation: ${keys.unavailableReason ?? 'no master key is held'}. Set it up at a workstation that holds the key.`,
      );
    }
    const now = clock.now();
    const context = totpSealContext(principal.id);
    const secret = await db.transaction().execute(async (trx) => {
      const pending = await loadFactor(trx, principal.id);
      const fresh = pending?.status === 'pending' && now.getTime() - new Date(pending.created_at).getTime() < PENDING_SECRET_DAYS * DAY;
      if (pending?.status === 'active') throw new AppError('CONFLICT', ALREADY_ENROLLED);
      const plain = fresh ? keys.openText('mfa-secrets', pending.secret_sealed, context) : newTotpSecret();
      if (!fresh) {
        const row = {
          secret_sealed: keys.seal('mfa-secrets', plain, context),
          status: 'pending' as const,
          last_used_step: null,
          recovery_salt: null,
          created_at: now.toISOString(),
          confirmed_at: null,
          last_used_at: null,
        };
        if (pending) await trx.updateTable('totp_factors').set(row).where('staff_id', '=', principal.id).execute();
        else
          await trx
            .insertInto('totp_factors')
            .values({ staff_id: principal.id, ...row })
            .execute();
      }
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'auth.mfa_enrolment',
        outcome: 'allowed',
        resource: { type: 'staff', id: principal.id },
        reason: fresh ? 'enrolment continued: the same authenticator key shown again' : 'enrolment started: a new authenticator key shown',
      });
      return plain;
    });
    const issuer = totpIssuer();
    return {
      issuer,
      account: principal.username,
      qrCode: await qrSvgDataUrl(totpUri({ issuer, account: principal.username, secret })),
      manualKey: secret.match(/.{1,4}/g)!.join(' '),
      digits: TOTP_DIGITS,
      periodSeconds: TOTP_PERIOD_SECONDS,
    };
  }

  /**
   * The first code from the app confirms the enrolment: the factor becomes active, the recovery
   * codes are issued (returned this once, stored hashed), and a session that had to enrol goes on.
   */
  async confirmEnrolment(
    { session, principal, secondFactor }: ResolvedSession,
    code: string,
    { workstation }: Caller,
  ): Promise<{ recoveryCodes: string[]; session: SessionView }> {
    if (secondFactor) throw new AppError('CONFLICT', ALREADY_ENROLLED);
    const set = await newRecoveryCodeSet();
    await this.verifier.confirm(actorOf(principal), { kind: 'enrolment', code }, PROMPTS.enrolment, { workstation }, async (trx) => {
      const at = this.ctx.clock.now().toISOString();
      await trx.updateTable('totp_factors').set({ status: 'active', confirmed_at: at }).where('staff_id', '=', principal.id).execute();
      await storeRecoveryCodes(trx, principal.id, set, at);
      await trx
        .updateTable('sessions')
        .set({ state: session.state === 'must_enrol' ? 'active' : session.state, stepped_up_at: at, last_activity_at: at })
        .where('id', '=', session.id)
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'auth.mfa_enrolment',
        outcome: 'allowed',
        resource: { type: 'staff', id: principal.id },
        reason: `authenticator app confirmed with its first code; ${set.codes.length} recovery codes issued`,
      });
    });
    const resolved = await loadResolvedSession(this.ctx.db, session.id);
    if (!resolved) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.');
    return { recoveryCodes: set.codes, session: sessionView(resolved) };
  }

  /** A new set of recovery codes; every earlier code stops working. */
  async regenerateRecoveryCodes(principal: Principal, { workstation }: Caller): Promise<{ recoveryCodes: string[] }> {
    const { db, audit } = this.ctx;
    if (!(await hasActiveFactor(db, principal.id))) throw new AppError('CONFLICT', NOT_ENROLLED);
    const set = await newRecoveryCodeSet();
    await db.transaction().execute(async (trx) => {
      await storeRecoveryCodes(trx, principal.id, set, this.ctx.clock.now().toISOString());
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'auth.recovery_codes',
        outcome: 'allowed',
        resource: { type: 'staff', id: principal.id },
        reason: `recovery codes replaced: ${set.codes.length} new codes issued, the earlier ones no longer work`,
      });
    });
    return { recoveryCodes: set.codes };
  }

  /** A code given again before a sensitive action; it covers the next `mfa.stepUpMinutes`. */
  async stepUp(
    { session, principal, secondFactor }: ResolvedSession,
    answer: CodeAnswer,
    { workstation }: Caller,
  ): Promise<{ steppedUpAt: string; validMinutes: number }> {
    if (!secondFactor) throw new AppError('CONFLICT', NOT_ENROLLED);
    const at = this.ctx.clock.now().toISOString();
    await this.verifier.confirm(actorOf(principal), answer, PROMPTS.stepUp, { workstation }, async (trx, verified) => {
      await trx.updateTable('sessions').set({ stepped_up_at: at }).where('id', '=', session.id).execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'auth.step_up',
        outcome: 'allowed',
        resource: { type: 'session', id: session.id.slice(0, 12) },
        reason: verified.method === 'recovery' ? `recovery code used (${verified.left} left)` : 'code from the authenticator app accepted',
      });
    });
    return { steppedUpAt: at, validMinutes: await numberSetting(this.ctx.db, 'mfa.stepUpMinutes') };
  }

  /** Whether a sensitive action must ask for a code first: the person has a factor and gave no code recently. */
  async stepUpDue({ session, principal, secondFactor }: ResolvedSession): Promise<boolean> {
    if (!secondFactor) return false;
    if (!session.stepped_up_at) return true;
    const minutes = await keptAccess(principal, 'stepUpMinutes', () => numberSetting(this.ctx.db, 'mfa.stepUpMinutes'));
    return this.ctx.clock.now().getTime() - new Date(session.stepped_up_at).getTime() >= minutes * MINUTE;
  }

  /**
   * Removes a person's authenticator and recovery codes (an administrator's reset): they set up a new
   * one at their next sign-in, or at once when their roles require one. Authorization (and separation
   * of duties) is the caller's; this audits the reset with its reason. Joins the caller's transaction.
   */
  async reset(
    by: Actor,
    staffId: number,
    reason: string,
    workstation: string,
    db: Kysely<Database> = this.ctx.db,
  ): Promise<{ hadFactor: boolean }> {
    if (!db.isTransaction) return db.transaction().execute((trx) => this.reset(by, staffId, reason, workstation, trx));
    await db.deleteFrom('recovery_codes').where('staff_id', '=', staffId).execute();
    const removed = await db.deleteFrom('totp_factors').where('staff_id', '=', staffId).executeTakeFirst();
    const hadFactor = Number(removed.numDeletedRows) > 0;
    await this.ctx.audit.append(db, {
      actor: by,
      workstation,
      event: 'auth.mfa_reset',
      outcome: 'allowed',
      resource: { type: 'staff', id: staffId },
      reason: `second factor reset${hadFactor ? '' : ' (none was set up)'}: ${reason}`,
    });
    return { hadFactor };
  }
}
