import { DEMO_ACCOUNTS, DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import { ROLE_NAMES } from '../../electron/contract/roles.js';
import { MINUTE } from '../../electron/services/clock.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test.describe('signing in', () => {
  for (const account of DEMO_ACCOUNTS.filter((a) => !a.mustChange)) {
    test(`${account.username} (${
      account.roles
        .filter((r) => r !== 'staff')
        .map((r) => ROLE_NAMES[r])
        .join(', ') || 'staff'
    }) signs in and sees their name and roles`, async ({ app }) => {
      await signIn(app, account.username, account.password);
      const first = account.displayName.split(' ')[0]!;
      await expect(app.getByRole('heading', { level: 1 })).toContainText(first);
      for (const role of account.roles) {
        await expect(app.getByText(ROLE_NAMES[role], { exact: true }).first()).toBeVisible();
      }
      await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' })).toHaveAttribute(
        'aria-current',
        'page',
      );
    });
  }

  test('a wrong password says so without saying whether the username exists', async ({ app }) => {
    await signIn(app, 'liam.chen', 'not-the-password-1');
    const known = await app.getByRole('alert').textContent();
    await signIn(app, 'no.such.person', 'not-the-password-1');
    await expect(app.getByRole('alert')).toHaveText(known!);
    expect(known).toContain('not correct');
  });

  test('ten wrong passwords lock the account for 30 minutes, even against the right password', async ({ app, clock }) => {
    for (let i = 0; i < 10; i++) await signIn(app, 'rosa.diaz', `wrong-password-${i}`);
    await expect(app.getByRole('alert')).toContainText('locked');
    await signIn(app, 'rosa.diaz', DEMO_PASSWORD);
    await expect(app.getByRole('alert')).toContainText('locked until');
    await screenshot(app, 'signin-locked-out');
    clock.advance(31 * MINUTE);
    await signIn(app, 'rosa.diaz', DEMO_PASSWORD);
    await expect(app.getByRole('heading', { level: 1 })).toContainText('Rosa');
  });

  test('a new hire must replace the one-time password before anything else', async ({ app }) => {
    await signIn(app, 'nora.hill', NEW_HIRE_FIRST_PASSWORD);
    await expect(app.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await expect(app.getByRole('navigation')).toHaveCount(0);
    await expectNoAxeViolations(app);
    await screenshot(app, 'forced-password-change');

    await app.getByLabel('Current password').fill(NEW_HIRE_FIRST_PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('short1');
    await app.getByLabel('Confirm new password').fill('short1');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByText('Use at least 12 characters.').first()).toBeVisible();

    await app.getByLabel('Current password').fill(NEW_HIRE_FIRST_PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('Nora-secure-2026');
    await app.getByLabel('Confirm new password').fill('Nora-secure-2026');
    await app.getByRole('button', { name: 'Change password' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toContainText('Nora');

    await app.getByRole('button', { name: 'Sign out' }).click();
    await signIn(app, 'nora.hill', 'Nora-secure-2026');
    await expect(app.getByRole('heading', { level: 1 })).toContainText('Nora');
  });

  test('after 15 idle minutes the screen locks and the password unlocks it', async ({ app, clock }) => {
    await signIn(app, 'carl.patel');
    await app.getByRole('link', { name: 'My account' }).click();
    await expect(app.getByRole('heading', { name: 'My account' })).toBeVisible();

    clock.advance(14 * MINUTE);
    await app.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(app.getByRole('heading', { name: 'My account' })).toBeVisible();

    clock.advance(2 * MINUTE);
    await app.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(app.getByRole('heading', { name: 'Session locked' })).toBeVisible();
    await expect(app.getByText('Carl Patel')).toHaveCount(0);
    await expectNoAxeViolations(app);
    await screenshot(app, 'lock-screen');

    await app.getByLabel('Password').fill('wrong-password-1');
    await app.getByRole('button', { name: 'Unlock' }).click();
    await expect(app.getByRole('alert')).toContainText('not correct');
    await app.getByLabel('Password').fill(DEMO_PASSWORD);
    await app.getByRole('button', { name: 'Unlock' }).click();
    await expect(app.getByRole('heading', { name: 'My account' })).toBeVisible();
  });

  test('signing out returns to the sign-in screen and ends the session in main', async ({ app, clearance }) => {
    await signIn(app, 'priya.shah');
    await expect(app.getByRole('heading', { level: 1 })).toContainText('Priya');
    await app.getByRole('button', { name: 'Sign out' }).click();
    await expect(app.getByRole('status')).toContainText('You have signed out.');
    const result = await app.evaluate(() =>
      (window as unknown as { clearance: { invoke(c: string, i: unknown): Promise<unknown> } }).clearance.invoke('auth.activity', {}),
    );
    expect(result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const events = await clearance.handle.db.selectFrom('audit_log').select('event').where('actor_username', '=', 'priya.shah').execute();
    expect(events.map((e) => e.event)).toEqual(['auth.sign_in', 'auth.second_factor', 'auth.sign_out']);
  });
});

test.describe('every screen is accessible', () => {
  test('sign-in, home and account have zero axe violations', async ({ app }) => {
    await expectNoAxeViolations(app);
    await screenshot(app, 'signin');
    await signIn(app, 'sam.okafor');
    await expect(app.getByRole('heading', { level: 1 })).toContainText('Sam');
    await expectNoAxeViolations(app);
    await screenshot(app, 'home-supervisor');
    await app.getByRole('link', { name: 'My account' }).click();
    await expect(app.getByRole('heading', { name: 'My account' })).toBeVisible();
    await expectNoAxeViolations(app);
    await screenshot(app, 'account');
  });
});
