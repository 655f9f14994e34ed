import { describe, expect, it } from 'vitest';
import { createTestApp, signedIn, windowOf, testDialects } from '../support/testApp.js';

async function snapshot(app: Awaited<ReturnType<typeof createTestApp>>) {
  const db = app.handle.db;
  return {
    sessions: await db.selectFrom('sessions').selectAll().execute(),
    credentials: await db.selectFrom('credentials').selectAll().execute(),
    staff: await db.selectFrom('staff').selectAll().execute(),
    audit: await db.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}

/** Nothing changed except exactly one new 'ipc.refused' audit entry. */
async function expectOnlyRefusalAudited(
  app: Awaited<ReturnType<typeof createTestApp>>,
  before: Awaited<ReturnType<typeof snapshot>>,
  reason: string,
) {
  const after = await snapshot(app);
  expect(after.sessions).toEqual(before.sessions);
  expect(after.credentials).toEqual(before.credentials);
  expect(after.staff).toEqual(before.staff);
  expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
  const added = after.audit.slice(before.audit.length);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ event: 'ipc.refused', outcome: 'denied', reason });
}

describe.each(testDialects())('on %s', (dialect) => {
  describe('the IPC router, called as a compromised renderer would', () => {
    it('refuses an unknown channel', async () => {
      const app = await createTestApp({ dialect });
      const before = await snapshot(app);
      expect(await windowOf(app, 'w')('records.dumpEverything', {})).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
      await expectOnlyRefusalAudited(app, before, 'unknown channel');
    });

    it.each([
      ['a missing field', { username: 'liam.chen' }],
      ['an extra field (a smuggled user id)', { username: 'liam.chen', password: 'x', staffId: 1 }],
      ['a wrong type', { username: 42, password: 'x' }],
      ['not an object', 'liam.chen'],
      ['null', null],
    ])('refuses malformed input: %s', async (_label, input) => {
      const app = await createTestApp({ dialect });
      const before = await snapshot(app);
      const r = await windowOf(app, 'w')('auth.signIn', input);
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      await expectOnlyRefusalAudited(app, before, 'invalid input');
    });

    it('refuses a session channel without a session', async () => {
      const app = await createTestApp({ dialect });
      const before = await snapshot(app);
      expect(await windowOf(app, 'w')('training.myCurriculum', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      await expectOnlyRefusalAudited(app, before, 'not signed in');
    });

    it('keeps a session to the window that signed in', async () => {
      const app = await createTestApp({ dialect });
      await signedIn(app, 'priya.shah', undefined, 'window-A');
      expect(await windowOf(app, 'window-B')('auth.activity')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      expect(await windowOf(app, 'window-A')('auth.activity')).toMatchObject({ ok: true });
    });

    it('never returns a password hash, a session id or a secret', async () => {
      const app = await createTestApp({ dialect });
      const w = windowOf(app, 'w');
      const results = [
        await w('auth.signIn', { username: 'liam.chen', password: 'Clearance-demo-2026' }),
        await w('auth.current'),
        await w('auth.activity'),
      ];
      const session = await app.handle.db.selectFrom('sessions').select('id').executeTakeFirstOrThrow();
      const hash = (await app.handle.db.selectFrom('credentials').select('password_hash').executeTakeFirstOrThrow()).password_hash;
      const text = JSON.stringify(results);
      expect(text).not.toContain(session.id);
      expect(text).not.toContain('scrypt$');
      expect(text).not.toContain(hash.split('$')[5]!);
      expect(text).not.toContain('Clearance-demo-2026');
    });

    it('reports an unexpected failure as INTERNAL without its details', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      const logged: string[] = [];
      await app.handle.db.schema
        .dropTable('training_completions')
        .execute()
        .catch(() => undefined);
      (app.router as unknown as { logger: { error(m: string): void } }).logger = { error: (m) => logged.push(m) };
      const r = await carl('training.myCurriculum');
      expect(r).toMatchObject({ ok: false, code: 'INTERNAL' });
      if (!r.ok) expect(r.message).not.toMatch(/sqlite|table|SELECT/i);
      expect(logged.join()).toContain('training.myCurriculum');
    });
  });
});
