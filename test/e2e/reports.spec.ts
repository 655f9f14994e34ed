import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { PEOPLE_BY_STATUS_WORDS } from '../../electron/contract/reports.js';
import { DAY } from '../../electron/services/clock.js';
import type { Kysely } from 'kysely';
import type { Locator, Page } from '@playwright/test';
import type { Database } from '../../db/schema.js';
import { enrolAuthenticator, expect, expectNoAxeViolations, screenshot, signIn, signInThroughRouter, test } from './fixtures.js';

/** Each row of the report on screen, every page of it (paging on with Next): its cells' words, the name alone in the first. */
async function everyPage(app: Page, table: Locator): Promise<string[][]> {
  const out: string[][] = [];
  const next = app.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' });
  for (;;) {
    out.push(
      ...(await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll('td')].map((td, i) => (i === 0 ? td.querySelector('strong')!.textContent! : td.textContent!.trim())),
          ),
        )),
    );
    if (!(await next.isVisible()) || (await next.isDisabled())) return out;
    const first = await table.locator('tbody tr').first().textContent();
    await next.click();
    await expect(table.locator('tbody tr').first()).not.toHaveText(first!);
  }
}

/** 90 more people in the first department, ten to a name, so the organization's report runs to several pages with ties. */
async function addPeople(db: Kysely<Database>): Promise<void> {
  const dept = await db.selectFrom('departments').select('id').orderBy('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 90; i++) {
    const row = await db
      .insertInto('staff')
      .values({
        employee_id: `P${String(i).padStart(4, '0')}`,
        username: `paging.${i}`,
        display_name: `Pat ${['Lee', 'Ng', 'Ito', 'Roy', 'Kim', 'Day', 'Fox', 'Lam', 'Orr'][i % 9]}`,
        email: `paging.${i}@example.org`,
        department_id: Number(dept.id),
        supervisor_id: null,
        hire_date: '2026-01-05',
        status: 'active',
        disabled_reason: null,
        last_sign_in_at: null,
        created_at: '2026-01-05T09:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('staff_roles')
      .values({ staff_id: Number(row.id), role_key: 'staff', granted_at: '2026-01-05T09:00:00.000Z', granted_by: null })
      .execute();
  }
}

test('a supervisor opens the team report, filters overdue, and exports CSV and PDF', async ({ app, clock }) => {
  clock.advance(40 * DAY); // the new hire's first modules are now overdue
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
  expect(csv).toContain('Filtered by status: Training overdue.');

  await app.getByRole('button', { name: 'Export PDF' }).click();
  const pdfNote = app.getByText(/^Saved \d+ rows as PDF to /);
  await expect(pdfNote).toBeVisible();
  const pdfPath = (await pdfNote.textContent())!.replace(/^.* to /, '');
  expect(readFileSync(pdfPath).subarray(0, 4).toString()).toBe('%PDF');
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  expect(text).toContain('Nora Hill');
  expect(text).toMatch(/Generated 2027-01-03T\S+ by Sam Okafor/);
});

test('the summary cards count people, and each status filter shows as many people as its card', async ({ app, clock }) => {
  clock.advance(40 * DAY);
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification report' }).click();
  await app.getByLabel('Scope').selectOption('organization');
  await expect(app.getByText(/^Whole organization · generated/)).toBeVisible();
  const cards = app.getByRole('region', { name: 'Summary: people' }).locator('.stat[data-status]');
  await expect(cards).toHaveCount(4);
  const shown = app.getByText(/^\d+ of \d+ people match$/);
  const people = Number((await shown.textContent())!.split(' of ')[1]!.split(' ')[0]);
  await expect(app.getByRole('region', { name: 'Summary: people' })).toContainText(`of ${people}people fully certified`);
  for (let i = 0; i < 4; i++) {
    const card = cards.nth(i);
    const status = (await card.getAttribute('data-status')) as keyof typeof PEOPLE_BY_STATUS_WORDS;
    const count = Number(await card.locator('.stat__value').textContent());
    // The card says whom it counts, in people.
    await expect(card.locator('.stat__label')).toHaveText(`${count === 1 ? 'person' : 'people'} ${PEOPLE_BY_STATUS_WORDS[status].card}`);
    await app.getByLabel('Status').selectOption({ label: PEOPLE_BY_STATUS_WORDS[status].filter });
    await expect(shown).toHaveText(`${count} of ${people} people match`);
  }
  await app.getByLabel('Status').selectOption({ label: 'Any' });
  await expect(shown).toHaveText(`${people} of ${people} people match`);
});

test('the CSV is what the screen shows: the same rows in the same order, in the same words', async ({ app, clock }) => {
  clock.advance(40 * DAY);
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification report' }).click();
  await app.getByLabel('Scope').selectOption('organization');
  await expect(app.getByText(/^Whole organization · generated/)).toBeVisible();
  const table = app.getByRole('table', { name: 'Certification by person and module' });
  // Sort as a supervisor might: by record access, then by module 1, worst first.
  await table.getByRole('button', { name: /^Record access/ }).click();
  await table.getByRole('button', { name: /^M1/ }).click();
  await table.getByRole('button', { name: /^M1/ }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('M1');

  const headers = (await table.locator('thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').trim());
  const screen = await everyPage(app, table);
  await app.getByRole('button', { name: 'Export CSV' }).click();
  const note = app.getByText(/^Saved \d+ rows as CSV to /);
  await expect(note).toBeVisible();
  const lines = parse(readFileSync((await note.textContent())!.replace(/^.* to /, ''), 'utf8'), {
    bom: true,
    relax_column_count: true,
  }) as string[][];
  const at = lines.findIndex((l) => l[0] === 'Name');
  const [csvHeaders, ...csvRows] = lines.slice(at);
  // The screen's columns in the screen's order (the file adds the employee id the screen shows under the name).
  expect(csvHeaders!.filter((h) => h !== 'Employee ID').map((h) => h.replace(/^(M\d+) .*$/, '$1'))).toEqual(
    headers.map((h) => h.replace(/^(M\d+).*$/, '$1')),
  );
  expect(csvRows.map((r) => r.filter((_, i) => csvHeaders![i] !== 'Employee ID'))).toEqual(screen);
  expect(csvRows.length).toBeGreaterThan(10);
  expect(JSON.stringify(csvRows)).not.toMatch(/inactive|\d{4}-\d{2}-\d{2}/);
});

test('the report pages with Next and Previous by keyboard, sorted by main across pages, and the CSV lists everyone in that order', async ({
  app,
  clearance,
  clock,
}) => {
  await addPeople(clearance.handle.db);
  clock.advance(40 * DAY);
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification report' }).click();
  await app.getByLabel('Scope').selectOption('organization');
  await expect(app.getByText(/^Whole organization · generated/)).toBeVisible();
  const table = app.getByRole('table', { name: 'Certification by person and module' });
  const status = app.getByText(/^Page \d+ of \d+, people \d+–\d+$/);
  await expect(status).toHaveText(/^Page 1 of [2-9], people 1–50$/);
  const people = Number((await app.getByText(/^\d+ of \d+ people match$/).textContent())!.split(' ')[0]);
  expect(people).toBeGreaterThan(100);

  // Name, Z to A: the whole organization in that order, not just the page (Pat Orr on the first page, Pat Day after every Pat Fox).
  await table.getByRole('button', { name: /^Name/ }).focus();
  await app.keyboard.press('Enter');
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Name');
  await expect(status).toHaveText(/^Page 1 of/);
  const pager = app.getByRole('navigation', { name: 'Pages' });
  await expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  const firstPage = await table.locator('tbody tr').allTextContents();
  await pager.getByRole('button', { name: 'Next page' }).focus();
  await app.keyboard.press('Enter');
  await expect(status).toHaveText(/^Page 2 of \d+, people 51–100$/);
  const secondPage = await table.locator('tbody tr').allTextContents();
  expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
  await expectNoAxeViolations(app);
  await screenshot(app, 'report-page-2');
  await pager.getByRole('button', { name: 'Previous page' }).focus();
  await app.keyboard.press('Enter');
  await expect(status).toHaveText(/^Page 1 of/);
  await expect(table.locator('tbody tr')).toHaveText(firstPage);

  const screen = await everyPage(app, table);
  const names = screen.map((row) => row[0]!);
  expect(names.length).toBe(people);
  expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  await app.getByRole('button', { name: 'Export CSV' }).click();
  const note = app.getByText(/^Saved \d+ rows as CSV to /);
  await expect(note).toBeVisible();
  const lines = parse(readFileSync((await note.textContent())!.replace(/^.* to /, ''), 'utf8'), {
    bom: true,
    relax_column_count: true,
  }) as string[][];
  const csvRows = lines.slice(lines.findIndex((l) => l[0] === 'Name') + 1);
  expect(csvRows.map((r) => r[0])).toEqual(names);

  // At 320 px the pager stays within the width.
  await app.setViewportSize({ width: 320, height: 640 });
  const box = (await pager.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(320);
  await pager.scrollIntoViewIfNeeded();
  await screenshot(app, 'report-pager-320');
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

test('a supervisor completes an access review and revokes a role; that person is then denied, with the reason shown', async ({
  app,
  clearance,
}) => {
  const reviewsBefore = (await clearance.handle.db.selectFrom('access_reviews').selectAll().execute()).length;
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

  // A revoke asks first; going back sends nothing.
  const confirm = carl.getByRole('group', { name: 'Revoke Card processor from Carl Patel?' });
  await expect(confirm).toBeFocused();
  await expect(confirm).toContainText('loses this role and the access it gives at once');
  await expectNoAxeViolations(app);
  await screenshot(app, 'access-review-confirm');
  await confirm.getByRole('button', { name: 'Go back' }).click();
  await expect(carl.getByRole('radio', { name: 'Revoke now' })).toBeChecked();
  expect(await clearance.handle.db.selectFrom('access_reviews').selectAll().execute()).toHaveLength(reviewsBefore);
  await carl.getByRole('button', { name: 'Complete review of Carl Patel' }).click();
  await confirm.getByRole('button', { name: 'Yes, revoke Card processor' }).click();

  // The outcome in words, in Carl's card where the supervisor clicked, with focus on it.
  const done = carl.getByRole('status').filter({ hasText: 'Review of Carl Patel recorded.' });
  await expect(done).toHaveText('Review of Carl Patel recorded. Card processor was revoked and no longer gives any access.');
  await expect(carl.locator('.review-done')).toBeFocused();
  await expect(carl).toContainText('Due ');
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'carl.patel');
  await app.goto(app.url().replace(/#.*$/, '') + '#/records/CardTransaction/1');
  await expect(app.getByText('Access denied')).toBeVisible();
  await expect(app.getByText('Your role does not include card processing.')).toBeVisible();
});

test('an administrator imports a roster with a new hire, who then signs in with the one-time password and sees the curriculum', async ({
  app,
  clearance,
}) => {
  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster import' }).click();
  await app.getByLabel('Roster file (CSV)').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'employee_id,name,email,department,supervisor_employee_id,hire_date,roles,status\nE9,Ann,ann@x.gov,Records Management,E404,2026-13-01,wizard,active\n',
    ),
  });
  await expect(app.getByText('bad.csv: 3 errors. Nothing will be imported.')).toBeVisible();
  await expect(app.getByRole('table', { name: 'Errors in the roster file' })).toContainText('Unknown role: wizard');
  await expectNoAxeViolations(app);

  await app.getByLabel('Roster file (CSV)').setInputFiles('test/fixtures/roster-sample.csv');
  const changes = app.getByRole('table', { name: 'Changes the roster makes' });
  await expect(changes).toContainText('Owen Fitzgerald');
  await expect(changes).toContainText('New hire');
  await expect(changes).toContainText('Leaver');
  await expect(changes).toContainText('roles added: Live Help operator');
  await expect(changes).not.toContainText('live_help_operator');
  await expectNoAxeViolations(app);
  await screenshot(app, 'roster-preview');
  await app.getByRole('button', { name: 'Apply these changes' }).click();
  await expect(app.getByText('Roster imported')).toBeVisible();
  const otp = (await app.getByTestId('otp-E3001').textContent())!;
  expect(otp).toMatch(/^[A-Za-z0-9]{16}$/);
  await expectNoAxeViolations(app);
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'owen.fitzgerald', otp);
  await expect(app.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await app.getByLabel('Current password').fill(otp);
  await app.getByLabel('New password', { exact: true }).fill('Owen-secure-2026');
  await app.getByLabel('Confirm new password').fill('Owen-secure-2026');
  await app.getByRole('button', { name: 'Change password' }).click();
  // A records clerk opens records, so an authenticator app is set up before anything else.
  await enrolAuthenticator(app);
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();
  const rows = app.locator('tr[data-module]');
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText('Accessing personal-information records');
  await app.getByRole('button', { name: 'Sign out' }).click();

  const leaver = await clearance.handle.db
    .selectFrom('staff')
    .select(['username', 'status', 'disabled_reason'])
    .where('employee_id', '=', 'E2003')
    .executeTakeFirstOrThrow();
  expect(leaver).toMatchObject({ status: 'disabled', disabled_reason: 'left the organization (roster import)' });
  await signIn(app, leaver.username, 'Clearance-demo-2026');
  await expect(app.getByRole('alert')).toContainText('disabled');
});

test('the dashboard counts access denials and refusals by reason, not password mistakes, and links to the entries', async ({
  app,
  clearance,
  clock,
}) => {
  const liam = { senderKey: 'liam', workstation: 'ws-9' };
  await signInThroughRouter(clearance, clock, liam, 'liam.chen');
  for (let i = 0; i < 3; i++) await clearance.router.invoke(liam, 'records.list', { subject: 'CardTransaction' });
  await clearance.router.invoke(liam, 'audit.search', { filter: {}, page: 1, pageSize: 10 });
  // A password mistake is not an access denial.
  await clearance.router.invoke(liam, 'auth.changePassword', { currentPassword: 'Clearance-demo-2026', newPassword: 'short1' });

  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const denials = app.getByRole('table', { name: 'Denials by reason' });
  const cards = denials.getByRole('row').filter({ hasText: 'Your role does not include card processing.' });
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText('Listed records');
  await expect(cards.getByRole('cell').nth(2)).toHaveText('3');
  await expect(denials).toContainText('Audit trail: read');
  await expect(denials).toContainText('(roles: Staff member, Live Help operator)');
  await expect(denials).not.toContainText('new password rejected');
  await expect(denials).not.toContainText('live_help_operator');
  await expectNoAxeViolations(app);

  await cards.getByRole('link', { name: /^Show the 3 entries/ }).click();
  await expect(app.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  await expect(app.getByText(/^3 entries · page 1 of 1$/)).toBeVisible();
  await expect(app.getByLabel('Outcome')).toHaveValue('denied');
  await expect(app.getByLabel('Event')).toHaveValue('record.list');
  const entries = app.getByRole('table', { name: 'Audit entries' });
  await expect(entries.getByRole('row').filter({ hasText: 'Your role does not include card processing.' })).toHaveCount(3);
  await expectNoAxeViolations(app);
});

test('the privacy officer’s dashboard, and an evidence pack with a manifest of SHA-256 hashes', async ({ app, clearance, clock }) => {
  // A denial to count, and a chain check to report.
  const liam = { senderKey: 'liam', workstation: 'ws-9' };
  await signInThroughRouter(clearance, clock, liam, 'liam.chen');
  await clearance.router.invoke(liam, 'records.list', { subject: 'CardTransaction' });
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await app.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(app.getByText('The audit trail is intact')).toBeVisible();
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(app.getByRole('region', { name: 'Key figures' })).toContainText('fully certified');
  await expect(app.getByText('Last check: intact')).toBeVisible();
  await expect(app.getByRole('table', { name: 'Denials by reason' })).toContainText('Your role does not include card processing.');
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-dashboard');

  await app.getByRole('button', { name: 'Write evidence pack…' }).click();
  const note = app.getByText(/^Evidence pack written to /);
  await expect(note).toBeVisible();
  const folder = (await note.textContent())!.replace('Evidence pack written to ', '');
  const manifest = JSON.parse(readFileSync(`${folder}/manifest.json`, 'utf8')) as {
    auditHeadHash: string;
    files: { name: string; sha256: string }[];
  };
  expect(manifest.files.map((f) => f.name).sort()).toEqual([
    'access-reviews.csv',
    'audit-chain-verification.json',
    'audit-checkpoints.jsonl',
    'break-glass-reviews.csv',
    'certification-report.csv',
    'certification-report.pdf',
    'training-content-versions.json',
  ]);
  const { createHash } = await import('node:crypto');
  for (const f of manifest.files)
    expect(
      createHash('sha256')
        .update(readFileSync(`${folder}/${f.name}`))
        .digest('hex'),
      f.name,
    ).toBe(f.sha256);
  expect(manifest.auditHeadHash).toMatch(/^[0-9a-f]{64}$/);
  expect(execFileSync('pdftotext', [`${folder}/certification-report.pdf`, '-']).toString()).toContain('whole organization');
});
