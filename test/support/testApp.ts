/**
 * Integration-test helpers: a running Clearance over a fresh copy of the demo database, on
 * SQLite or PostgreSQL, with a manual clock, and windows that call the real router.
 */
import { afterEach, inject } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import type { DialectName } from '../../db/connection.js';
import type { Result } from '../../electron/contract/result.js';
import type { Desktop } from '../../electron/services/desktop.js';
import type { ForwarderOptions } from '../../electron/services/siem/forwarder.js';
import type { KeyCustody } from '../../electron/services/keys/custody.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { freshDemoDatabase, DEMO_START } from './harness/seededTemplate.js';
import { FIXTURE_CONTENT_DIR } from './paths.js';
import { testKeyCustody } from './testKeys.js';
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
    workstation?: string;
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
    witnessFolder,
    ...(options.desktop ? { desktop: options.desktop } : {}),
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

export async function signedIn(
  app: RunningClearance,
  username: string,
  password = DEMO_PASSWORD,
  senderKey = `window-${username}`,
): Promise<Call> {
  const call = windowOf(app, senderKey);
  const r = await call('auth.signIn', { username, password });
  if (!r.ok) throw new Error(`sign-in failed for ${username}: ${r.code} ${r.message}`);
  return call;
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
