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
import { testKeyCustody } from '../support/testKeys.js';
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
  app: async ({ page, clearance, desktop, rendererUrl }, use) => {
    await attachBridge(page, clearance.router, 'e2e-ws');
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
 * or the password field was cleared (the app clears it after a refusal).
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForFunction(() => {
    const form = document.querySelector('h1#signin-title');
    const field = document.querySelector<HTMLInputElement>('input[name="password"]');
    return !form || field?.value === '';
  });
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
