/**
 * Codes for tests, as the person's authenticator app would show them: computed with `currentTotp`
 * at the app's injected clock. A code is accepted once, so when the current step was already used
 * (two sign-ins within 30 seconds of test time) the next step's code is given, which the window of
 * one step either side accepts; when that too was used, the clock moves on by one step.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEMO_ACCOUNTS } from '../../demo/demoAccounts.js';
import { currentTotp, totpStep, TOTP_PERIOD_SECONDS } from '../../electron/services/auth/totp.js';
import { SECOND, type ManualClock } from '../../electron/services/clock.js';

/** The demo authenticator secret of a named account (README table), or null. */
export function demoTotpSecret(username: string): string | null {
  return DEMO_ACCOUNTS.find((a) => a.username === username)?.totpSecret ?? null;
}

/** The code for one time step. */
export function codeAtStep(secret: string, step: number): string {
  return currentTotp(secret, new Date(step * TOTP_PERIOD_SECONDS * SECOND));
}

/** A code the account has not used yet, valid at the clock's time (moving a manual clock on one step if it must). */
export async function freshCode(
  db: Kysely<Database>,
  clock: { now(): Date } | ManualClock,
  username: string,
  secret: string,
): Promise<string> {
  const row = await db
    .selectFrom('totp_factors')
    .innerJoin('staff', 'staff.id', 'totp_factors.staff_id')
    .select('totp_factors.last_used_step')
    .where('staff.username', '=', username)
    .executeTakeFirst();
  const last = row?.last_used_step == null ? -Infinity : Number(row.last_used_step);
  let current = totpStep(clock.now());
  if (current + 1 <= last) {
    if (!('advance' in clock)) throw new Error(`no unused code for ${username} at this time`);
    clock.advance((last - current) * TOTP_PERIOD_SECONDS * SECOND);
    current = totpStep(clock.now());
  }
  return codeAtStep(secret, current > last ? current : current + 1);
}
