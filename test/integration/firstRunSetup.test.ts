/**
 * First run: an empty database that was not created as a demo opens on the setup, which runs once
 * (even when four workstations on one PostgreSQL server start and submit it together), signs the
 * first administrator in and remembers in the database whether it is a demo.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import type { DialectName } from '../../db/connection.js';
import type { SetupInput } from '../../electron/contract/setup.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { DEMO_START } from '../support/harness/seededTemplate.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { randomBytes } from 'node:crypto';
import { memoryKeyStore, sealedKeyCustody, type KeyCustody } from '../../electron/services/keys/custody.js';
import { aesKeySealer } from '../../electron/services/keys/sealer.js';
import { createTestApp, testDialects, valueOf, windowOf } from '../support/testApp.js';
import { currentTotp } from '../../electron/services/auth/totp.js';

const pgUrl = inject('pgUrl');
const running: RunningClearance[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

async function emptyDatabase(dialect: DialectName): Promise<{ url: string } | { sqlitePath: string }> {
  return dialect === 'postgres'
    ? { url: await emptyPostgresDatabase(pgUrl) }
    : { sqlitePath: join(mkdtempSync(join(tmpdir(), 'setup-')), 'c.db') };
}

/** A workstation's own key custody, holding nothing yet. */
const freshCustody = () => sealedKeyCustody(memoryKeyStore(), aesKeySealer(randomBytes(32)));

async function start(
  where: { url: string } | { sqlitePath: string },
  workstation = 'ws-1',
  desktop?: HarnessDesktop,
  keyCustody: KeyCustody = freshCustody(),
): Promise<RunningClearance> {
  const app = await startClearance({
    ...where,
    workstation,
    contentDir: FIXTURE_CONTENT_DIR,
    keyCustody,
    clock: new ManualClock(DEMO_START),
    ...(desktop ? { desktop } : {}),
  });
  running.push(app);
  return app;
}

const PASSWORD = 'Harbour-lights-2026';

function setupOf(username = 'dana.reyes', organizationName = 'Office of the State Registrar'): SetupInput {
  return {
    organizationName,
    departments: ['Registrar Services', 'Information Technology'],
    administrator: {
      displayName: 'Dana Reyes',
      username,
      email: `${username}@registrar.example.gov`,
      employeeId: 'R-0001',
      department: 'Information Technology',
      password: PASSWORD,
    },
  };
}

describe.each(testDialects())('first-run setup on %s', (dialect) => {
  it('opens an empty database on the setup, then sets it up once and signs the first administrator in', async () => {
    const app = await start(await emptyDatabase(dialect));
    const win = windowOf(app, 'setup-window');
    expect(await win('setup.status')).toEqual({ ok: true, value: { setUp: false, demo: false, organizationName: null } });
    // The master key waits for the setup.
    expect(await app.handle.db.selectFrom('key_versions').selectAll().execute()).toEqual([]);
    expect(await win('auth.signIn', { username: 'alex.morgan', password: 'Clearance-demo-2026' })).toMatchObject({
      ok: false,
      code: 'INVALID_CREDENTIALS',
    });

    const done = await win('setup.complete', setupOf(), crypto.randomUUID());
    expect(done).toMatchObject({
      ok: true,
      // Administrators sign in with a second factor: the first one sets it up next.
      value: { state: 'must_enrol', user: { username: 'dana.reyes', department: 'Information Technology' } },
    });
    if (done.ok) {
      const roles = (done.value as { user: { roles: { name: string }[] } }).user.roles.map((r) => r.name);
      expect(roles).toEqual(['Staff member', 'Administrator']);
    }
    const key = valueOf<{ manualKey: string }>(await win('auth.beginEnrolment', {}, crypto.randomUUID())).manualKey.replace(/ /g, '');
    const enrolled = await win('auth.confirmEnrolment', { code: currentTotp(key, app.clock.now()) }, crypto.randomUUID());
    expect(enrolled).toMatchObject({ ok: true, value: { session: { state: 'active' } } });
    // The window is signed in as the administrator.
    expect(await win('auth.current')).toMatchObject({ ok: true, value: { user: { displayName: 'Dana Reyes' } } });
    expect(await win('setup.status')).toEqual({
      ok: true,
      value: { setUp: true, demo: false, organizationName: 'Office of the State Registrar' },
    });
    // Setup created the master key, on this workstation, in the administrator's name.
    const keyVersions = await app.handle.db.selectFrom('key_versions').selectAll().execute();
    expect(keyVersions).toHaveLength(1);
    const dana = await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'dana.reyes').executeTakeFirstOrThrow();
    expect(keyVersions[0]).toMatchObject({ version: 1, created_by: dana.id, created_on: 'ws-1' });
    expect(await app.services.keys.status()).toMatchObject({ available: true, currentVersion: 1 });
    expect(await app.handle.db.selectFrom('audit_log').select('actor_username').where('event', '=', 'key.created').execute()).toEqual([
      { actor_username: 'dana.reyes' },
    ]);
    const departments = await app.handle.db.selectFrom('departments').select('name').orderBy('name').execute();
    expect(departments.map((d) => d.name)).toEqual(['Information Technology', 'Registrar Services']);

    const entry = await app.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'setup.completed').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_username: 'dana.reyes', outcome: 'allowed' });
    expect(entry.reason).toContain('Office of the State Registrar');
    expect(entry.reason).toContain('Administrator');
    const trail = JSON.stringify(await app.handle.db.selectFrom('audit_log').selectAll().execute());
    expect(trail).not.toContain(PASSWORD);

    // A second setup, from another window, is refused and changes nothing.
    const again = await windowOf(app, 'other-window')('setup.complete', setupOf('mallory', 'Someone else'), crypto.randomUUID());
    expect(again).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'Clearance is already set up for Office of the State Registrar. Sign in instead.',
    });
    expect(await app.handle.db.selectFrom('staff').select('username').execute()).toEqual([{ username: 'dana.reyes' }]);
    expect(await app.handle.db.selectFrom('audit_log').select('reason').where('event', '=', 'setup.refused').execute()).toHaveLength(1);
  });

  it('refuses a weak administrator password and an unknown department, creating nothing', async () => {
    const app = await start(await emptyDatabase(dialect));
    const win = windowOf(app, 'w');
    const weak = setupOf();
    weak.administrator.password = 'short1';
    expect(await win('setup.complete', weak, crypto.randomUUID())).toMatchObject({
      ok: false,
      code: 'PASSWORD_POLICY',
      fields: { 'administrator.password': 'Use at least 12 characters.' },
    });
    const elsewhere = setupOf();
    elsewhere.administrator.department = 'Nowhere';
    expect(await win('setup.complete', elsewhere, crypto.randomUUID())).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { 'administrator.department': 'Choose one of the departments above.' },
    });
    expect(await app.handle.db.selectFrom('staff').select('id').execute()).toEqual([]);
    expect(await win('setup.status')).toMatchObject({ ok: true, value: { setUp: false } });
  });

  it('remembers a demo database as one, and never sets it up', async () => {
    const app = await createTestApp({ dialect });
    const win = windowOf(app, 'w');
    expect(await win('setup.status')).toEqual({ ok: true, value: { setUp: true, demo: true, organizationName: 'Demo organization' } });
    expect(await win('setup.complete', setupOf(), crypto.randomUUID())).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await win('setup.openDemo', {}, crypto.randomUUID())).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
});

describe('trying the demo', () => {
  it('asks the shell to reopen on the demo database, only before setup', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'dl-')));
    const app = await start(await emptyDatabase('sqlite'), 'ws-1', desktop);
    const win = windowOf(app, 'w');
    expect(await win('setup.openDemo', {}, crypto.randomUUID())).toEqual({ ok: true, value: { opening: true } });
    expect(desktop.demoRequested).toBe(true);
    // The real database stays empty: the demo lives in its own file.
    expect(await app.handle.db.selectFrom('staff').select('id').execute()).toEqual([]);
  });
});

describe.skipIf(!pgUrl)('first-run setup with four PostgreSQL workstations starting together', () => {
  it('sets the database up exactly once', async () => {
    const where = await emptyDatabase('postgres');
    const custodies = [1, 2, 3, 4].map(() => freshCustody());
    const apps = await Promise.all(['ws-1', 'ws-2', 'ws-3', 'ws-4'].map((ws, i) => start(where, ws, undefined, custodies[i])));
    const statuses = await Promise.all(apps.map((a, i) => windowOf(a, `w${i}`, `ws-${i + 1}`)('setup.status')));
    for (const s of statuses) expect(s).toMatchObject({ ok: true, value: { setUp: false } });

    const results = await Promise.all(
      apps.map((a, i) =>
        windowOf(a, `w${i}`, `ws-${i + 1}`)('setup.complete', setupOf(`admin${i + 1}`, `Agency ${i + 1}`), crypto.randomUUID()),
      ),
    );
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });

    const db = apps[0]!.handle.db;
    const org = await db.selectFrom('organization').selectAll().execute();
    expect(org).toHaveLength(1);
    const staff = await db.selectFrom('staff').select('username').execute();
    expect(staff).toHaveLength(1);
    expect(org[0]!.name).toBe(`Agency ${staff[0]!.username.replace('admin', '')}`);
    expect(await db.selectFrom('departments').select('id').execute()).toHaveLength(2);
    expect(await db.selectFrom('audit_log').select('seq').where('event', '=', 'setup.completed').execute()).toHaveLength(1);
    expect(await db.selectFrom('audit_log').select('seq').where('event', '=', 'setup.refused').execute()).toHaveLength(3);
    // One master key, held by the workstation whose setup won.
    expect(await db.selectFrom('key_versions').select('version').execute()).toEqual([{ version: 1 }]);
    const winner = results.findIndex((r) => r.ok);
    expect(custodies.map((c) => c.masterKeys().keys.length)).toEqual([0, 1, 2, 3].map((i) => (i === winner ? 1 : 0)));
    expect((await apps[0]!.services.audit.verify(db)).ok).toBe(true);
  }, 60_000);
});
