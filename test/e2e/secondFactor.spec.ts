/**
 * Multi-factor sign-in in the browser: a clerk with record access sets up an authenticator at
 * first sign-in and then signs in with a code; a step-up before a reveal; My account's factor
 * section. Axe on every new screen and on the dialog.
 */
import type { RunningClearance } from '../../electron/app/bootstrap.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { totpStep } from '../../electron/services/auth/totp.js';
import { MINUTE } from '../../electron/services/clock.js';
import { codeAtStep } from '../support/totpCodes.js';
import { currentCode, expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

/** A synthetic records clerk of the demo who has no authenticator yet. */
async function unenrolledClerk(clearance: RunningClearance): Promise<{ username: string; displayName: string }> {
  return clearance.handle.db
    .selectFrom('staff')
    .innerJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
    .leftJoin('totp_factors', 'totp_factors.staff_id', 'staff.id')
    .select(['staff.username', 'staff.display_name as displayName'])
    .where('staff_roles.role_key', '=', 'records_clerk')
    .where('totp_factors.staff_id', 'is', null)
    .orderBy('staff.id')
    .executeTakeFirstOrThrow();
}

test('a clerk with record access sets up an authenticator at first sign-in, keeps the recovery codes, then signs in with a code', async ({
  app,
  clearance,
  clock,
}) => {
  const clerk = await unenrolledClerk(clearance);
  await signIn(app, clerk.username);
  await expect(app.getByRole('heading', { name: 'Set up your second factor' })).toBeVisible();
  await expect(app.getByText('Your role as Records clerk requires it.', { exact: false })).toBeVisible();
  await expect(app.getByRole('navigation')).toHaveCount(0);
  const qr = app.getByRole('img', { name: /QR code that adds Clearance/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  await expectNoAxeViolations(app);
  await screenshot(app, 'enrolment');

  const key = (await app.locator('.enrol__key code').textContent())!.replace(/ /g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  const step = totpStep(clock.now());
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(key, step + 3));
  await app.getByRole('button', { name: 'Confirm and finish' }).click();
  await expect(app.getByText('That code is not correct', { exact: false })).toBeVisible();
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(key, step));
  await app.getByRole('button', { name: 'Confirm and finish' }).click();

  await expect(app.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  const codes = app.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(app.getByText('They are shown only now.')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'recovery-codes');
  const recovery = (await codes.first().textContent())!;
  await app.getByRole('button', { name: 'I have kept my recovery codes: continue' }).click();
  await expect(app.getByRole('heading', { level: 1 })).toContainText(clerk.displayName.split(' ')[0]!);

  // Next sign-in: password, then the code from the app.
  await app.getByRole('button', { name: 'Sign out' }).click();
  clock.advance(MINUTE);
  await app.getByLabel('Username').fill(clerk.username);
  await app.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await app.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(app.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'signin-code');
  await app.getByLabel('Code from your authenticator app').fill(codeAtStep(key, totpStep(clock.now())));
  await app.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(app.getByRole('heading', { level: 1 })).toContainText(clerk.displayName.split(' ')[0]!);

  // And once with a recovery code, reached by keyboard alone.
  await app.getByRole('button', { name: 'Sign out' }).click();
  await app.getByLabel('Username').fill(clerk.username);
  await app.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await app.getByRole('button', { name: 'Use a recovery code instead' }).focus();
  await app.keyboard.press('Enter');
  await expect(app.getByLabel('Recovery code')).toBeFocused();
  await app.keyboard.type(recovery);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 })).toContainText(clerk.displayName.split(' ')[0]!);
  const used = await clearance.handle.db.selectFrom('recovery_codes').select('used_at').where('used_at', 'is not', null).execute();
  expect(used).toHaveLength(1);
});

test('a reveal asks for a code again once the last one is older than the step-up window, then reveals', async ({
  app,
  clearance,
  clock,
}) => {
  await clearance.handle.db
    .insertInto('settings')
    .values({ key: 'mfa.stepUpMinutes', value: '5', updated_at: clock.now().toISOString() })
    .execute();
  await signIn(app, 'rosa.diaz');
  const record = await clearance.handle.db
    .selectFrom('personal_records as r')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .select('r.id')
    .where('d.code', '=', 'REC')
    .orderBy('r.id')
    .executeTakeFirstOrThrow();
  await app.goto(`${app.url().split('#')[0]}#/records/PersonalRecord/${record.id}`);
  await app.getByLabel('Reason').selectOption('investigation');
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByLabel('Social Security number, masked')).toBeVisible();

  clock.advance(6 * MINUTE);
  await app.getByRole('button', { name: 'Reveal Social Security number' }).click();
  const dialog = app.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Code from your authenticator app')).toBeFocused();
  await expect(app.getByRole('button', { name: 'Reveal Social Security number' })).toHaveAttribute('aria-busy', 'true');
  await expectNoAxeViolations(app);
  await screenshot(app, 'step-up-dialog');

  await dialog.getByLabel('Code from your authenticator app').fill('000000');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog.getByText('That code is not correct', { exact: false })).toBeVisible();
  await dialog.getByLabel('Code from your authenticator app').fill(await currentCode(app, 'rosa.diaz'));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByTestId('revealed-ssn')).toBeVisible();

  const entries = await clearance.handle.db
    .selectFrom('audit_log')
    .select(['event', 'outcome'])
    .where('actor_username', '=', 'rosa.diaz')
    .where('event', 'in', ['record.reveal', 'auth.step_up'])
    .orderBy('seq')
    .execute();
  expect(entries.map((e) => `${e.event}:${e.outcome}`)).toEqual(['auth.step_up:denied', 'auth.step_up:allowed', 'record.reveal:allowed']);
});

test('cancelling the code dialog does nothing and says so', async ({ app, clearance, clock }) => {
  await clearance.handle.db
    .insertInto('settings')
    .values({ key: 'mfa.stepUpMinutes', value: '1', updated_at: clock.now().toISOString() })
    .execute();
  await signIn(app, 'alex.morgan');
  await app.getByRole('link', { name: 'My account' }).click();
  clock.advance(2 * MINUTE);
  await app.getByRole('button', { name: 'Get new recovery codes' }).click();
  const dialog = app.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(app.getByText('Nothing was done: this action needs a code from your authenticator app first.')).toBeVisible();
  expect(await clearance.handle.db.selectFrom('recovery_codes').select('id').execute()).toEqual([]);
});

test('My account shows the second factor and gives new recovery codes; an optional one can be set up there', async ({ app, clock }) => {
  await signIn(app, 'carl.patel');
  await app.getByRole('link', { name: 'My account' }).click();
  const section = app.getByRole('region', { name: 'Second factor' });
  await expect(section.getByText('An authenticator app is set up')).toBeVisible();
  await expect(section.getByText('0 of 10')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'account-second-factor');
  await section.getByRole('button', { name: 'Get new recovery codes' }).click();
  await expect(app.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await app.getByRole('button', { name: 'I have kept my recovery codes: continue' }).click();
  await expect(section.getByText('10 of 10')).toBeVisible();

  await app.getByRole('button', { name: 'Sign out' }).click();
  clock.advance(MINUTE);
  await signIn(app, 'jordan.blake');
  await app.getByRole('link', { name: 'My account' }).click();
  await expect(section.getByText('Optional for your role', { exact: false })).toBeVisible();
  await expectNoAxeViolations(app);
  await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(section.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'account-enrol');
});
