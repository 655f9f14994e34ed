import { execFileSync } from 'node:child_process';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

/** The desktop menu delivers its commands as this DOM event (see electron/main/appMenu.ts). */
const menu = (command: string) => `window.dispatchEvent(new CustomEvent('clearance:menu', { detail: ${JSON.stringify(command)} }))`;

test('the File and Help menus: privacy statement, save page as PDF, export, sign out', async ({ app, clearance }) => {
  await signIn(app, 'priya.shah');
  await app.evaluate(menu('privacy-statement'));
  await expect(app.getByRole('heading', { name: 'Privacy statement' })).toBeVisible();
  await expect(app.getByText('Transcripts of the Live Help sessions contain the following information')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-statement');

  await app.evaluate(menu('save-pdf'));
  const saved = app.getByText(/^Saved to .*\.pdf/);
  await expect(saved).toBeVisible();
  const path = (await saved.textContent())!.replace(/^Saved to /, '').replace(/ Dismiss$/, '');
  expect(execFileSync('pdftotext', [path, '-']).toString()).toContain('Live Help');

  await app.evaluate(menu('export'));
  await expect(app.getByText('Nothing on this screen can be exported.', { exact: false })).toBeVisible();
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  // The screen loads on demand: its export is there once the screen is.
  await expect(app.getByRole('button', { name: 'Apply filters' })).toBeVisible();
  await app.evaluate(menu('export'));
  await expect(app.getByText(/^Exported \d+ entries to /)).toBeVisible();

  await app.evaluate(menu('sign-out'));
  await expect(app.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const events = (
    await clearance.handle.db.selectFrom('audit_log').select('event').where('actor_username', '=', 'priya.shah').execute()
  ).map((e) => e.event);
  expect(events).toEqual(expect.arrayContaining(['app.page_saved', 'audit.export', 'auth.sign_out']));
});
