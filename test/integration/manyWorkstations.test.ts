/**
 * Many workstations on one PostgreSQL server: concurrent start-up, one hash chain under
 * concurrent writers, lockout counted across workstations, and connection loss.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { openPostgres } from '../../db/postgres.js';
import { AuditLog } from '../../electron/services/audit/auditLog.js';
import { ManualClock } from '../../electron/services/clock.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { adminQuery, emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody } from '../support/testKeys.js';
import { createTestApp, signedIn, windowOf } from '../support/testApp.js';

const pgUrl = inject('pgUrl');

describe.skipIf(!pgUrl)('many workstations on one PostgreSQL server', () => {
  it('starts several workstations at once and applies each migration and content version exactly once', async () => {
    const url = await emptyPostgresDatabase(pgUrl);
    const apps = await Promise.all(
      ['ws-1', 'ws-2', 'ws-3', 'ws-4'].map((workstation) =>
        startClearance({ url, workstation, contentDir: FIXTURE_CONTENT_DIR, keyCustody: testKeyCustody(), clock: new ManualClock() }),
      ),
    );
    try {
      const db = apps[0]!.handle.db;
      const versions = (await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version);
      expect(versions.sort()).toEqual([...new Set(versions)].sort());
      expect((await db.selectFrom('training_module_versions').selectAll().execute()).length).toBe(2);
      const starts = await db.selectFrom('audit_log').select('workstation').where('event', '=', 'audit.log_start').execute();
      expect(starts.map((s) => s.workstation).sort()).toEqual(['ws-1', 'ws-2', 'ws-3', 'ws-4']);
      expect((await apps[0]!.services.audit.verify(db)).ok).toBe(true);
    } finally {
      for (const a of apps) await a.stop();
    }
  });

  it('keeps one gapless, verifiable hash chain when 8 connections append 500 entries each at once', async () => {
    const url = await emptyPostgresDatabase(pgUrl);
    const first = await startClearance({ url, workstation: 'setup', contentDir: FIXTURE_CONTENT_DIR, keyCustody: testKeyCustody() });
    const before = Number(
      (
        await first.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const handles = await Promise.all(Array.from({ length: 8 }, () => openPostgres(url, { max: 1 })));
    try {
      await Promise.all(
        handles.map(async (h, w) => {
          const audit = new AuditLog(h.db, 'postgres', { now: () => new Date() });
          for (let i = 0; i < 500; i++) {
            await audit.append(h.db, {
              actor: null,
              workstation: `ws-${w}`,
              event: 'test.concurrent',
              outcome: 'allowed',
              reason: `${w}/${i}`,
            });
          }
        }),
      );
      const db = first.handle.db;
      const rows = await db
        .selectFrom('audit_log')
        .select(['seq', 'workstation'])
        .where('event', '=', 'test.concurrent')
        .orderBy('seq')
        .execute();
      expect(rows).toHaveLength(4000);
      const all = await db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: before + 4000 }, (_, i) => i + 1));
      for (let w = 0; w < 8; w++) expect(rows.filter((r) => r.workstation === `ws-${w}`)).toHaveLength(500);
      const verified = await first.services.audit.verify(db);
      expect(verified).toMatchObject({ ok: true, checked: before + 4000 });
    } finally {
      for (const h of handles) await h.close();
      await first.stop();
    }
  }, 120_000);

  it('locks an account after 10 failures spread over two workstations', async () => {
    const app1 = await createTestApp({ dialect: 'postgres' });
    const app2 = await startClearance({
      url: app1.url,
      workstation: 'ws-2',
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
      clock: app1.clock,
    });
    try {
      const ws1 = windowOf(app1, 'a', 'ws-1');
      const ws2 = windowOf(app2, 'b', 'ws-2');
      for (let i = 0; i < 5; i++) {
        await ws1('auth.signIn', { username: 'rosa.diaz', password: `wrong-${i}-password` });
        await ws2('auth.signIn', { username: 'rosa.diaz', password: `wrong-${i}-password` });
      }
      expect(await ws1('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      expect(await ws2('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
      const denied = await app1.handle.db
        .selectFrom('audit_log')
        .select('workstation')
        .where('actor_username', '=', 'rosa.diaz')
        .where('event', '=', 'auth.sign_in')
        .where('outcome', '=', 'denied')
        .execute();
      expect(new Set(denied.map((d) => d.workstation))).toEqual(new Set(['ws-1', 'ws-2']));
    } finally {
      await app2.stop();
    }
  });

  it('reports a lost connection clearly, changes nothing, and reconnects on the next action', async () => {
    const app = await createTestApp({ dialect: 'postgres' });
    const name = new URL(app.url).pathname.slice(1);
    const carl = await signedIn(app, 'carl.patel', DEMO_PASSWORD, 'carl');
    const entries = async () =>
      Number(
        (
          await app.handle.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await entries();

    await adminQuery(pgUrl, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await adminQuery(pgUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    const lost = await carl('auth.changePassword', { currentPassword: DEMO_PASSWORD, newPassword: 'Another-pass-2027' });
    expect(lost).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    if (!lost.ok) expect(lost.message).toMatch(/central database cannot be reached/);

    await adminQuery(pgUrl, `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    expect(await carl('auth.activity')).toMatchObject({ ok: true });
    // All or nothing: the password did not change and no change was audited.
    expect(await entries()).toBe(before);
    expect(await windowOf(app, 'other')('auth.signIn', { username: 'carl.patel', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    expect((await app.services.audit.verify(app.handle.db)).ok).toBe(true);
  });

  it('never falls back to a local database when the server cannot be reached', async () => {
    await expect(
      startClearance({
        url: 'postgres://postgres@127.0.0.1:1/nowhere',
        workstation: 'ws',
        contentDir: FIXTURE_CONTENT_DIR,
        keyCustody: testKeyCustody(),
        sqlitePath: '/tmp/should-not-exist.db',
      }),
    ).rejects.toThrow();
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/should-not-exist.db')).toBe(false);
  });
});

describe.skipIf(!pgUrl)('an administrator points a workstation at the server', () => {
  it('tests the connection first, stores the URL without the password, and audits the change', async () => {
    const { HarnessDesktop } = await import('../support/harness/harnessDesktop.js');
    const desktop = new HarnessDesktop(join(tmpdir(), 'clearance-dl'));
    const app = await createTestApp({ dialect: 'sqlite', desktop });
    const { signedIn } = await import('../support/testApp.js');
    const alex = await signedIn(app, 'alex.morgan');
    const bad = await alex('admin.setDatabase', { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/nowhere', password: 'pw' });
    expect(bad).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(desktop.databaseSetting).toBeNull();
    const url = new URL(await emptyPostgresDatabase(pgUrl));
    url.password = 'unused-with-trust-auth';
    const good = await alex('admin.setDatabase', { kind: 'postgres', url: url.toString(), password: 'unused-with-trust-auth' });
    expect(good).toMatchObject({ ok: true, value: { dialect: 'sqlite' } });
    expect(desktop.databaseSetting?.url).not.toContain('unused-with-trust-auth');
    expect(desktop.databaseSetting?.password).toBe('unused-with-trust-auth');
    const audit = await app.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'admin.database_setting')
      .executeTakeFirstOrThrow();
    expect(audit.reason).not.toContain('unused-with-trust-auth');
    const rosa = await signedIn(app, 'rosa.diaz');
    expect(await rosa('admin.setDatabase', { kind: 'embedded' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe.skipIf(!pgUrl)('the grants the README documents', () => {
  it('leave the app role able to append but not to change or remove the audit trail or training records', async () => {
    const suffix = `${process.pid}_${Date.now() % 100000}`;
    const owner = `clr_owner_${suffix}`;
    const appRole = `clr_app_${suffix}`;
    const dbName = `clr_grants_${suffix}`;
    await adminQuery(pgUrl, `CREATE ROLE ${owner} NOLOGIN`);
    await adminQuery(pgUrl, `CREATE ROLE ${appRole} LOGIN PASSWORD 'app-pass-1'`);
    await adminQuery(pgUrl, `CREATE DATABASE ${dbName} OWNER ${owner}`);
    const { databaseUrl } = await import('../support/postgresTestDb.js');
    const superDb = databaseUrl(pgUrl, dbName);
    await adminQuery(superDb, `GRANT CONNECT ON DATABASE ${dbName} TO ${appRole}; GRANT USAGE, CREATE ON SCHEMA public TO ${appRole};`);
    const appUrl = new URL(databaseUrl(pgUrl, dbName));
    appUrl.username = appRole;
    appUrl.password = 'app-pass-1';
    // A database in use (here the demo organization): it has its master key, so checkpoints are signed.
    const first = await startClearance({
      url: appUrl.toString(),
      workstation: 'ws-1',
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
      seedDemoIfEmpty: true,
    });
    await first.stop();
    await adminQuery(
      superDb,
      [
        `REVOKE CREATE ON SCHEMA public FROM ${appRole}`,
        ...['audit_log', 'audit_checkpoints', 'training_completions', 'acknowledgements'].map((t) => `ALTER TABLE ${t} OWNER TO ${owner}`),
        `REVOKE ALL ON audit_log, audit_checkpoints, training_completions, acknowledgements FROM ${appRole}`,
        `GRANT SELECT, INSERT ON audit_log, audit_checkpoints, training_completions, acknowledgements TO ${appRole}`,
        `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${appRole}`,
      ].join('; '),
    );

    const app = await startClearance({
      url: appUrl.toString(),
      workstation: 'ws-2',
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
    });
    try {
      const { sql } = await import('kysely');
      await app.services.audit.append(app.handle.db, {
        actor: null,
        workstation: 'ws-2',
        event: 'test.append',
        outcome: 'allowed',
        reason: 'appending still works',
      });
      for (const attempt of [
        // An entry's reason is element 9 of its stored bytes (the fields are computed from them).
        sql`update audit_log set entry = jsonb_set(entry::jsonb, '{9}', '"x"')::text`,
        sql`delete from audit_log`,
        sql`truncate audit_log`,
        sql`drop trigger audit_log_no_update_delete on audit_log`,
        sql`alter table audit_log disable trigger all`,
        sql`drop trigger audit_log_extends_head on audit_log`,
        sql`update audit_checkpoints set seq = 1`,
        sql`delete from audit_checkpoints`,
        sql`update training_completions set score = 0`,
        sql`delete from acknowledgements`,
      ]) {
        await expect(attempt.execute(app.handle.db)).rejects.toThrow(/permission denied|must be owner|append-only/);
      }
      expect((await app.services.audit.verify(app.handle.db)).ok).toBe(true);
      // ws-2's start checkpoint went in under these grants (after ws-1's stop), and the trail verifies against both.
      expect(await app.handle.db.selectFrom('audit_checkpoints').select(['workstation', 'kind']).orderBy('id').execute()).toEqual([
        { workstation: 'ws-1', kind: 'stop' },
        { workstation: 'ws-2', kind: 'start' },
      ]);
      expect(await app.services.auditIntegrity.verify()).toMatchObject({ ok: true, checkpoints: { verified: 2 } });
    } finally {
      await app.stop();
    }
  });
});
