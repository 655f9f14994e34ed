/**
 * The stored second factor: a person's TOTP authenticator (secret sealed with the mfa-secrets
 * purpose key) and their one-time recovery codes (scrypt hashes). Checks here only say whether a
 * code matches and what to write when it is accepted; counting failures and the lockout belong to
 * the one verification path (verification.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { KeyRing } from '../keys/keyRing.js';
import { sealedContext, TOTP_SECRET_COLUMN } from '../keys/sealedColumns.js';
import { generateRecoveryCodes, hashRecoveryCodes, matchRecoveryCode, newRecoveryCodeSalt } from './recoveryCodes.js';
import { verifyTotp } from './totp.js';

/** The sealed secret is bound to its row (`totp_factors.secret_sealed:<staff id>`): copied to another person, it does not open. */
export function totpSealContext(staffId: number): string {
  return sealedContext(TOTP_SECRET_COLUMN, staffId);
}

export type FactorRow = Awaited<ReturnType<typeof loadFactor>>;

export async function loadFactor(db: Kysely<Database>, staffId: number) {
  return db.selectFrom('totp_factors').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
}

export async function hasActiveFactor(db: Kysely<Database>, staffId: number): Promise<boolean> {
  const row = await db
    .selectFrom('totp_factors')
    .select('staff_id')
    .where('staff_id', '=', staffId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recoveryCodesLeft(db: Kysely<Database>, staffId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a matching code lets the caller write, in the transaction that accepts it. */
export type CodeCheck = { matched: true; accept(trx: Kysely<Database>): Promise<AcceptedCode> } | { matched: false; why: string };

export type AcceptedCode = { method: 'totp'; step: number } | { method: 'recovery'; left: number };

/**
 * A code from the authenticator, against the person's factor (`pending` for the first code of an
 * enrolment). A code at or before the last accepted step is refused: each code works once.
 */
export function checkTotp(keys: KeyRing, factor: FactorRow, code: string, now: Date, want: 'active' | 'pending'): CodeCheck {
  if (!factor || factor.status !== want) {
    return { matched: false, why: want === 'active' ? 'no authenticator is set up' : 'no authenticator is being set up' };
  }
  const secret = keys.openText('mfa-secrets', factor.secret_sealed, totpSealContext(Number(factor.staff_id)));
  const lastUsedStep = factor.last_used_step === null ? null : Number(factor.last_used_step);
  const result = verifyTotp(secret, code, now, { lastUsedStep });
  if (!result.ok) {
    const why = { malformed: 'not a six-digit code', wrong: 'wrong code', replayed: 'code already used' }[result.reason];
    return { matched: false, why };
  }
  const staffId = Number(factor.staff_id);
  return {
    matched: true,
    async accept(trx) {
      const at = now.toISOString();
      // The step only moves forward: of two racing sign-ins with one code, the second matches no row.
      const updated = await trx
        .updateTable('totp_factors')
        .set({ last_used_step: result.step, last_used_at: at })
        .where('staff_id', '=', staffId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', result.step)]))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error('the code was accepted twice');
      return { method: 'totp', step: result.step };
    },
  };
}

/** A recovery code against the person's unused codes; an accepted one is used up. */
export async function checkRecoveryCode(db: Kysely<Database>, factor: FactorRow, code: string, now: Date): Promise<CodeCheck> {
  if (!factor || factor.status !== 'active' || !factor.recovery_salt) return { matched: false, why: 'no recovery codes' };
  const staffId = Number(factor.staff_id);
  const unused = await db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .orderBy('id')
    .execute();
  const index = await matchRecoveryCode(
    code,
    unused.map((r) => r.code_hash),
    factor.recovery_salt,
  );
  if (index === null) return { matched: false, why: 'wrong recovery code' };
  const id = Number(unused[index]!.id);
  return {
    matched: true,
    async accept(trx) {
      const used = await trx
        .updateTable('recovery_codes')
        .set({ used_at: now.toISOString() })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw new Error('the recovery code was used twice');
      await trx.updateTable('totp_factors').set({ last_used_at: now.toISOString() }).where('staff_id', '=', staffId).execute();
      return { method: 'recovery', left: unused.length - 1 };
    },
  };
}

/** A fresh set of recovery codes: the codes to show once, and what to store (salt and hashes). */
export async function newRecoveryCodeSet(): Promise<{ codes: string[]; salt: string; hashes: string[] }> {
  const codes = generateRecoveryCodes();
  const salt = newRecoveryCodeSalt();
  return { codes, salt, hashes: await hashRecoveryCodes(codes, salt) };
}

/** Replaces the person's recovery codes with a new set (in the caller's transaction). */
export async function storeRecoveryCodes(
  trx: Kysely<Database>,
  staffId: number,
  set: { salt: string; hashes: readonly string[] },
  at: string,
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('staff_id', '=', staffId).execute();
  await trx.updateTable('totp_factors').set({ recovery_salt: set.salt }).where('staff_id', '=', staffId).execute();
  for (const code_hash of set.hashes) {
    await trx.insertInto('recovery_codes').values({ staff_id: staffId, code_hash, created_at: at, used_at: null }).execute();
  }
}
