import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from '../../scripts/electron-binary.mjs';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';

const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary(root);
if (!binary)
  console.log(
    `Electron suite skipped: no Electron binary on this machine. ${(NO_ELECTRON_MESSAGE as string)
      .split('\n')
      .slice(1, 3)
      .map((l) => l.trim())
      .join(' ')}`,
  );

test.describe('the real desktop app', () => {
  test.skip(!binary, 'no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH or install Electron with internet access)');

  let app: ElectronApplication;
  let window: Page;

  let userData: string;

  test.beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'clearance-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [join(root, 'dist/electron/main.cjs'), `--user-data-dir=${userData}`, '--demo'],
      cwd: root,
      env: { ...process.env, CLEARANCE_DEMO_DB: join(userData, 'clearance-demo.db') },
    });
    window = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('creates the demo database and signs a Live Help operator in', async () => {
    expect(existsSync(join(userData, 'clearance-demo.db'))).toBe(true);
    await window.getByLabel('Username').fill('liam.chen');
    await window.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await window.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(window.getByRole('heading', { level: 1 })).toContainText('Liam');
  });

  test('opens a training module', async () => {
    await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();
    await window.getByRole('link', { name: /Live Help operations/ }).click();
    await expect(window.getByText(/^Lesson \d+ of \d+$/)).toBeVisible();
  });

  test('a trained operator opens a transcript, and the privacy officer sees the audit entry', async () => {
    await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
    await window.locator('.record-list__item').first().click();
    await window.getByLabel('Reason').selectOption('respond_to_citizen');
    await window.getByRole('button', { name: 'Open record' }).click();
    await expect(window.getByText('Opened for: Responding to the citizen')).toBeVisible();
    await window.getByRole('button', { name: 'Sign out' }).click();
    await window.getByLabel('Username').fill('priya.shah');
    await window.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await window.getByRole('button', { name: 'Sign in', exact: true }).click();
    await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await window.getByLabel('Find a person').fill('liam.chen');
    await window.getByRole('button', { name: 'Find', exact: true }).click();
    await window.getByRole('button', { name: /^Liam Chen \(liam\.chen\)/ }).click();
    await window.getByLabel('Event').fill('record.open');
    await window.getByRole('button', { name: 'Apply filters' }).click();
    await expect(window.getByRole('table', { name: 'Audit entries' })).toContainText('record.open');
  });

  test('prints a certificate to PDF with printToPDF through the save dialog', async () => {
    const target = join(userData, 'certificate.pdf');
    // Answer the native save dialog as a person would.
    await app.evaluate(({ dialog }, path) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
    }, target);
    await window.getByRole('button', { name: 'Sign out' }).click();
    await window.getByLabel('Username').fill('carl.patel');
    await window.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await window.getByRole('button', { name: 'Sign in', exact: true }).click();
    await window.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();
    await window
      .getByRole('link', { name: /View certificate/ })
      .first()
      .click();
    await window.getByRole('button', { name: 'Save as PDF' }).click();
    await expect(window.getByText(`Saved to ${target}`)).toBeVisible();
    expect(readFileSync(target).subarray(0, 4).toString()).toBe('%PDF');
  });

  test('every window is hardened', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => {
        // Documented WebContents API, missing from some electron.d.ts versions.
        const p = (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null }).getLastWebPreferences();
        return {
          contextIsolation: p?.contextIsolation,
          sandbox: p?.sandbox,
          nodeIntegration: p?.nodeIntegration,
          webviewTag: p?.webviewTag,
          webSecurity: p?.webSecurity,
        };
      }),
    );
    expect(prefs.length).toBeGreaterThan(0);
    for (const p of prefs)
      expect(p).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
  });

  test('the page has no Node and only the one bridge function', async () => {
    const globals = await window.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { clearance: object }).clearance),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke'] });
  });
});
