/**
 * Fixtures for the browser tests: each test gets its own copy of the demo database, a manual
 * clock, the real router, and a Chromium page whose `window.clearance.invoke` is bridged to it.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import { attachBridge } from '../support/harness/bridge.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { freshDemoDatabase, DEMO_START } from '../support/harness/seededTemplate.js';
import { startStaticServer } from '../support/harness/staticServer.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';
import { openCardNumber } from '../../electron/services/records/cardCipher.js';
import { codeAtStep, demoTotpSecret, freshCode } from '../support/totpCodes.js';
import { totpStep } from '../../electron/services/auth/totp.js';
import { join } from 'node:path';

interface Fixtures {
  clock: ManualClock;
  desktop: HarnessDesktop;
  clearance: RunningClearance;
  app: Page;
}

interface WorkerFixtures {
  rendererUrl: string;
}

/** The app and clock behind each page, so sign-in can type the code the person's authenticator would show. */
const backends = new WeakMap<Page, { clearance: RunningClearance; clock: ManualClock }>();

export const test = base.extend<Fixtures, WorkerFixtures>({
  rendererUrl: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  clock: async ({}, use) => {
    await use(new ManualClock(DEMO_START));
  },
  desktop: async ({}, use, testInfo) => {
    await use(new HarnessDesktop(testInfo.outputPath('downloads')));
  },
  clearance: async ({ clock, desktop }, use) => {
    const app = await startClearance({
      sqlitePath: await freshDemoDatabase(),
      workstation: 'e2e-ws',
      clock,
      contentDir: CONTENT_DIR,
      keyCustody: testKeyCustody(),
      witnessFolder: join(desktop.downloadsDir, '..', 'audit-witness'),
      desktop,
    });
    await use(app);
    await app.stop();
  },
  app: async ({ page, clearance, clock, desktop, rendererUrl }, use) => {
    await attachBridge(page, clearance.router, 'e2e-ws');
    backends.set(page, { clearance, clock });
    desktop.register(page);
    await page.goto(rendererUrl);
    await use(page);
    // Close the page before the database goes, so no poll arrives at a closed database.
    await page.close();
  },
});

export { expect };

/**
 * Fills the sign-in form and waits until the attempt is answered: the form is gone (signed in)
 * or the password field was cleared (the app clears it after a refusal). When the code is asked
 * next, types the one the person's authenticator shows now (their demo secret, or `secret`).
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, secret = demoTotpSecret(username)): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForFunction(() => {
    const form = document.querySelector('h1#signin-title');
    const field = document.querySelector<HTMLInputElement>('input[name="password"]');
    return !form || field?.value === '';
  });
  if (await page.locator('h1#code-title').isVisible()) {
    if (!secret) throw new Error(`${username} is asked for a code, but the test knows no authenticator secret for them`);
    await page.getByLabel('Code from your authenticator app').fill(await currentCode(page, username, secret));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator('h1#code-title').waitFor({ state: 'detached' });
  }
}

/**
 * Signs a window in through the real router, as another person's app would (password, then the
 * code their authenticator shows at the test's clock).
 */
export async function signInThroughRouter(
  clearance: RunningClearance,
  clock: ManualClock,
  caller: { senderKey: string; workstation: string },
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  const r = await clearance.router.invoke(caller, 'auth.signIn', { username, password });
  if (!r.ok) throw new Error(`sign-in failed for ${username}: ${r.message}`);
  const secret = demoTotpSecret(username);
  if (!secret) return;
  const code = await freshCode(clearance.handle.db, clock, username, secret);
  const c = await clearance.router.invoke(caller, 'auth.verifyCode', { kind: 'totp', code });
  if (!c.ok) throw new Error(`the code step failed for ${username}: ${c.message}`);
}

/**
 * Completes the enrolment screen as the person would with their phone: reads the key shown, types
 * the app's first code, and continues past the recovery codes. Returns the key (the secret).
 */
export async function enrolAuthenticator(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Set up your second factor' }).waitFor();
  const key = (await page.locator('.enrol__key code').textContent())!.replace(/ /g, '');
  const backend = backends.get(page);
  if (!backend) throw new Error('no app behind this page');
  await page.getByLabel('Code from your authenticator app').fill(codeAtStep(key, totpStep(backend.clock.now())));
  await page.getByRole('button', { name: 'Confirm and finish' }).click();
  await page.getByRole('button', { name: 'I have kept my recovery codes: continue' }).click();
  return key;
}

/** A code the person has not used yet, as their authenticator shows it at the test's clock. */
export async function currentCode(page: Page, username: string, secret = demoTotpSecret(username)): Promise<string> {
  const backend = backends.get(page);
  if (!backend || !secret) throw new Error(`no authenticator for ${username} in this test`);
  return freshCode(backend.clearance.handle.db, backend.clock, username, secret);
}

/** Zero axe violations (WCAG 2.1 AA rules) on what the page shows now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/** Screenshots for people to look at; kept out of git. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/screens/${name}.png`, fullPage: true });
}

/**
 * The finance department's newest pending card order, with its card number as the key ring opens it
 * (what a card processor's reveal must show), and the steps that find and follow it in the records list.
 */
export async function newestPendingCardOrder(clearance: RunningClearance): Promise<{ id: number; orderId: string; pan: string }> {
  const db = clearance.handle.db;
  const fin = await db.selectFrom('departments').select('id').where('code', '=', 'FIN').executeTakeFirstOrThrow();
  const order = await db
    .selectFrom('card_transactions')
    .selectAll()
    .where('status', '=', 'pending')
    .where('department_id', '=', fin.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { id: Number(order.id), orderId: order.order_id, pan: openCardNumber(testKeyRing(), order.pan_ciphertext!, order.order_id) };
}

/** Searches the records list for an order number and follows its link. */
export async function followCardOrder(page: Page, orderId: string): Promise<void> {
  await page.getByLabel('Search').fill(orderId);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: new RegExp(orderId) }).click();
}
