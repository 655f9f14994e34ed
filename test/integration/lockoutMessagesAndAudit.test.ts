/**
 * What a locked-out or disabled person is told, that it gives nothing away about which
 * usernames exist, and that every refused attempt leaves an audit entry.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { MINUTE } from '../../electron/services/clock.js';
import { formatDateTime } from '../../electron/services/format.js';
import type { Result } from '../../electron/contract/result.js';
import { auditEvents, createTestApp, disableAccount, testDialects, windowOf, type Call } from '../support/testApp.js';

async function failTenTimes(w: Call, username: string): Promise<Result<unknown>> {
  let last: Result<unknown> | undefined;
  for (let i = 1; i <= 10; i++) last = await w('auth.signIn', { username, password: `wrong-password-${i}` });
  return last!;
}

describe.each(testDialects())('on %s', (dialect) => {
  describe('the lockout message', () => {
    it('says the account is locked and names the time 30 minutes from the tenth failure', async () => {
      const app = await createTestApp({ dialect });
      const tenthAt = app.clock.now().getTime();
      const tenth = await failTenTimes(windowOf(app, 'w'), 'rosa.diaz');
      expect(tenth).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      if (tenth.ok) return;
      expect(tenth.message).toMatch(/locked/i);
      expect(tenth.message).toContain(formatDateTime(new Date(tenthAt + 30 * MINUTE).toISOString()));
      expect(tenth.message).not.toContain(formatDateTime(new Date(tenthAt + 29 * MINUTE).toISOString()));

      // Later attempts during the lock repeat the same end time rather than extending it.
      app.clock.advance(10 * MINUTE);
      const during = await windowOf(app, 'w')('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD });
      expect(during).toEqual(tenth);
    });

    it('is word for word the same for a username that does not exist', async () => {
      const app = await createTestApp({ dialect });
      const w = windowOf(app, 'w');
      const known = await failTenTimes(w, 'rosa.diaz');
      const unknown = await failTenTimes(w, 'no.such.person');
      expect(known).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      expect(unknown).toEqual(known);
      // And still the same on the eleventh try, whatever the password.
      expect(await w('auth.signIn', { username: 'no.such.person', password: DEMO_PASSWORD })).toEqual(
        await w('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD }),
      );
    });
  });

  describe('the audit of refused sign-ins', () => {
    it('records each failure with its count, the lockout, and attempts while locked', async () => {
      const app = await createTestApp({ dialect });
      const w = windowOf(app, 'w');
      await failTenTimes(w, 'rosa.diaz');
      await w('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD });
      const rosa = await auditEvents(app, 'rosa.diaz');
      const failures = rosa.filter((e) => e.event === 'auth.sign_in' && /wrong password/.test(e.reason));
      expect(failures.map((e) => e.reason.match(/attempt (\d+) of 10/)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(failures.every((e) => e.outcome === 'denied' && e.workstation === 'test-ws')).toBe(true);
      const lockout = rosa.filter((e) => e.event === 'auth.lockout');
      expect(lockout).toHaveLength(1);
      expect(lockout[0]).toMatchObject({ outcome: 'denied', resource_type: 'staff' });
      expect(rosa.at(-1)).toMatchObject({ event: 'auth.sign_in', outcome: 'denied', reason: expect.stringMatching(/locked until/) });
    });

    it('records failures for an unknown username without inventing an actor', async () => {
      const app = await createTestApp({ dialect });
      await failTenTimes(windowOf(app, 'w'), 'no.such.person');
      const entries = (await auditEvents(app)).filter((e) => e.resource_type === 'username' && e.resource_id === 'no.such.person');
      expect(entries.map((e) => e.event)).toEqual([...Array(10).fill('auth.sign_in'), 'auth.lockout']);
      expect(entries.every((e) => e.outcome === 'denied' && e.actor_id === null)).toBe(true);
    });

    it('records a disabled account’s attempt, right password or wrong, and opens no session', async () => {
      const app = await createTestApp({ dialect });
      await disableAccount(app, 'liam.chen');
      const w = windowOf(app, 'w');
      const right = await w('auth.signIn', { username: 'liam.chen', password: DEMO_PASSWORD });
      expect(right).toMatchObject({ ok: false, code: 'ACCOUNT_DISABLED' });
      if (!right.ok) expect(right.message).toMatch(/disabled/i);
      expect(await w('auth.signIn', { username: 'liam.chen', password: 'wrong-password-1' })).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
      const liam = await auditEvents(app, 'liam.chen');
      expect(liam.map((e) => `${e.event}:${e.outcome}:${e.reason.startsWith('wrong password') ? 'wrong password' : e.reason}`)).toEqual([
        'auth.sign_in:denied:account disabled',
        'auth.sign_in:denied:wrong password',
      ]);
      const staffId = liam[0]!.actor_id!;
      expect(await app.handle.db.selectFrom('sessions').select('id').where('staff_id', '=', staffId).execute()).toEqual([]);
      expect(await w('auth.current')).toMatchObject({ ok: true, value: null });
    });
  });
});
