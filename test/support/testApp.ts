/**
 * Integration-test helpers: a running Clearance over a fresh copy of the demo database, on
 * SQLite or PostgreSQL, with a manual clock, and windows that call the real router.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, inject } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import type { DialectName } from '../../db/connection.js';
import type { Result } from '../../electron/contract/result.js';
import type { Desktop } from '../../electron/services/desktop.js';
import type { ForwarderOptions } from '../../electron/services/siem/forwarder.js';
import type { KeyCustody } from '../../electron/services/keys/custody.js';
import type { Logger } from '../../electron/services/logger.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { freshDemoDatabase, DEMO_START } from './harness/seededTemplate.js';
import { FIXTURE_CONTENT_DIR } from './paths.js';
import { testKeyCustody } from './testKeys.js';
import { demoTotpSecret, freshCode } from './totpCodes.js';
import { newRecoveryCodeSet, storeRecoveryCodes } from '../../electron/services/auth/totpFactors.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresDatabase } from './postgresTestDb.js';

export interface TestApp extends RunningClearance {
  clock: ManualClock;
  /** This app's default audit witness folder (a fresh temp folder). */
  witnessFolder: string;
  dialect: DialectName;
  /** The SQLite file, when on SQLite. */
  sqlitePath: string;
  /** The database URL, when on PostgreSQL. */
  url: string;
}

/** The dialects every data-touching suite runs on: SQLite always, PostgreSQL unless switched off. */
export function testDialects(): DialectName[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

const open: TestApp[] = [];

afterEach(async () => {
  while (open.length) await open.pop()!.stop();
});

export async function createTestApp(
  options: {
    clock?: ManualClock;
    contentDir?: string;
    dialect?: DialectName;
    desktop?: Desktop;
    keyCustody?: KeyCustody;
    keyRotationBatchSize?: number;
    workstation?: string;
    logger?: Logger;
    background?: boolean;
    siemTiming?: ForwarderOptions;
  } = {},
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(DEMO_START);
  const contentDir = options.contentDir ?? FIXTURE_CONTENT_DIR;
  const dialect = options.dialect ?? 'sqlite';
  const sqlitePath = dialect === 'sqlite' ? await freshDemoDatabase(contentDir) : '';
  const url = dialect === 'postgres' ? await freshPostgresDatabase(inject('pgUrl'), contentDir, DEMO_START) : '';
  const witnessFolder = mkdtempSync(join(tmpdir(), 'clearance-witness-'));
  const app = await startClearance({
    ...(url ? { url } : { sqlitePath }),
    workstation: options.workstation ?? 'test-ws',
    clock,
    contentDir,
    keyCustody: options.keyCustody ?? testKeyCustody(),
    ...(options.keyRotationBatchSize ? { keyRotationBatchSize: options.keyRotationBatchSize } : {}),
    ...(options.desktop ? { desktop: options.desktop } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    witnessFolder,
    ...(options.background ? { background: true } : {}),
    ...(options.siemTiming ? { siemTiming: options.siemTiming } : {}),
  });
  const testApp = Object.assign(app, { clock, sqlitePath, url, dialect, witnessFolder });
  open.push(testApp);
  return testApp;
}

/** `requestId` is the user action a mutation belongs to, as the renderer sends it. */
export type Call = (channel: string, input?: unknown, requestId?: string) => Promise<Result<unknown>>;

/** A window (sender) that calls the router; sign in with `signIn`. */
export function windowOf(app: RunningClearance, senderKey: string, workstation = 'test-ws'): Call {
  return (channel, input = {}, requestId) => app.router.invoke({ senderKey, workstation }, channel, input, requestId);
}

/**
 * A window signed in as `username`: the password, then for people with an authenticator a code
 * computed from their demo secret (or `secret`) at the app's clock.
 */
/** A running app whose clock the test holds (a TestApp, or one started by hand with a ManualClock). */
export type ClockedApp = RunningClearance & { clock: ManualClock };

/** Authenticator secrets of accounts a test enrolled through the app (by username; the latest enrolment wins). */
const enrolledSecrets = new Map<string, string>();

/**
 * A signed-in window, as the person would get one: password, then a code from the authenticator app.
 * An account that must enrol first enrols through the app (QR key, first code); at a workstation that
 * cannot check app codes (not enrolled for keys) the person uses a recovery code, as the screen tells them.
 */
export async function signedIn(
  app: RunningClearance,
  username: string,
  password = DEMO_PASSWORD,
  senderKey = `window-${username}`,
  secret: string | null = enrolledSecrets.get(username) ?? demoTotpSecret(username),
): Promise<Call> {
  const call = windowOf(app, senderKey);
  const r = await call('auth.signIn', { username, password });
  if (!r.ok) throw new Error(`sign-in failed for ${username}: ${r.code} ${r.message}`);
  const state = (r.value as { state: string }).state;
  if (state === 'must_enrol') {
    const start = await call('auth.beginEnrolment', {}, randomUUID());
    if (!start.ok) throw new Error(`enrolment could not start for ${username}: ${start.code} ${start.message}`);
    const key = (start.value as { manualKey: string }).manualKey.replace(/ /g, '');
    const done = await call('auth.confirmEnrolment', { code: await freshCode(app.handle.db, app.clock, username, key) }, randomUUID());
    if (!done.ok) throw new Error(`enrolment failed for ${username}: ${done.code} ${done.message}`);
    enrolledSecrets.set(username, key);
  }
  if (state === 'needs_code') {
    if (!secret) throw new Error(`${username} has an authenticator but the test knows no secret for it`);
    const c = await call('auth.verifyCode', { kind: 'totp', code: await freshCode(app.handle.db, app.clock, username, secret) });
    if (!c.ok && c.code === 'UNAVAILABLE') await useRecoveryCode(app, call, username);
    else if (!c.ok) throw new Error(`the code step failed for ${username}: ${c.code} ${c.message}`);
  }
  return call;
}

async function useRecoveryCode(app: RunningClearance, call: Call, username: string): Promise<void> {
  const staff = await app.handle.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const set = await newRecoveryCodeSet();
  await app.handle.db.transaction().execute((trx) => storeRecoveryCodes(trx, Number(staff.id), set, app.clock.now().toISOString()));
  const c = await call('auth.verifyCode', { kind: 'recovery', code: set.codes[0]! });
  if (!c.ok) throw new Error(`the recovery code failed for ${username}: ${c.code} ${c.message}`);
}

/**
 * A window signed in with a recovery code (given to the person by the test beforehand): the way in
 * at a workstation that cannot check codes from the app because it does not hold the master key.
 */
export async function signedInWithRecoveryCode(app: RunningClearance, username: string, senderKey = `window-${username}`): Promise<Call> {
  const call = windowOf(app, senderKey);
  const r = await call('auth.signIn', { username, password: DEMO_PASSWORD });
  if (!r.ok) throw new Error(`sign-in failed for ${username}: ${r.code} ${r.message}`);
  await useRecoveryCode(app, call, username);
  return call;
}

/** Gives a fresh authenticator code for a step-up in this window (the demo secret unless given). */
export async function stepUp(
  app: ClockedApp,
  call: Call,
  username: string,
  secret: string | null = enrolledSecrets.get(username) ?? demoTotpSecret(username),
): Promise<void> {
  if (!secret) throw new Error(`the test knows no authenticator secret for ${username}`);
  const r = await call('auth.stepUp', { kind: 'totp', code: await freshCode(app.handle.db, app.clock, username, secret) });
  if (!r.ok) throw new Error(`step-up failed for ${username}: ${r.code} ${r.message}`);
}

export function valueOf<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value as T;
}

export async function auditEvents(app: RunningClearance, username?: string) {
  let q = app.handle.db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (username) q = q.where('actor_username', '=', username);
  return q.execute();
}

/** Appends n plain entries to the audit trail ("entry 0", "entry 1", …), as a service would. */
export async function appendTestEntries(app: RunningClearance, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await app.services.audit.append(app.handle.db, {
      actor: { id: 1, username: 'jordan.blake' },
      workstation: app.workstation,
      event: 'test.event',
      outcome: 'allowed',
      reason: `entry ${i}`,
      resource: { type: 'thing', id: i },
      details: { i },
    });
  }
}

/** Disables an account as an administrator or a leaver import would, directly in the database. */
export async function disableAccount(app: RunningClearance, username: string): Promise<void> {
  await app.handle.db
    .updateTable('staff')
    .set({ status: 'disabled', disabled_reason: 'left the organization' })
    .where('username', '=', username)
    .execute();
}

/** The first administrator of a database set up by `setUpOrganization`. */
export const FIRST_ADMIN = { username: 'dana.reyes', password: 'Harbour-lights-2026' } as const;

/**
 * Runs the first-run setup of an empty (non-demo) database through the router, as the setup
 * screen does, from a window of its own. The result is the window's, signed in as the administrator.
 */
export function setUpOrganization(app: RunningClearance, senderKey = 'setup-window', workstation = 'test-ws'): Promise<Result<unknown>> {
  return windowOf(app, senderKey, workstation)(
    'setup.complete',
    {
      organizationName: 'Office of the State Registrar',
      departments: ['Registrar Services', 'Information Technology'],
      administrator: {
        displayName: 'Dana Reyes',
        username: FIRST_ADMIN.username,
        email: 'dana.reyes@registrar.example.gov',
        employeeId: 'R-0001',
        department: 'Information Technology',
        password: FIRST_ADMIN.password,
      },
    },
    crypto.randomUUID(),
  );
}
