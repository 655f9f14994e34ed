/** The running app the bench measures, its database file, and windows signed in as the bench's people. */
import { randomUUID } from 'node:crypto';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import type { Result } from '../../electron/contract/result.js';
import type { Clock } from '../../electron/services/clock.js';
import type { Logger } from '../../electron/services/logger.js';
import { CONTENT_DIR } from '../../test/support/paths.js';
import { testKeyCustody } from '../../test/support/testKeys.js';
import { totpStep } from '../../electron/services/auth/totp.js';
import { codeAtStep } from '../../test/support/totpCodes.js';
import { BENCH_NOW, BENCH_PASSWORD, BENCH_TOTP_SECRET, type BenchSizes } from './benchDatabase.js';

/** Real time, starting at the bench's "now": sessions age as they would (the idle touch happens once a minute). */
export class BenchClock implements Clock {
  private readonly origin = Date.parse(BENCH_NOW) - Date.now();
  now(): Date {
    return new Date(Date.now() + this.origin);
  }
}

export const quietLogger: Logger = { info() {}, error: (m) => console.error(m) };

export interface BenchContext {
  app: RunningClearance;
  path: string;
  sizes: BenchSizes;
  clock: BenchClock;
  /** A window signed in as this person: calls the router as the renderer does (a fresh request id per mutation). */
  signIn(username: string): Promise<Window>;
}

export type Window = <T = unknown>(channel: string, input?: unknown) => Promise<T>;

export function startOptions(path: string, clock: Clock) {
  return { sqlitePath: path, workstation: 'bench', contentDir: CONTENT_DIR, keyCustody: testKeyCustody(), clock, logger: quietLogger };
}

export async function benchContext(path: string, sizes: BenchSizes): Promise<BenchContext> {
  const clock = new BenchClock();
  const app = await startClearance(startOptions(path, clock));
  // Every run relives the same morning (the clock starts at BENCH_NOW), so the codes used by the last run are forgotten.
  await app.handle.db.updateTable('totp_factors').set({ last_used_step: null }).execute();
  // One window per person for the whole run: a second sign-in within 30 seconds would need a code not used yet.
  const windows = new Map<string, Promise<Window>>();
  const openWindow = async (username: string): Promise<Window> => {
    const caller = { senderKey: `bench-${username}`, workstation: 'bench' };
    const call: Window = async <T>(channel: string, input: unknown = {}) => {
      const r = (await app.router.invoke(caller, channel, input, randomUUID())) as Result<T>;
      if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`);
      return r.value;
    };
    const signedIn = await call<{ state: string }>('auth.signIn', { username, password: BENCH_PASSWORD });
    if (signedIn.state === 'needs_code') {
      // A code the account has not used: the current step, or the next one (accepted too) after a sign-in moments ago.
      const used = await app.handle.db
        .selectFrom('totp_factors')
        .innerJoin('staff', 'staff.id', 'totp_factors.staff_id')
        .select('totp_factors.last_used_step')
        .where('staff.username', '=', username)
        .executeTakeFirst();
      const step = Math.max(totpStep(clock.now()), Number(used?.last_used_step ?? -1) + 1);
      await call('auth.verifyCode', { kind: 'totp', code: codeAtStep(BENCH_TOTP_SECRET, step) });
    }
    return call;
  };
  const signIn = (username: string): Promise<Window> => {
    if (!windows.has(username)) windows.set(username, openWindow(username));
    return windows.get(username)!;
  };
  return { app, path, sizes, clock, signIn };
}
