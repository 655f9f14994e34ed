import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClearance } from '../../electron/app/bootstrap.js';
import { folderKeyStore, sealedKeyCustody } from '../../electron/services/keys/custody.js';
import { keyFileSealer } from '../../electron/services/keys/sealer.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { newRecoveryCodeSet, storeRecoveryCodes } from '../../electron/services/auth/totpFactors.js';
import { attachBridge } from '../support/harness/bridge.js';
import { CONTENT_DIR } from '../support/paths.js';
import { expect, expectNoAxeViolations, followCardOrder, newestPendingCardOrder, screenshot, signIn, test } from './fixtures.js';

test('an administrator approves a new workstation by its fingerprint, whose card notice then goes, and rotates the key', async ({
  app,
  clearance,
  clock,
  context,
  rendererUrl,
}) => {
  test.setTimeout(120_000);
  // A second workstation (desk B) on the same database, with its own key custody.
  const folder = mkdtempSync(join(tmpdir(), 'clearance-e2e-desk-b-'));
  const deskB = await startClearance({
    sqlitePath: clearance.handle.location,
    workstation: 'desk-b',
    clock,
    contentDir: CONTENT_DIR,
    keyCustody: sealedKeyCustody(folderKeyStore(join(folder, 'keys')), keyFileSealer(join(folder, 'seal.key'), {})),
  });
  const atB = await context.newPage();
  try {
    await attachBridge(atB, deskB.router, 'desk-b');
    await atB.goto(rendererUrl);
    const b = await deskB.services.keys.thisWorkstation();
    expect(b.fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);

    // At B, which cannot check codes from the app yet, the card processor signs in with one of his recovery codes,
    // and is told the workstation is not enrolled, and which request to approve.
    const carl = await clearance.handle.db.selectFrom('staff').select('id').where('username', '=', 'carl.patel').executeTakeFirstOrThrow();
    const recovery = await newRecoveryCodeSet();
    await clearance.handle.db.transaction().execute((trx) => storeRecoveryCodes(trx, Number(carl.id), recovery, clock.now().toISOString()));
    await atB.getByLabel('Username').fill('carl.patel');
    await atB.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await atB.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atB.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await atB.getByLabel('Recovery code').fill(recovery.codes[0]!);
    await atB.getByRole('button', { name: 'Continue', exact: true }).click();
    await atB.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
    await expect(atB.getByRole('heading', { name: 'Card transactions' })).toBeVisible();
    await expect(
      atB.getByText(`This workstation is not yet enrolled for card data: ask an administrator to approve request ${b.reference}.`),
    ).toBeVisible();
    await expectNoAxeViolations(atB);
    await screenshot(atB, 'keys-not-enrolled');

    // At A, the administrator signs the custodian statement, compares the fingerprint and approves.
    await signIn(app, 'alex.morgan');
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys and workstations' }).click();
    await expect(app.getByRole('heading', { name: 'Keys and workstations', level: 1 })).toBeVisible();
    const request = app.getByRole('article', { name: `Request ${b.reference} from desk-b` });
    await expect(request.getByText(b.fingerprint!)).toBeVisible();
    await expectNoAxeViolations(app);
    await screenshot(app, 'keys-request');

    await request.getByRole('button', { name: `Approve ${b.reference}` }).click();
    await expect(
      request.getByText('Compare the fingerprint on that workstation’s screen first, and tick the box if every group matches.'),
    ).toBeVisible();
    await request.getByLabel('The fingerprint on desk-b’s own screen matches this one, group by group.').check();
    await request.getByRole('button', { name: `Approve ${b.reference}` }).click();
    await expect(
      request.getByText('Before your first key operation, read and sign the key custodian statement on the Keys and workstations screen.'),
    ).toBeVisible();

    const statement = app.getByRole('region', { name: 'Key custodian statement' });
    await statement.getByLabel('I have read this statement and accept these responsibilities.').check();
    await statement.getByLabel('Type your full name as your signature').fill('Alex Morgan');
    await statement.getByRole('button', { name: 'Sign the statement' }).click();
    await expect(statement.getByText(/^You signed version 1\.0 on /)).toBeVisible();

    await request.getByLabel('The fingerprint on desk-b’s own screen matches this one, group by group.').check();
    await request.getByRole('button', { name: `Approve ${b.reference}` }).click();
    await expect(app.getByText('No workstation is waiting.')).toBeVisible();
    const workstations = app.getByRole('table', { name: 'Workstations and their enrolment' });
    await expect(workstations.getByRole('row', { name: /desk-b/ })).toContainText('Approved: it collects its key when it is next used.');
    await expectNoAxeViolations(app);

    // At B the notice is gone, and the card processor reveals a number entered at A.
    await atB.reload();
    await atB.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
    await expect(atB.getByRole('heading', { name: 'Card transactions' })).toBeVisible();
    await expect(atB.getByText(/not yet enrolled/)).toHaveCount(0);
    expect((await deskB.services.keys.thisWorkstation()).state).toBe('ready');
    const { orderId, pan } = await newestPendingCardOrder(clearance);
    await followCardOrder(atB, orderId);
    await atB.getByLabel('Reason').selectOption('process_payment');
    await atB.getByRole('button', { name: 'Open record' }).click();
    await atB.getByRole('button', { name: 'Reveal Card number' }).click();
    await expect(atB.getByTestId('revealed-pan')).toHaveText(pan.replace(/(\d{4})(?=\d)/g, '$1 '));
    await expectNoAxeViolations(atB);
    await screenshot(atB, 'keys-revealed-at-desk-b');

    // The administrator rotates the key; it is re-sealed in the background and the old version destroyed.
    await app.getByRole('button', { name: 'Rotate the key' }).click();
    await expect(app.getByText(/Re-sealing stored values under version 2|Finished on/)).toBeVisible();
    await clearance.services.keys.driveRotation();
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Database' }).click();
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys and workstations' }).click();
    const master = app.getByRole('region', { name: 'Master key' });
    await expect(master.getByText(/^Finished on .*values re-sealed under version 2; older versions were destroyed\.$/)).toBeVisible();
    await expect(master.getByRole('definition').first()).toHaveText('2');
    await expectNoAxeViolations(app);
    await screenshot(app, 'keys-rotated');
    await expect(workstations.getByRole('row', { name: /desk-b/ })).toContainText('Enrolled: holds the master key.');
  } finally {
    await atB.close();
    await deskB.stop();
  }
});

test('the privacy dashboard shows the key version, its age and the enrolled workstations', async ({ app }) => {
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const keys = app.getByRole('region', { name: 'Master key' });
  await expect(keys.getByText(/^Version 1, made on .* \(0 days old\); rotation due /)).toBeVisible();
  await expect(keys.getByRole('table', { name: 'Workstations enrolled (1)' })).toContainText('seed');
  await expectNoAxeViolations(app);
});
