import { readFileSync } from 'node:fs';
import { DAY } from '../../electron/services/clock.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import {
  expect,
  expectNoAxeViolations,
  followCardOrder,
  newestPendingCardOrder,
  screenshot,
  signIn,
  signInThroughRouter,
  test,
} from './fixtures.js';

test('a trained card processor reveals a pending card number, which re-masks, and processes the order', async ({ app, clearance }) => {
  await app.clock.install();
  await signIn(app, 'carl.patel');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await expect(app.getByRole('heading', { name: 'Card transactions' })).toBeVisible();
  await expect(app.getByText(/^\d+ records · page 1 of \d+$/)).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'records-list-cards');

  const { id, orderId, pan } = await newestPendingCardOrder(clearance);
  await followCardOrder(app, orderId);

  await expect(app.getByRole('heading', { name: 'Why do you need this record?' })).toBeVisible();
  await expectNoAxeViolations(app);
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByText('Choose the reason you need this record.')).toBeVisible();
  await app.getByLabel('Reason').selectOption('process_payment');
  await app.getByRole('button', { name: 'Open record' }).click();

  const masked = app.getByLabel('Card number, masked');
  await expect(masked).toHaveText(`${pan.slice(0, 4)} ${pan.slice(4, 6)}•• •••• ${pan.slice(-4)}`);
  await expect(app.getByRole('region', { name: 'Record details' })).not.toContainText(pan.slice(6, 12));
  await expectNoAxeViolations(app);
  await screenshot(app, 'record-card-masked');

  await app.getByRole('button', { name: 'Reveal Card number' }).click();
  const revealed = app.getByTestId('revealed-pan');
  await expect(revealed).toHaveText(pan.replace(/(\d{4})(?=\d)/g, '$1 '));
  await expect(revealed).toHaveCSS('user-select', 'none');
  await screenshot(app, 'record-card-revealed');
  await app.clock.fastForward(61_000);
  await expect(revealed).toHaveCount(0);
  await expect(masked).toBeVisible();

  // An export of the list asks for a reason, holds the masked number only, and is audited.
  await app.getByRole('link', { name: 'Card transactions' }).click();
  await app.getByRole('button', { name: 'Export…' }).click();
  await app.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(app.getByText('Choose the reason you need these records.')).toBeVisible();
  await app.getByLabel('Reason for the export').selectOption('process_payment');
  await expectNoAxeViolations(app);
  await screenshot(app, 'records-export-purpose');
  await app.getByRole('button', { name: 'Export', exact: true }).click();
  const exported = app.getByText(/^Exported \d+ records \(protected fields masked\) to /);
  await expect(exported).toBeVisible();
  const csv = readFileSync((await exported.textContent())!.replace(/^.* to /, ''), 'utf8');
  expect(csv).toContain(orderId);
  expect(csv).toContain(pan.slice(-4));
  expect(csv).not.toContain(pan);
  expect(csv).toContain('Generated');
  await app.getByRole('link', { name: new RegExp(orderId) }).click();
  await expect(app.getByLabel('Card number, masked')).toBeVisible();

  await app.getByRole('button', { name: 'Mark as processed' }).click();
  await expect(app.getByText('The order is processed. The full card number has been deleted.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Reveal Card number' })).toHaveCount(0);
  const after = await clearance.handle.db.selectFrom('card_transactions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(after).toMatchObject({ status: 'processed', pan_ciphertext: null });
  const events = await clearance.handle.db
    .selectFrom('audit_log')
    .select(['event', 'details'])
    .where('actor_username', '=', 'carl.patel')
    .where('resource_id', '=', String(id))
    .orderBy('seq')
    .execute();
  expect(events.map((e) => e.event)).toEqual(['record.open', 'record.reveal', 'record.open', 'record.process', 'record.open']);
  const exports = await clearance.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'record.export').execute();
  expect(exports).toHaveLength(1);
  expect(JSON.stringify(exports)).not.toContain(pan);
  expect(events.map((e) => e.details).join()).not.toContain(pan);
});

test('the same card processor with expired card training is denied, with the reason shown', async ({ app, clock }) => {
  clock.advance(170 * DAY);
  await signIn(app, 'carl.patel');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await expect(app.getByText('Card transactions: access paused')).toBeVisible();
  await expect(app.getByRole('alert').first()).toContainText(/Handling card data \(v1\.0\) expired on [A-Z][a-z]{2} \d{1,2}, \d{4}[.;]/);
  await expectNoAxeViolations(app);
  await screenshot(app, 'records-denied-expired-training');
  await app.goto(app.url().replace(/#.*$/, '') + '#/records/CardTransaction/1');
  await expect(app.getByText('Access denied')).toBeVisible();
  await expect(app.getByText(/expired on/).first()).toBeVisible();
});

test('a records clerk opens a record with a purpose; protected fields are masked until revealed', async ({ app, clearance }) => {
  await signIn(app, 'rosa.diaz');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await app.getByLabel('Search').fill('Evelyn Harper');
  await app.getByRole('button', { name: 'Search' }).click();
  await expect(app.getByText('1 record matching "Evelyn Harper" · page 1 of 1')).toBeVisible();
  await app.getByRole('link', { name: /Evelyn Harper/ }).click();
  await app.getByLabel('Reason').selectOption('respond_to_citizen');
  await app.getByLabel('Note (optional)').fill('Replying to her address change');
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Evelyn Harper' })).toBeVisible();
  await expect(app.getByText('Opened for: Responding to the citizen')).toBeVisible();
  await expect(app.getByLabel('Social Security number, masked')).toHaveText(/^•••-••-\d{4}$/);
  await expect(app.getByLabel('Date of birth, masked')).toHaveText('••••-••-••');
  await expectNoAxeViolations(app);
  await screenshot(app, 'record-personal-masked');
  await app.getByRole('button', { name: 'Reveal Social Security number' }).click();
  await expect(app.getByTestId('revealed-ssn')).toHaveText(/^9\d\d-\d\d-\d{4}$/);
  const audit = await clearance.handle.db
    .selectFrom('audit_log')
    .selectAll()
    .where('actor_username', '=', 'rosa.diaz')
    .where('event', '=', 'record.open')
    .executeTakeFirstOrThrow();
  expect(JSON.parse(audit.details)).toMatchObject({ purpose: 'respond_to_citizen', note: 'Replying to her address change' });

  // Working on something else: the new reason is stated and recorded, not silently reused.
  await app.getByRole('button', { name: 'Working on something else? Record the new reason' }).click();
  await app.getByLabel('Reason').selectOption('correct_record');
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByText('Opened for: Correcting or updating the record')).toBeVisible();
  const opens = await clearance.handle.db
    .selectFrom('audit_log')
    .select('details')
    .where('actor_username', '=', 'rosa.diaz')
    .where('event', '=', 'record.open')
    .orderBy('seq')
    .execute();
  expect(opens.map((o) => JSON.parse(o.details).purpose)).toEqual(['respond_to_citizen', 'correct_record']);
});

test('a break-glass access appears in the privacy officer’s queue and is reviewed', async ({ app, clearance }) => {
  const cs = await clearance.handle.db.selectFrom('departments').select('id').where('code', '=', 'CS').executeTakeFirstOrThrow();
  const record = await clearance.handle.db
    .selectFrom('personal_records')
    .select(['id', 'full_name'])
    .where('department_id', '=', cs.id)
    .executeTakeFirstOrThrow();
  await signIn(app, 'rosa.diaz');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await app.getByLabel('Kind of record').selectOption('PersonalRecord');
  await app.getByLabel('Record number').fill(String(record.id));
  await app.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(app.getByText('This record belongs to Constituent Services; your access covers Records Management only.')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Emergency access (break-glass)' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'record-denied-break-glass');
  await app.getByLabel('Describe the emergency').fill('Citizen on the phone reporting identity theft; Constituent Services is closed.');
  await app.getByLabel('Your password').fill('wrong-password-1');
  await app.getByRole('button', { name: 'Break the glass' }).click();
  await expect(app.getByText('Emergency access not granted')).toBeVisible();
  await app.getByLabel('Your password').fill(DEMO_PASSWORD);
  await app.getByRole('button', { name: 'Break the glass' }).click();
  await app.getByLabel('Reason').selectOption('investigation');
  await app.getByRole('button', { name: 'Open record' }).click();
  await expect(app.getByRole('heading', { level: 1, name: record.full_name })).toBeVisible();
  await expect(app.getByText('Emergency access', { exact: true })).toBeVisible();
  await expect(app.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await app.getByRole('button', { name: 'Sign out' }).click();

  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Break-glass reviews' }).click();
  await expect(
    app.getByRole('heading', { name: new RegExp(`Rosa Diaz opened personal-information record No. ${record.id}`) }),
  ).toBeVisible();
  await expect(app.getByText('Citizen on the phone reporting identity theft')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-break-glass-queue');
  await app.getByLabel('Appropriate', { exact: true }).check();
  await app.getByLabel('Note').fill('Confirmed with the caller and the CS supervisor.');
  await app.getByRole('button', { name: 'Record review' }).click();
  await expect(app.getByText(/recorded as appropriate/)).toBeVisible();
  await expect(app.getByText('Nothing is waiting for review.')).toBeVisible();
  const review = await clearance.handle.db
    .selectFrom('audit_log')
    .selectAll()
    .where('event', '=', 'break_glass.review')
    .executeTakeFirstOrThrow();
  expect(review).toMatchObject({ actor_username: 'priya.shah', outcome: 'allowed' });
});

test('the privacy officer finds every access to one citizen and verifies the chain', async ({ app, clearance, clock }) => {
  // Rosa opens Evelyn Harper's correspondence through the real router first.
  const rosa = { senderKey: 'rosa-window', workstation: 'records-desk-3' };
  await signInThroughRouter(clearance, clock, rosa, 'rosa.diaz');
  const list = (await clearance.router.invoke(rosa, 'records.list', { subject: 'PersonalRecord', search: 'harper' })) as {
    ok: true;
    value: { items: { id: number }[] };
  };
  await clearance.router.invoke(rosa, 'records.open', {
    subject: 'PersonalRecord',
    id: list.value.items[0]!.id,
    purpose: { code: 'respond_to_citizen' },
  });

  await signIn(app, 'priya.shah');
  const nav = app.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Records' })).toBeVisible();
  await nav.getByRole('link', { name: 'Who accessed a person' }).click();
  await app.getByLabel('Name or e-mail').fill('evelyn.harper@example.org');
  await app.getByRole('button', { name: 'Search' }).click();
  await expect(app.getByRole('heading', { name: 'Records about this person (2)' })).toBeVisible();
  const accesses = app.getByRole('table', { name: "Accesses to this person's records" });
  await expect(accesses).toContainText('rosa.diaz');
  await expect(accesses).toContainText('records-desk-3');
  // In words: the event, and the record by its kind and number, never the internal codes.
  await expect(accesses).toContainText('Opened a record');
  await expect(accesses).toContainText('Personal-information record No.');
  await expect(accesses).not.toContainText('record.open');
  await expect(accesses).not.toContainText('PersonalRecord');
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-who-accessed');

  await nav.getByRole('link', { name: 'Audit trail' }).click();
  await app.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(app.getByText('The audit trail is intact')).toBeVisible();
  await app.getByLabel('Find a person').fill('rosa');
  await app.getByRole('button', { name: 'Find', exact: true }).click();
  await app.getByRole('button', { name: 'Rosa Diaz (rosa.diaz), Records Management' }).click();
  await app.getByLabel('Outcome').selectOption('allowed');
  await app.getByRole('button', { name: 'Apply filters' }).click();
  // Signed in (password, then the code), listed, opened.
  await expect(app.getByText(/^4 entries · page 1 of 1$/)).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-trail');
  await app.getByRole('button', { name: 'Export CSV' }).click();
  await expect(app.getByText(/^Exported 4 entries to /)).toBeVisible();
});

test('after "Mark as processed" a revealed card number disappears at once, not when its countdown ends', async ({ app, clearance }) => {
  // The page's clock stands still: only the processing itself can take the number off the screen.
  await app.clock.install();
  const { id, pan } = await newestPendingCardOrder(clearance);
  const shown = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
  await signIn(app, 'carl.patel');
  await app.goto(app.url().replace(/#.*$/, '') + `#/records/CardTransaction/${id}`);
  await app.getByLabel('Reason').selectOption('process_payment');
  await app.getByRole('button', { name: 'Open record' }).click();
  await app.getByRole('button', { name: 'Reveal Card number' }).click();
  await expect(app.getByTestId('revealed-pan')).toHaveText(shown);

  await app.getByRole('button', { name: 'Mark as processed' }).click();
  await expect(app.getByText('The order is processed. The full card number has been deleted.')).toBeVisible();
  await expect(app.getByTestId('revealed-pan')).toHaveCount(0);
  await expect(app.locator('body')).not.toContainText(shown);
  await expect(app.getByLabel('Card number, masked')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Reveal Card number' })).toHaveCount(0);
});

test('the "Card transactions" breadcrumb, for someone without card access, explains instead of showing an empty page', async ({ app }) => {
  await signIn(app, 'rosa.diaz');
  await app.goto(app.url().replace(/#.*$/, '') + '#/records/CardTransaction/1');
  await expect(app.getByText('Access denied')).toBeVisible();
  await app.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Card transactions' }).click();
  const why = app.getByRole('status').filter({ hasText: 'You cannot browse card transactions' });
  await expect(why).toContainText('Your role does not include');
  await expect(why).toContainText('by its number below');
  await why.getByRole('link', { name: 'Personal-information records' }).click();
  await expect(app.getByRole('heading', { name: 'Personal-information records' })).toBeVisible();
  await expectNoAxeViolations(app);
});

test('a 5,000-character search says which field is too long and what the limit is', async ({ app, clearance }) => {
  await signIn(app, 'rosa.diaz');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await app.getByLabel('Search').fill('x'.repeat(5000));
  await app.getByRole('button', { name: 'Search' }).click();
  await expect(app.getByText('Search can be at most 100 characters; this one has 5,000.')).toBeVisible();
  await expect(app.getByLabel('Search')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByText('Some of the information is missing or not valid.')).toHaveCount(0);
  await expectNoAxeViolations(app);
  // Main says the same of the field if a long search reaches it.
  const rosa = { senderKey: 'rosa-direct', workstation: 'ws-2' };
  await clearance.router.invoke(rosa, 'auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD });
  expect(await clearance.router.invoke(rosa, 'records.list', { subject: 'PersonalRecord', search: 'x'.repeat(5000) })).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    fields: { search: 'Search can be at most 100 characters.' },
  });
});
