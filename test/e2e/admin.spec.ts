import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('an administrator sees which database the workstation uses, and a wrong server is refused in words', async ({ app, desktop }) => {
  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Database' }).click();
  await expect(app.getByText('Embedded (this computer only)')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'admin-database');
  await app.getByLabel('Server URL').fill('postgres://clearance_app@127.0.0.1:1/clearance');
  await app.getByLabel('Database password').fill('not-used');
  await app.getByRole('button', { name: 'Test and save' }).click();
  await expect(
    app.getByText(/Could not connect to postgres:\/\/clearance_app:\*\*\*@127\.0\.0\.1:1\/clearance.*Nothing was saved\./),
  ).toBeVisible();
  await expect(app.getByRole('alert')).not.toContainText('not-used');
  expect(desktop.databaseSetting).toBeNull();
  await app.getByLabel('Server URL').fill('mysql://nope');
  await app.getByRole('button', { name: 'Test and save' }).click();
  await expect(app.getByText('Enter a URL like postgres://clearance_app@db.agency.example:5432/clearance.')).toBeVisible();
});
