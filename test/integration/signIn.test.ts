import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import { MINUTE } from '../../electron/services/clock.js';
import { auditEvents, createTestApp, disableAccount, signedIn, valueOf, windowOf, testDialects } from '../support/testApp.js';

describe.each(testDialects())('on %s', (dialect) => {
  describe('signing in', () => {
    it('works for every demo account with its first password, asking a code next of those with an authenticator', async () => {
      const app = await createTestApp({ dialect });
      for (const account of DEMO_ACCOUNTS) {
        const view = valueOf<{ state: string; user: { username: string; roles: { key: string }[] } }>(
          await windowOf(app, account.username)('auth.signIn', { username: account.username, password: account.password }),
        );
        expect(view.user.username).toBe(account.username);
        expect(view.state).toBe(account.totpSecret ? 'needs_code' : account.mustChange ? 'must_change' : 'active');
        expect(view.user.roles.map((r) => r.key).sort()).toEqual([...account.roles].sort());
      }
    });

    it('locks after 10 wrong passwords for 30 minutes, refusing even the right one, then lets it in', async () => {
      const app = await createTestApp({ dialect });
      const w = windowOf(app, 'w1');
      for (let i = 1; i <= 9; i++)
        expect(await w('auth.signIn', { username: 'rosa.diaz', password: `wrong-${i}` })).toMatchObject({
          ok: false,
          code: 'INVALID_CREDENTIALS',
        });
      const tenth = await w('auth.signIn', { username: 'rosa.diaz', password: 'wrong-10' });
      expect(tenth).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      const right = await w('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD });
      expect(right).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      if (!right.ok) expect(right.message).toMatch(/locked until .+ after too many failed attempts/i);

      app.clock.advance(29 * MINUTE);
      expect(await w('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      app.clock.advance(1 * MINUTE);
      expect(await w('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({ ok: true });

      const events = (await auditEvents(app, 'rosa.diaz')).map((e) => `${e.event}:${e.outcome}`);
      expect(events.filter((e) => e === 'auth.sign_in:denied')).toHaveLength(12);
      expect(events).toContain('auth.lockout:denied');
      expect(events.at(-1)).toBe('auth.sign_in:allowed');
    });

    it('answers an unknown username exactly like a wrong password, and locks it the same way', async () => {
      const app = await createTestApp({ dialect });
      const w = windowOf(app, 'w1');
      const known = await w('auth.signIn', { username: 'liam.chen', password: 'wrong-password' });
      const unknown = await w('auth.signIn', { username: 'nobody.here', password: 'wrong-password' });
      expect(unknown).toEqual(known);
      for (let i = 2; i <= 10; i++) await w('auth.signIn', { username: 'nobody.here', password: 'wrong-password' });
      expect(await w('auth.signIn', { username: 'nobody.here', password: 'wrong-password' })).toMatchObject({
        ok: false,
        code: 'LOCKED_OUT',
      });
    });

    it('refuses a disabled account even with the right password, and says nothing special for a wrong one', async () => {
      const app = await createTestApp({ dialect });
      await disableAccount(app, 'liam.chen');
      const w = windowOf(app, 'w1');
      expect(await w('auth.signIn', { username: 'liam.chen', password: DEMO_PASSWORD })).toMatchObject({
        ok: false,
        code: 'ACCOUNT_DISABLED',
      });
      expect(await w('auth.signIn', { username: 'liam.chen', password: 'wrong-password' })).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
    });

    it('ends a live session when its account is disabled', async () => {
      const app = await createTestApp({ dialect });
      const liam = await signedIn(app, 'liam.chen');
      await app.handle.db.updateTable('staff').set({ status: 'disabled' }).where('username', '=', 'liam.chen').execute();
      expect(await liam('auth.activity')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    });

    it('audits sign-in and sign-out', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      expect(await carl('auth.signOut')).toMatchObject({ ok: true });
      expect(await carl('auth.activity')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      expect((await auditEvents(app, 'carl.patel')).map((e) => e.event)).toEqual(['auth.sign_in', 'auth.second_factor', 'auth.sign_out']);
    });
  });

  describe('the forced password change', () => {
    it('blocks everything else until the new hire changes the one-time password', async () => {
      const app = await createTestApp({ dialect });
      const nora = await signedIn(app, 'nora.hill', NEW_HIRE_FIRST_PASSWORD);
      expect(await nora('auth.activity')).toMatchObject({ ok: false, code: 'PASSWORD_CHANGE_REQUIRED' });
      expect(await nora('training.myCurriculum')).toMatchObject({ ok: false, code: 'PASSWORD_CHANGE_REQUIRED' });

      expect(await nora('auth.changePassword', { currentPassword: 'not-it-123456', newPassword: 'Nora-secure-2026' })).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
      const weak = await nora('auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: 'short1' });
      expect(weak).toMatchObject({ ok: false, code: 'PASSWORD_POLICY' });
      if (!weak.ok) expect(weak.fields?.newPassword).toContain('12 characters');
      expect(await nora('auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: 'nodigitsatalll' })).toMatchObject({
        ok: false,
        code: 'PASSWORD_POLICY',
      });
      expect(
        await nora('auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: NEW_HIRE_FIRST_PASSWORD }),
      ).toMatchObject({ ok: false, code: 'PASSWORD_POLICY' });

      expect(
        valueOf<{ state: string }>(
          await nora('auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: 'Nora-secure-2026' }),
        ).state,
      ).toBe('active');
      expect(await nora('auth.activity')).toMatchObject({ ok: true });
      const events = (await auditEvents(app, 'nora.hill')).map((e) => `${e.event}:${e.outcome}`);
      expect(events.filter((e) => e === 'auth.password_change:denied')).toHaveLength(4);
      expect(events).toContain('auth.password_change:allowed');
    });

    it('refuses any of the last 4 passwords, and allows the oldest again after 4 changes', async () => {
      const app = await createTestApp({ dialect });
      const liam = await signedIn(app, 'liam.chen');
      const passwords = [DEMO_PASSWORD, 'Second-pass-2026', 'Third-pass-2026', 'Fourth-pass-2026', 'Fifth-pass-2026'];
      for (let i = 1; i < passwords.length; i++) {
        for (let back = 0; back < Math.min(i, 4); back++) {
          const reuse = await liam('auth.changePassword', { currentPassword: passwords[i - 1], newPassword: passwords[i - 1 - back] });
          expect(reuse, `reusing password ${i - 1 - back} at change ${i}`).toMatchObject({ ok: false, code: 'PASSWORD_POLICY' });
        }
        expect(await liam('auth.changePassword', { currentPassword: passwords[i - 1], newPassword: passwords[i] })).toMatchObject({
          ok: true,
        });
      }
      // The last four are 2..5 now, so the first one is allowed again.
      expect(await liam('auth.changePassword', { currentPassword: 'Fifth-pass-2026', newPassword: DEMO_PASSWORD })).toMatchObject({
        ok: true,
      });
    });
  });
});
