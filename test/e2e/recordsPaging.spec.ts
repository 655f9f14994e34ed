import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('the records list pages older and newer by keyboard, and back to the same first page', async ({ app }) => {
  await app.clock.install();
  await signIn(app, 'rosa.diaz');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await expect(app.getByRole('heading', { name: 'Personal-information records' })).toBeVisible();
  const status = app.getByText(/^\d+ records · page \d+ of \d+$/);
  await expect(status).toHaveText(/page 1 of \d+$/);
  const pages = Number((await status.textContent())!.match(/of (\d+)$/)![1]);
  expect(pages).toBeGreaterThan(1);
  // Each record's line ends with its number, so pages can be told apart even where names repeat.
  const items = app.locator('.record-list__meta');
  const firstPage = await items.allTextContents();
  const pager = app.getByRole('navigation', { name: 'Pages' });
  await expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await pager.getByRole('button', { name: 'Next page' }).focus();
  await app.keyboard.press('Enter');
  await expect(status).toHaveText(/page 2 of \d+$/);
  const secondPage = await items.allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
  await expectNoAxeViolations(app);
  await screenshot(app, 'records-list-page-2');

  await pager.getByRole('button', { name: 'Previous page' }).focus();
  await app.keyboard.press('Enter');
  await expect(status).toHaveText(/page 1 of \d+$/);
  await expect(items).toHaveText(firstPage);
  await expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();
});

test('a department with more than a thousand records says "1,000+" and pages on without a last page number', async ({ app, clearance }) => {
  const db = clearance.handle.db;
  const dept = Number((await db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow()).id);
  const letters = Array.from({ length: 1_005 }, (_, n) => ({
    department_id: dept,
    received_at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
    source: 'email' as const,
    agency: 'Records',
    full_name: `Archive Correspondent ${n}`,
    message: `Letter ${n}`,
  }));
  for (let i = 0; i < letters.length; i += 200)
    await db
      .insertInto('personal_records')
      .values(letters.slice(i, i + 200))
      .execute();
  await app.clock.install();
  await signIn(app, 'rosa.diaz');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  const status = app.getByText(/records · page \d+/);
  await expect(status).toHaveText('1,000+ records · page 1');
  const pager = app.getByRole('navigation', { name: 'Pages' });
  await pager.getByRole('button', { name: 'Next page' }).click();
  await expect(status).toHaveText('1,000+ records · page 2');
  await expectNoAxeViolations(app);
  await screenshot(app, 'records-list-capped-count');
});
