/**
 * Account administration in the browser: a locked-out person unlocked by the administrator, and a
 * role grant with its preview; each new screen scanned by axe.
 */
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { MINUTE } from '../../electron/services/clock.js';
import { currentCode, expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('a locked-out person is unlocked by the administrator, who gives a code again first', async ({ app, clearance, clock }) => {
  await clearance.handle.db
    .insertInto('settings')
    .values({ key: 'mfa.stepUpMinutes', value: '5', updated_at: clock.now().toISOString() })
    .execute();
  // Ten wrong passwords lock Rosa out.
  for (let i = 0; i < 10; i++) {
    await clearance.router.invoke({ senderKey: 'attacker', workstation: 'e2e-ws' }, 'auth.signIn', {
      username: 'rosa.diaz',
      password: `wrong-password-${i}`,
    });
  }
  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff accounts' }).click();
  await expect(app.getByRole('heading', { name: 'Staff accounts' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'accounts-list');

  await app.getByLabel('Status').selectOption({ label: 'Locked' });
  await app.getByRole('button', { name: 'Find' }).click();
  const table = app.getByRole('table', { name: 'Staff accounts' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Rosa Diaz');
  await expect(table).toContainText('Locked until');
  await table.getByRole('link', { name: 'Rosa Diaz' }).click();

  await expect(app.getByRole('heading', { name: 'Rosa Diaz', level: 1 })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'accounts-person-locked');
  const unlock = app.getByRole('form', { name: 'Unlock' });
  await unlock.getByRole('button', { name: 'Unlock the account' }).click();
  await expect(unlock.getByText('Enter a reason.')).toBeVisible();
  await unlock.getByLabel('Reason').fill('Called the help desk; identity checked against HR record');
  // The code given at sign-in is older than the step-up window (5 minutes here): an administrator action asks again.
  clock.advance(6 * MINUTE);
  await unlock.getByRole('button', { name: 'Unlock the account' }).click();
  const dialog = app.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog.getByLabel('Code from your authenticator app')).toBeFocused();
  await expectNoAxeViolations(app);
  await dialog.getByLabel('Code from your authenticator app').fill(await currentCode(app, 'alex.morgan'));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(app.getByText('Rosa Diaz can sign in again.')).toBeVisible();
  const steps = await clearance.handle.db
    .selectFrom('audit_log')
    .select(['event', 'outcome'])
    .where('actor_username', '=', 'alex.morgan')
    .where('event', 'in', ['auth.step_up', 'account.unlocked'])
    .orderBy('seq')
    .execute();
  expect(steps.map((e) => `${e.event}:${e.outcome}`)).toEqual(['auth.step_up:allowed', 'account.unlocked:allowed']);
  await expect(app.getByRole('form', { name: 'Unlock' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'rosa.diaz', DEMO_PASSWORD);
  await expect(app.getByRole('heading', { level: 1 })).toContainText('Rosa');
});

test('a role grant with its preview: training due, record access only once current, then granted', async ({ app }) => {
  await signIn(app, 'alex.morgan');
  await app.goto(`${app.url().split('#')[0]}#/admin/accounts/nora.hill`);
  await expect(app.getByRole('heading', { name: 'Nora Hill', level: 1 })).toBeVisible();
  await app.getByLabel('Grant a role').selectOption({ label: 'Live Help operator' });
  await app.getByRole('button', { name: 'Preview the grant' }).click();

  const preview = app.getByRole('region', { name: 'Grant Live Help operator to Nora Hill: preview' });
  await expect(preview.getByRole('table', { name: 'Modules this role requires' })).toContainText('Live Help operations');
  await expect(preview.getByRole('row', { name: /Live Help operations/ })).toContainText('becomes due');
  await expect(preview.getByRole('row', { name: /Live Help operations/ })).toContainText('Dec 24, 2026');
  await expect(preview).toContainText('starts only once modules 1, 2, 3, 4, 5 are current');
  await expect(preview).toContainText('list, open, export Live Help transcripts of Constituent Services');
  await expectNoAxeViolations(app);
  await screenshot(app, 'accounts-role-preview');

  await preview.getByLabel('Reason').fill('Joins the Live Help team');
  await preview.getByRole('button', { name: 'Grant Live Help operator' }).click();
  await expect(app.getByText('Live Help operator granted to Nora Hill.')).toBeVisible();
  const roles = app.getByRole('region', { name: 'Roles' });
  await expect(roles).toContainText('Live Help operator');
  await expect(roles.getByRole('button', { name: 'Revoke Live Help operator' })).toBeVisible();

  // Their own account offers none of the actions separation of duties forbids.
  await app.goto(`${app.url().split('#')[0]}#/admin/accounts/alex.morgan`);
  await expect(app.getByText('Nobody changes their own roles: another administrator must do it (separation of duties).')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Preview the grant' })).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'Reset the password' })).toHaveCount(0);
  await expectNoAxeViolations(app);
});

test('the demo database says so on every screen', async ({ app }) => {
  const banner = app.getByRole('complementary', { name: 'Demo organization' });
  await expect(banner).toContainText('Demo organization: synthetic people');
  await signIn(app, 'alex.morgan');
  await expect(banner).toContainText('Demo organization: synthetic people');
  await expectNoAxeViolations(app);
});

test('a roster row that gives back a role an access review revoked is applied only once confirmed', async ({ app, clearance }) => {
  const liam = await clearance.handle.db.selectFrom('staff').select('id').where('username', '=', 'liam.chen').executeTakeFirstOrThrow();
  const sam = { senderKey: 'sam-window', workstation: 'e2e-ws' };
  await clearance.router.invoke(sam, 'auth.signIn', { username: 'sam.okafor', password: DEMO_PASSWORD });
  const reviewed = await clearance.router.invoke(
    sam,
    'reviews.complete',
    { staffId: Number(liam.id), decisions: [{ role: 'live_help_operator', decision: 'revoke' }] },
    crypto.randomUUID(),
  );
  expect(reviewed.ok).toBe(true);

  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster import' }).click();
  await app.getByLabel('Roster file (CSV)').setInputFiles('test/fixtures/roster-sample.csv');
  const changes = app.getByRole('table', { name: 'Changes the roster makes' });
  await expect(changes).toContainText('re-grants Live Help operator, revoked by Sam Okafor in the access review of Nov 24, 2026');
  await expectNoAxeViolations(app);
  await screenshot(app, 'roster-regrant');

  await app.getByRole('button', { name: 'Apply these changes' }).click();
  await expect(app.getByRole('alert')).toContainText('Confirm each re-grant of a role an access review revoked before applying');
  await app.getByRole('checkbox', { name: 'Confirm the re-grant for Liam Chen' }).check();
  await app.getByRole('button', { name: 'Apply these changes' }).click();
  await expect(app.getByText('Roster imported')).toBeVisible();
});

test('a staff search that is too long is refused on the field in words, and the list stays usable', async ({ app }) => {
  await signIn(app, 'alex.morgan');
  await app.goto(`${app.url().split('#')[0]}#/admin/accounts`);
  const find = app.getByRole('form', { name: 'Find staff' });
  await find.getByLabel('Search').fill('x'.repeat(150));
  await find.getByRole('button', { name: 'Find' }).click();
  await expect(find.getByText('Search can be at most 100 characters.')).toBeVisible();
  await expect(find.getByLabel('Search')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(app);
  await find.getByLabel('Search').fill('Nora');
  await find.getByRole('button', { name: 'Find' }).click();
  await expect(find.getByText('Search can be at most 100 characters.')).toHaveCount(0);
  await expect(app.getByRole('link', { name: /Nora Hill/ })).toBeVisible();
});
