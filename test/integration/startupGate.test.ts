/**
 * The app is ready for its window before its start-up work is done; calls made meanwhile wait for
 * it, so nothing this run writes comes before its signed start checkpoint, and a start-up that
 * fails refuses calls in words instead of running them on a half-started app.
 */
import { describe, expect, inject, it } from 'vitest';
import { openClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import type { Result } from '../../electron/contract/result.js';
import { freshDemoDatabase, DEMO_START } from '../support/harness/seededTemplate.js';
import { freshPostgresDatabase } from '../support/postgresTestDb.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody } from '../support/testKeys.js';
import { testDialects } from '../support/testApp.js';

async function database(dialect: string) {
  return dialect === 'postgres'
    ? { url: await freshPostgresDatabase(inject('pgUrl'), FIXTURE_CONTENT_DIR, DEMO_START) }
    : { sqlitePath: await freshDemoDatabase(FIXTURE_CONTENT_DIR) };
}

describe.each(testDialects())('start-up on %s', (dialect) => {
  it('holds a call made before the start-up work is done, then runs it after the start checkpoint and start entry', async () => {
    const app = await openClearance({
      ...(await database(dialect)),
      workstation: 'gate-ws',
      clock: new ManualClock(DEMO_START),
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
    });
    // At once, as a window would after loading: a sign-in with a wrong password, which the trail records.
    const answer = (await app.router.invoke({ senderKey: 'w1', workstation: 'gate-ws' }, 'auth.signIn', {
      username: 'rosa.diaz',
      password: 'not her password',
    })) as Result<unknown>;
    expect(answer.ok).toBe(false);
    const db = app.handle.db;
    const start = await db
      .selectFrom('audit_checkpoints')
      .select(['seq'])
      .where('workstation', '=', 'gate-ws')
      .where('kind', '=', 'start')
      .executeTakeFirstOrThrow();
    const entries = await db.selectFrom('audit_log').select(['seq', 'event']).where('workstation', '=', 'gate-ws').orderBy('seq').execute();
    const events = entries.map((e) => e.event);
    expect(events).toContain('audit.log_start');
    expect(events.indexOf('audit.log_start')).toBeLessThan(events.findIndex((e) => e.startsWith('auth.')));
    // The start checkpoint signed the head as the run found it: every entry of this run comes after it.
    for (const e of entries) expect(Number(e.seq)).toBeGreaterThan(Number(start.seq));
    await app.stop();
  });

  it('refuses calls in words when the start-up work fails, and says so to whoever holds the app', async () => {
    const app = await openClearance({
      ...(await database(dialect)),
      workstation: 'gate-ws',
      clock: new ManualClock(DEMO_START),
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
      // The old per-workstation card key cannot be read: the start-up work fails part-way.
      legacyCardKey: {
        read() {
          throw new Error('the keychain refused');
        },
        remove() {},
      },
      logger: { info() {}, error() {} },
    });
    await expect(app.started).rejects.toThrow('the keychain refused');
    const answer = (await app.router.invoke({ senderKey: 'w1', workstation: 'gate-ws' }, 'auth.current', {})) as Result<unknown>;
    expect(answer).toMatchObject({ ok: false, code: 'UNAVAILABLE', message: expect.stringMatching(/could not finish starting/) });
    await app.stop();
  });
});
