import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'intake');
const TRANSCRIPTS = join(FIXTURES, 'live-help-transcripts.jsonl');
/** The card number and SSN citizens pasted into the sample transcripts. */
const PASTED_CARD = '4242 4242 4242 4242';
const PASTED_SSN = '219-09-9999';

test('a Live Help transcript file imported with its redactions previewed', async ({ app, clearance, desktop }) => {
  await signIn(app, 'ivy.nguyen');
  const nav = app.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Records intake' }).click();
  await expect(app.getByRole('heading', { name: 'Records intake', level: 1 })).toBeVisible();
  await expect(app.getByText('No file has been imported yet.')).toBeVisible();
  await expect(app.getByText('No watched folder is set.')).toBeVisible();
  await expectNoAxeViolations(app);

  // Cancelling the dialog does nothing and says so.
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(app.getByText('No file was chosen.')).toBeVisible();
  expect(desktop.openDialogs).toHaveLength(1);

  desktop.filesToChoose.push(TRANSCRIPTS);
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(app.getByRole('heading', { name: 'Preview of live-help-transcripts.jsonl' })).toBeVisible();
  const sha256 = createHash('sha256').update(readFileSync(TRANSCRIPTS)).digest('hex');
  await expect(app.getByText(sha256)).toBeVisible();
  await expect(app.getByText('Live Help transcripts', { exact: true })).toBeVisible();
  const figures = app.getByRole('group', { name: 'What the import would do' });
  await expect(figures).toContainText('3records in the file');
  await expect(figures).toContainText('3new, to be stored');
  await expect(figures).toContainText('0already stored, skipped');

  // What would be removed, by kind, and each in its context as it will be stored.
  const byKind = app.getByRole('table', { name: 'Removed on the way in' });
  await expect(byKind.getByRole('row', { name: /Card numbers/ })).toContainText('1');
  await expect(byKind.getByRole('row', { name: /Social Security numbers/ })).toContainText('1');
  await expect(byKind.getByRole('row', { name: /Dates of birth/ })).toContainText('1');
  const samples = app.getByRole('list', { name: 'Where they were found' });
  await expect(samples).toContainText('[card number removed, ending 4242]');
  await expect(samples).toContainText('[SSN removed]');
  await expect(samples).toContainText('LH-2026-11-000101');
  const records = app.getByRole('table', { name: 'Records in the file' });
  await expect(records.getByRole('row', { name: /LH-2026-11-000101/ })).toContainText('Evelyn Harper: Vehicle registration renewal');
  await expect(records.getByRole('row', { name: /LH-2026-11-000101/ })).toContainText('1 card number');
  await expect(records.getByRole('row', { name: /LH-2026-11-000103/ })).toContainText('—');
  // The preview never shows what it removes.
  await expect(app.locator('body')).not.toContainText(PASTED_CARD);
  await expect(app.locator('body')).not.toContainText(PASTED_SSN);
  await expectNoAxeViolations(app);
  await screenshot(app, 'intake-preview');

  // Nothing is stored by a preview.
  const stored = () =>
    clearance.handle.db
      .selectFrom('live_help_transcripts')
      .select(['source_id', 'messages'])
      .where('source_id', 'like', 'LH-2026-11-0001%')
      .execute();
  expect(await stored()).toEqual([]);

  await app.getByRole('button', { name: 'Import 3 records' }).click();
  const done = app.getByRole('status').filter({ hasText: 'live-help-transcripts.jsonl imported' });
  await expect(done).toContainText('Live Help transcripts: 3 new, 0 already stored and skipped.');
  await expect(done).toContainText('Removed on the way in: 1 card number, 1 Social Security number, 1 date of birth.');
  await expect(app.getByRole('heading', { name: /^Preview of/ })).toHaveCount(0);
  const history = app.getByRole('table', { name: 'Recent imports' });
  await expect(history.getByRole('row', { name: /live-help-transcripts\.jsonl/ })).toContainText('Ivy Nguyen');
  await expect(history.getByRole('row', { name: /live-help-transcripts\.jsonl/ })).toContainText('1 card number');
  await expectNoAxeViolations(app);
  await screenshot(app, 'intake-imported');

  const rows = await stored();
  expect(rows.map((r) => r.source_id).sort()).toEqual(['LH-2026-11-000101', 'LH-2026-11-000102', 'LH-2026-11-000103']);
  const all = JSON.stringify(rows);
  expect(all).toContain('[card number removed, ending 4242]');
  expect(all).not.toMatch(/4242[ -]?4242[ -]?4242[ -]?4242/);
  expect(all).not.toContain(PASTED_SSN);
  const audit = await clearance.handle.db
    .selectFrom('audit_log')
    .select(['actor_username', 'details'])
    .where('event', '=', 'intake.import')
    .where('outcome', '=', 'allowed')
    .execute();
  expect(audit).toHaveLength(1);
  expect(audit[0]!.actor_username).toBe('ivy.nguyen');
  expect(audit[0]!.details).toContain(sha256);

  // The same file again: every record is a duplicate, and there is nothing to import.
  desktop.filesToChoose.push(TRANSCRIPTS);
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(figures).toContainText('0new, to be stored');
  await expect(figures).toContainText('3already stored, skipped');
  await expect(app.getByText('Every record in this file is already stored.')).toBeVisible();
  await expect(app.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expect(records.getByRole('row', { name: /LH-2026-11-000101/ })).toContainText('Already stored');
});

test('a file with errors lists them by row and field and imports nothing', async ({ app, clearance, desktop }, testInfo) => {
  const broken = testInfo.outputPath('broken-transcripts.jsonl');
  const [first, second] = readFileSync(TRANSCRIPTS, 'utf8').trim().split('\n');
  const bad = JSON.parse(second!) as Record<string, unknown>;
  bad.host_ip = 'not an address';
  delete bad.operator;
  writeFileSync(broken, `${first}\n${JSON.stringify(bad)}\n`);

  await signIn(app, 'ivy.nguyen');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records intake' }).click();
  desktop.filesToChoose.push(broken);
  await app.getByRole('button', { name: 'Choose a file…' }).click();
  await expect(app.getByRole('alert')).toContainText('broken-transcripts.jsonl: 2 errors. Nothing will be imported.');
  const errors = app.getByRole('table', { name: 'Errors by row and field' });
  await expect(errors.getByRole('row', { name: /host_ip/ })).toContainText('2');
  await expect(errors.getByRole('row', { name: /host_ip/ })).toContainText('Is not an IP address.');
  await expect(errors.getByRole('row', { name: /operator/ })).toContainText('2');
  // The problem is named without repeating the value.
  await expect(errors).not.toContainText('not an address');
  await expect(app.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expectNoAxeViolations(app);
  await screenshot(app, 'intake-errors');
  const stored = await clearance.handle.db
    .selectFrom('live_help_transcripts')
    .select('id')
    .where('source_id', 'like', 'LH-2026-11-0001%')
    .execute();
  expect(stored).toEqual([]);
});

test('the watched intake folder: set, looked at now, its file imported and moved to done with a report', async ({
  app,
  clearance,
}, testInfo) => {
  const folder = testInfo.outputPath('intake-folder');
  mkdirSync(folder, { recursive: true });
  await signIn(app, 'ivy.nguyen');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records intake' }).click();

  await app.getByLabel('Folder (full path)').fill(folder);
  await app.getByRole('button', { name: 'Watch this folder' }).click();
  await expect(app.getByText('e2e-ws (this workstation)')).toBeVisible();
  await expect(app.getByRole('definition').filter({ hasText: folder })).toBeVisible();
  await expect(app.getByText(/^Ivy Nguyen, /)).toBeVisible();

  writeFileSync(join(folder, 'settlement.csv'), readFileSync(join(FIXTURES, 'settlement.csv')));
  // A file just written may still be being written: the app waits until it settles (2 s).
  await new Promise((r) => setTimeout(r, 2_500));
  await app.getByRole('button', { name: 'Look in the folder now' }).click();
  const looked = app.getByRole('list', { name: 'Files looked at' });
  await expect(looked).toContainText('Imported');
  await expect(looked).toContainText('Payment portal settlement (card orders without numbers): 3 new, 0 duplicates');
  await expect(app.getByRole('table', { name: 'Recent imports' }).getByRole('row', { name: /settlement\.csv/ })).toContainText(
    'Watched folder',
  );
  await expectNoAxeViolations(app);
  await screenshot(app, 'intake-watched-folder');

  expect(readdirSync(join(folder, 'done')).sort()).toEqual(['settlement.csv', 'settlement.csv.report.json']);
  const report = JSON.parse(readFileSync(join(folder, 'done', 'settlement.csv.report.json'), 'utf8')) as Record<string, unknown>;
  expect(report).toMatchObject({ outcome: 'imported', kind: 'settlement', importedBy: 'ivy.nguyen', counts: { new: 3 } });
  expect(existsSync(join(folder, 'settlement.csv'))).toBe(false);
  const orders = await clearance.handle.db
    .selectFrom('card_transactions')
    .select('order_id')
    .where('order_id', 'like', 'PP-2026-88000%')
    .execute();
  expect(orders).toHaveLength(3);

  await app.getByRole('button', { name: 'Stop watching' }).click();
  await expect(app.getByText('No watched folder is set.')).toBeVisible();
});

test('the records intake screen is only in the navigation of records-intake officers', async ({ app }) => {
  await signIn(app, 'carl.patel');
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone payment' })).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records intake' })).toHaveCount(0);
});

test('the privacy dashboard trends what intake removed, month by month and where it came in', async ({ app, clearance }) => {
  const transcripts = await clearance.handle.db
    .selectFrom('live_help_transcripts')
    .select(['started_at', 'redaction_counts'])
    .where('redaction_counts', 'like', '%card_number%')
    // The 12 months the dashboard shows, up to the demo's today (November 2026).
    .where('started_at', '>=', '2025-12-01')
    .execute();
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const trend = app.getByRole('figure', { name: 'Sensitive details citizens sent, removed on intake, by month' });
  const cards = transcripts.reduce((n, r) => n + (JSON.parse(r.redaction_counts) as { card_number: number }).card_number, 0);
  expect(cards).toBeGreaterThan(0);
  await expect(trend).toContainText(new RegExp(`, ${cards} of them card numbers pasted into Live Help\\.`));
  await trend.getByText('The numbers').click();
  const table = trend.getByRole('table', { name: /Sensitive details removed on intake/ });
  await expect(table.getByRole('row')).toHaveCount(13);
  await expect(table).toContainText(/\d+ card numbers?/);
  await expectNoAxeViolations(app);
  await screenshot(app, 'dashboard-intake-redactions');
});

test.describe('at 320 px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('the preview of a file and its errors reflow: nothing but a table’s own box scrolls sideways', async ({
    app,
    desktop,
  }, testInfo) => {
    const broken = testInfo.outputPath('broken.jsonl');
    writeFileSync(broken, '{"source_id": "LH-1"}\n');
    await signIn(app, 'ivy.nguyen');
    await app.getByRole('button', { name: 'Menu' }).click();
    await app.getByRole('link', { name: 'Records intake' }).click();
    for (const [file, shot] of [
      [TRANSCRIPTS, 'intake-preview-320'],
      [broken, 'intake-errors-320'],
    ] as const) {
      desktop.filesToChoose.push(file);
      await app.getByRole('button', { name: /^Choose (a|another) file…$/ }).click();
      await expect(app.getByRole('heading', { name: /^Preview of/ })).toBeVisible();
      const wide = await app.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const inScrollBox = (el: Element) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
            if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
          return false;
        };
        return [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScrollBox(el))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      });
      expect(wide).toEqual([]);
      expect(await app.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await expectNoAxeViolations(app);
      await screenshot(app, shot);
    }
  });
});
