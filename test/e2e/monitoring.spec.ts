import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('a clerk opening a coworker’s record raises an alert; the privacy officer judges it inappropriate and the grant ends', async ({
  app,
  clearance,
}) => {
  test.setTimeout(120_000);
  // Constituent Services holds a letter from Liam Chen, who works there: a coworker's record, for Rosa.
  const db = clearance.handle.db;
  const cs = await db.selectFrom('departments').select('id').where('code', '=', 'CS').executeTakeFirstOrThrow();
  const record = await db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', cs.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('personal_records')
    .set({ full_name: 'Liam Chen', email: 'liam.chen.home@example.org' })
    .where('id', '=', record.id)
    .execute();

  await signIn(app, 'rosa.diaz');
  const nav = app.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Records' }).click();
  await app.getByLabel('Kind of record').selectOption('PersonalRecord');
  await app.getByLabel('Record number').fill(String(record.id));
  await app.getByRole('button', { name: 'Open', exact: true }).click();
  await app.getByLabel('Describe the emergency').fill('Caller says the letter is urgent and Constituent Services is closed.');
  await app.getByLabel('Your password').fill(DEMO_PASSWORD);
  await app.getByRole('button', { name: 'Break the glass' }).click();
  await app.getByLabel('Reason').selectOption('respond_to_citizen');
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Liam Chen' })).toBeVisible();
  await app.getByRole('button', { name: 'Sign out' }).click();

  // The privacy officer runs the rules and finds the alert with its evidence.
  await signIn(app, 'priya.shah');
  await nav.getByRole('link', { name: 'Privacy alerts' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Privacy alerts' })).toBeVisible();
  await expect(app.getByText('No open alerts. Nothing needs your judgement.')).toBeVisible();
  await app.getByRole('button', { name: 'Run the rules now' }).click();
  await expect(app.getByText(/^The rules looked at \d+ days? of the trail: [1-9]\d* new alerts?/)).toBeVisible();
  const link = app.getByRole('link', { name: 'Coworker: Rosa Diaz, Nov 24, 2026' });
  await expect(link).toBeVisible();
  await expect(app.getByText(/Rosa Diaz opened 1 record about a coworker: personal-information record about Liam Chen/)).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-alerts');

  await nav.getByRole('link', { name: 'Dashboard' }).click();
  const openAlerts = app.getByRole('table', { name: 'Open privacy alerts by rule and age' });
  await expect(openAlerts.getByRole('row', { name: /^Coworker 1 0 0 today$/ })).toBeVisible();

  await nav.getByRole('link', { name: 'Privacy alerts' }).click();
  await link.click();
  await expect(app.getByRole('heading', { level: 1, name: 'Coworker: Rosa Diaz, Nov 24, 2026' })).toBeVisible();
  const evidence = app.getByRole('table', { name: 'The entries that raised this alert' });
  await expect(evidence).toContainText('Opened a record');
  await expect(evidence).toContainText('personal-information record: Liam Chen');
  await expect(evidence).toContainText('Break-glass grant');
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-alert');

  await app.getByLabel('Inappropriate').check();
  await expect(
    app.getByText('Rosa Diaz has an emergency (break-glass) access open now. Judging this inappropriate ends it at once.'),
  ).toBeVisible();
  await app.getByRole('button', { name: 'Record judgement' }).click();
  await expect(app.getByText('Say why the access was inappropriate.')).toBeVisible();
  await expect(app.getByLabel('Note')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(app);
  await app.getByLabel('Note').fill('No call was logged; Liam is a coworker and the letter is personal.');
  await app.getByRole('button', { name: 'Record judgement' }).click();
  await expect(
    app.getByText(
      'Judged inappropriate. One emergency access ended at once. Maria Lopez, their supervisor, will see it on their home screen.',
    ),
  ).toBeVisible();
  await expect(app.getByText(/^Judged inappropriate by Priya Shah on .*: No call was logged/)).toBeVisible();
  await expectNoAxeViolations(app);

  await nav.getByRole('link', { name: 'Break-glass reviews' }).click();
  await expect(app.getByText('A privacy review judged the access inappropriate (Coworker alert)')).toBeVisible();

  await nav.getByRole('link', { name: 'Monitoring rules' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Monitoring rules' })).toBeVisible();
  await app.getByLabel('Full name').fill('Evelyn Harper');
  await app.getByLabel('E-mail (optional)').fill('evelyn.harper@example.org');
  await app.getByRole('button', { name: 'Add to the watch list' }).click();
  await expect(app.getByRole('button', { name: 'Remove Evelyn Harper' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-monitoring-rules');
  await app.getByRole('button', { name: 'Sign out' }).click();

  // The grant has ended: the record no longer opens, and the glass cannot be broken again for it.
  await signIn(app, 'rosa.diaz');
  await app.goto(app.url().replace(/#.*$/, '') + `#/records/PersonalRecord/${record.id}`);
  await expect(app.getByText('Access denied')).toBeVisible();
  await expect(app.getByText(/Your emergency access to this record ended: a privacy review judged the access inappropriate/)).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Emergency access (break-glass)' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Sign out' }).click();

  // Rosa's supervisor sees it on her home screen.
  await signIn(app, 'maria.lopez');
  await nav.getByRole('link', { name: 'Home' }).click();
  const notice = app.getByRole('region', { name: 'From the privacy office' });
  await expect(notice).toContainText('Rosa Diaz: Priya Shah judged their access to records on Nov 24, 2026 inappropriate (Coworker rule');
  await expect(notice).toContainText('Note: No call was logged; Liam is a coworker and the letter is personal.');
  await expectNoAxeViolations(app);
  await screenshot(app, 'supervisor-privacy-notice');
  await app.getByRole('button', { name: 'Mark as read: Rosa Diaz' }).click();
  await expect(notice).toHaveCount(0);
});
