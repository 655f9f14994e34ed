import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('a supervisor opens the team report, filters overdue, and exports CSV and PDF', async ({ app, clock }) => {
  clock.advance(40 * 86_400_000); // the new hire's first modules are now overdue
  await signIn(app, 'sam.okafor');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification report' }).click();
  await expect(app.getByText(/^Team of Sam Okafor · generated/)).toBeVisible();
  const table = app.getByRole('table', { name: 'Certification by person and module' });
  await expect(table).toContainText('Liam Chen');
  await expect(table).toContainText('Nora Hill');
  await expect(table).not.toContainText('Rosa Diaz'); // another supervisor's team
  await expect(app.getByRole('table', { name: 'Compliance by department' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'report-team');

  await app.getByLabel('Status').selectOption('overdue');
  await expect(table.locator('tr[data-person]').first()).toBeVisible();
  await expect(table).toContainText('Nora Hill');
  await expect(table).not.toContainText('Liam Chen');
  const shown = await table.locator('tr[data-person]').count();
  for (let i = 0; i < shown; i++) await expect(table.locator('tr[data-person]').nth(i)).toContainText(/overdue by \d+ days?/);

  await table.getByRole('button', { name: /^Name/ }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toHaveCount(1);

  await app.getByRole('button', { name: 'Export CSV' }).click();
  const csvNote = app.getByText(/^Saved \d+ rows as CSV to /);
  await expect(csvNote).toBeVisible();
  const csv = readFileSync((await csvNote.textContent())!.replace(/^.* to /, ''), 'utf8');
  expect(csv).toContain('Generated 2027-01-03');
  expect(csv).toContain('Sam Okafor (sam.okafor)');
  expect(csv).toContain('Nora Hill');
  expect(csv).not.toContain('Liam Chen');
  expect(csv).toContain('Filtered by status overdue.');

  await app.getByRole('button', { name: 'Export PDF' }).click();
  const pdfNote = app.getByText(/^Saved \d+ rows as PDF to /);
  await expect(pdfNote).toBeVisible();
  const pdfPath = (await pdfNote.textContent())!.replace(/^.* to /, '');
  expect(readFileSync(pdfPath).subarray(0, 4).toString()).toBe('%PDF');
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  expect(text).toContain('Nora Hill');
  expect(text).toMatch(/Generated 2027-01-03T\S+ by Sam Okafor/);
});

test('administrators and privacy officers choose any department or the whole organization', async ({ app }) => {
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification report' }).click();
  await app.getByLabel('Scope').selectOption('organization');
  await expect(app.getByText(/^Whole organization · generated/)).toBeVisible();
  const table = app.getByRole('table', { name: 'Certification by person and module' });
  await expect(table).toContainText('Rosa Diaz');
  await expect(table).toContainText('Liam Chen');
  await expectNoAxeViolations(app);
  await screenshot(app, 'report-organization');
});

test('a supervisor completes an access review and revokes a role; that person is then denied, with the reason shown', async ({ app }) => {
  await signIn(app, 'ken.ito');
  await expect(app.getByRole('region', { name: 'Access reviews' })).toContainText('overdue');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access reviews' }).click();
  const carl = app.getByRole('article', { name: 'Carl Patel' });
  await expect(carl).toContainText('Card processor');
  await expect(carl).toContainText('Overdue since');
  await expectNoAxeViolations(app);
  await carl.getByRole('button', { name: 'Review Carl Patel' }).click();
  await carl.getByRole('button', { name: 'Complete review of Carl Patel' }).click();
  await expect(carl.getByText('Choose keep or revoke for: Card processor.')).toBeVisible();
  await carl.getByRole('radio', { name: 'Revoke now' }).check();
  await carl.getByLabel('Note for Card processor (optional)').fill('Moved to accounts payable; no longer takes card payments.');
  await expectNoAxeViolations(app);
  await screenshot(app, 'access-review-form');
  await carl.getByRole('button', { name: 'Complete review of Carl Patel' }).click();
  await expect(app.getByText('Review of Carl Patel recorded. Revoked at once: card_processor.')).toBeVisible();
  await expect(app.getByRole('article', { name: 'Carl Patel' })).toContainText('Due ');
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'carl.patel');
  await app.goto(app.url().replace(/#.*$/, '') + '#/records/CardTransaction/1');
  await expect(app.getByText('Access denied')).toBeVisible();
  await expect(app.getByText('Your role does not include card processing.')).toBeVisible();
});
