/**
 * A fresh install: an empty database (not a demo) opens on the first-run setup; the first
 * administrator sets up the organization, enrols an authenticator app (no way past it without),
 * keeps the recovery codes, and creates a clerk, who signs in with the one-time password, changes
 * it and enrols their own; the administrator signs in again with password and code.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClearance } from '../../electron/app/bootstrap.js';
import { CONTENT_DIR } from '../support/paths.js';
import { randomBytes } from 'node:crypto';
import { memoryKeyStore, sealedKeyCustody } from '../../electron/services/keys/custody.js';
import { aesKeySealer } from '../../electron/services/keys/sealer.js';
import { totpStep } from '../../electron/services/auth/totp.js';
import { MINUTE } from '../../electron/services/clock.js';
import { codeAtStep } from '../support/totpCodes.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test as demoTest } from './fixtures.js';

const test = demoTest.extend({
  clearance: async ({ clock, desktop }, use) => {
    const app = await startClearance({
      sqlitePath: join(mkdtempSync(join(tmpdir(), 'clearance-fresh-')), 'clearance.db'),
      workstation: 'e2e-ws',
      clock,
      contentDir: CONTENT_DIR,
      keyCustody: sealedKeyCustody(memoryKeyStore(), aesKeySealer(randomBytes(32))),
      desktop,
    });
    await use(app);
    await app.stop();
  },
});

test('a fresh install through first-run setup, the first administrator enrolling an authenticator, then creating a clerk', async ({
  app,
  desktop,
  clearance,
  clock,
}) => {
  await expect(app.getByRole('heading', { name: 'Set up Clearance' })).toBeVisible();
  await expect(app.getByRole('complementary', { name: 'Demo organization' })).toHaveCount(0);
  await expectNoAxeViolations(app);
  await screenshot(app, 'setup');

  await app.getByLabel('Organization name').fill('Office of the State Registrar');
  await app.getByLabel('Departments').fill('Registrar Services\nInformation Technology\n');
  await app.getByLabel('Full name').fill('Dana Reyes');
  await app.getByLabel('Username').fill('dana.reyes');
  await app.getByLabel('E-mail').fill('dana.reyes@registrar.example.gov');
  await app.getByLabel('Employee ID').fill('R-0001');
  await app.getByLabel('Department', { exact: true }).selectOption('Information Technology');
  await app.getByLabel('Password', { exact: true }).fill('short1');
  await app.getByLabel('Confirm password').fill('short1');
  await app.getByRole('button', { name: 'Set up Clearance' }).click();
  await expect(app.getByRole('alert')).toContainText('Use at least 12 characters.');
  await expect(app.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters\./);
  await expectNoAxeViolations(app);

  await app.getByLabel('Password', { exact: true }).fill('Harbour-lights-2026');
  await app.getByLabel('Confirm password').fill('Harbour-lights-2026');
  await app.getByRole('button', { name: 'Set up Clearance' }).click();
  await expect(app.getByText('Clearance is set up')).toBeVisible();
  await expect(app.getByText('You are signed in as Dana Reyes, the first administrator.')).toBeVisible();
  // Step 2: the first administrator's authenticator, with nothing to skip it.
  await expect(app.getByRole('listitem').filter({ hasText: '2. Second factor' })).toHaveAttribute('aria-current', 'step');
  await expect(app.getByRole('heading', { name: 'Set up your second factor' })).toBeVisible();
  await expect(app.getByRole('img', { name: /QR code that adds Clearance \(dana\.reyes\)/ })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Continue to Clearance' })).toHaveCount(0);
  await expect(app.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expectNoAxeViolations(app);
  await screenshot(app, 'setup-second-factor');
  const key = (await app.locator('.enrol__key code').textContent())!.replace(/ /g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(key, totpStep(clock.now()) + 4));
  await app.getByRole('button', { name: 'Confirm and finish' }).click();
  await expect(app.getByText('That code is not correct', { exact: false })).toBeVisible();
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(key, totpStep(clock.now())));
  await app.getByRole('button', { name: 'Confirm and finish' }).click();
  await expect(app.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expect(app.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await expectNoAxeViolations(app);
  await app.getByRole('button', { name: 'I have kept my recovery codes: continue' }).click();
  const factor = await clearance.handle.db
    .selectFrom('totp_factors')
    .innerJoin('staff', 'staff.id', 'totp_factors.staff_id')
    .select(['staff.username', 'totp_factors.confirmed_at'])
    .execute();
  expect(factor).toEqual([{ username: 'dana.reyes', confirmed_at: expect.any(String) }]);

  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff accounts' }).click();
  await expect(app.getByRole('table', { name: 'Staff accounts' })).toContainText('Dana Reyes');
  await app.getByRole('link', { name: 'New account' }).click();
  await expect(app.getByRole('heading', { name: 'New account' })).toBeVisible();
  await expectNoAxeViolations(app);
  await app.getByLabel('Full name').fill('Sam Whitfield');
  await app.getByLabel('Username', { exact: true }).fill('sam.whitfield');
  await app.getByLabel('E-mail').fill('sam.whitfield@registrar.example.gov');
  await app.getByLabel('Employee ID').fill('R-0002');
  await app.getByLabel('Department').selectOption({ label: 'Registrar Services' });
  await app.getByLabel("Supervisor's username").fill('dana.reyes');
  await app.getByRole('checkbox', { name: 'Records clerk' }).check();
  await app.getByRole('button', { name: 'Create the account' }).click();
  await expect(app.getByRole('heading', { name: 'Account created' })).toBeVisible();
  const otp = (await app.getByTestId('new-account-otp').textContent())!;
  expect(otp).toMatch(/^[A-Za-z2-9]{16}$/);
  await expect(app.getByText('Granted: Staff member, Records clerk.')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'account-created');
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'sam.whitfield', otp);
  await expect(app.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  expect(desktop.demoRequested).toBe(false);
  // The clerk opens records, so after the new password comes their own authenticator.
  await app.getByLabel('Current password').fill(otp);
  await app.getByLabel('New password', { exact: true }).fill('Quiet-river-2026');
  await app.getByLabel('Confirm new password').fill('Quiet-river-2026');
  await app.getByRole('button', { name: 'Change password' }).click();
  await expect(app.getByRole('heading', { name: 'Set up your second factor' })).toBeVisible();
  await expect(app.getByText('Your role as Records clerk requires it.', { exact: false })).toBeVisible();
  const clerkKey = (await app.locator('.enrol__key code').textContent())!.replace(/ /g, '');
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(clerkKey, totpStep(clock.now())));
  await app.getByRole('button', { name: 'Confirm and finish' }).click();
  await expect(app.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await app.getByRole('button', { name: 'I have kept my recovery codes: continue' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toContainText('Sam');

  // The administrator signs in again: password, then a code from the app set up during setup.
  await app.getByRole('button', { name: 'Sign out' }).click();
  clock.advance(MINUTE);
  await signIn(app, 'dana.reyes', 'Harbour-lights-2026', key);
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff accounts' })).toBeVisible();
});

test('"Try the demo" asks the desktop to reopen on the separate demo database', async ({ app, desktop, clearance }) => {
  await app.getByRole('button', { name: 'Try the demo' }).click();
  await expect(app.getByText('Clearance is reopening on the demo organization…')).toBeVisible();
  expect(desktop.demoRequested).toBe(true);
  expect(await clearance.handle.db.selectFrom('staff').select('id').execute()).toEqual([]);
});
