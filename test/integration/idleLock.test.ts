import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { MINUTE } from '../../electron/services/clock.js';
import { auditEvents, createTestApp, signedIn, valueOf, testDialects } from '../support/testApp.js';

describe.each(testDialects())('on %s', (dialect) => {
  describe('the idle lock (PCI DSS 8.2.8)', () => {
    it('locks a session after 15 idle minutes; main refuses calls until the password is entered again', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      app.clock.advance(15 * MINUTE);
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: false, code: 'SESSION_LOCKED' });
      expect(valueOf<{ state: string }>(await carl('auth.current')).state).toBe('locked');
      expect((await auditEvents(app, 'carl.patel')).map((e) => e.event)).toContain('session.idle_lock');

      expect(await carl('auth.unlock', { password: 'wrong-password-1' })).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect(valueOf<{ state: string }>(await carl('auth.unlock', { password: DEMO_PASSWORD })).state).toBe('active');
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: true });
    });

    it('stays unlocked while the person keeps working', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      for (let i = 0; i < 4; i++) {
        app.clock.advance(10 * MINUTE);
        expect(await carl('auth.activity')).toMatchObject({ ok: true });
      }
    });

    it('writes the session at most once a minute: the lock then comes 15 minutes after the last write, never later', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      const stored = async () =>
        (await app.handle.db.selectFrom('sessions').select('last_activity_at').orderBy('created_at', 'desc').executeTakeFirstOrThrow())
          .last_activity_at;
      app.clock.advance(2 * MINUTE);
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: true });
      const written = await stored();
      expect(written).toBe(app.clock.now().toISOString());
      // Thirty seconds later: no second write of the session for this call.
      app.clock.advance(MINUTE / 2);
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: true });
      expect(await stored()).toBe(written);
      // A minute after the write, the next call writes again.
      app.clock.advance(MINUTE / 2);
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: true });
      expect(await stored()).toBe(app.clock.now().toISOString());
      app.clock.advance(15 * MINUTE);
      expect(await carl('training.myCurriculum')).toMatchObject({ ok: false, code: 'SESSION_LOCKED' });
    });

    it('does not count a status check as activity', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      app.clock.advance(10 * MINUTE);
      await carl('auth.current');
      app.clock.advance(5 * MINUTE);
      expect(valueOf<{ state: string }>(await carl('auth.current')).state).toBe('locked');
    });

    it('ends the session when unlocking fails ten times (lockout)', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      app.clock.advance(16 * MINUTE);
      for (let i = 1; i < 10; i++) await carl('auth.unlock', { password: `wrong-${i}-password` });
      expect(await carl('auth.unlock', { password: 'wrong-10-password' })).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      expect(valueOf(await carl('auth.current'))).toBeNull();
    });
  });
});
