/**
 * A double click is one action (issue 16): one success message, no red error beside it, and one
 * audit entry. The router is watched so each check runs only once every call has been answered.
 */
import type { Router } from '../../electron/ipc/router.js';
import { expect, screenshot, signIn, test } from './fixtures.js';

/** Every call the page makes, with its request id; `settled` once main has answered all of them. */
function watchCalls(router: Router) {
  const calls: { channel: string; requestId: unknown }[] = [];
  let inFlight = 0;
  const invoke = router.invoke.bind(router);
  router.invoke = async (caller, channel, input, requestId) => {
    calls.push({ channel: String(channel), requestId });
    inFlight++;
    try {
      return await invoke(caller, channel, input, requestId);
    } finally {
      inFlight--;
    }
  };
  return {
    settled: () => expect.poll(() => inFlight).toBe(0),
    /** The request ids the page sent on one channel: one action, one id. */
    requestIds: (channel: string) => [...new Set(calls.filter((c) => c.channel === channel).map((c) => c.requestId))],
  };
}

test('a card processor double-clicks Open record, Reveal and Mark as processed: each happens once', async ({ app, clearance }) => {
  const calls = watchCalls(clearance.router);
  const db = clearance.handle.db;
  const fin = await db.selectFrom('departments').select('id').where('code', '=', 'FIN').executeTakeFirstOrThrow();
  const order = await db
    .selectFrom('card_transactions')
    .select(['id', 'order_id'])
    .where('status', '=', 'pending')
    .where('department_id', '=', fin.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const events = async () =>
    (
      await db
        .selectFrom('audit_log')
        .select('event')
        .where('actor_username', '=', 'carl.patel')
        .where('resource_id', '=', String(order.id))
        .orderBy('seq')
        .execute()
    ).map((e) => e.event);

  await signIn(app, 'carl.patel');
  await app.goto(`${app.url().replace(/#.*$/, '')}#/records/CardTransaction/${order.id}`);
  await app.getByLabel('Reason').selectOption('process_payment');
  await app.getByRole('button', { name: 'Open record' }).dblclick();
  await expect(app.getByLabel('Card number, masked')).toBeVisible();
  await calls.settled();
  expect(await events()).toEqual(['record.open']);
  expect(calls.requestIds('records.open')).toHaveLength(2); // the first look (no reason yet), then one id for the double click

  await app.getByRole('button', { name: 'Reveal Card number' }).dblclick();
  await expect(app.getByTestId('revealed-pan')).toBeVisible();
  await calls.settled();
  expect(await events()).toEqual(['record.open', 'record.reveal']);
  expect(calls.requestIds('records.reveal')).toEqual([expect.any(String)]);

  await app.getByRole('button', { name: 'Mark as processed' }).dblclick();
  await expect(app.getByText('The order is processed. The full card number has been deleted.')).toHaveCount(1);
  await expect(app.getByRole('button', { name: 'Mark as processed' })).toHaveCount(0);
  await calls.settled();
  await expect(app.getByRole('alert')).toHaveCount(0);
  await expect(app.getByText('Not processed')).toHaveCount(0);
  // The record is opened again after processing, to show it as it now is.
  expect(await events()).toEqual(['record.open', 'record.reveal', 'record.process', 'record.open']);
  expect(calls.requestIds('records.process')).toEqual([expect.any(String)]);
});

test('an administrator double-clicks Apply on a roster: one import, no error', async ({ app, clearance }) => {
  const calls = watchCalls(clearance.router);
  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster import' }).click();
  await app.getByLabel('Roster file (CSV)').setInputFiles('test/fixtures/roster-sample.csv');
  await expect(app.getByRole('table', { name: 'Changes the roster makes' })).toContainText('Owen Fitzgerald');

  await app.getByRole('button', { name: 'Apply these changes' }).dblclick();
  await expect(app.getByText('Roster imported')).toHaveCount(1);
  await calls.settled();
  await expect(app.getByRole('alert')).toHaveCount(0);
  await expect(app.getByText(/Something went wrong/)).toHaveCount(0);
  expect(calls.requestIds('roster.apply')).toEqual([expect.any(String)]);
  const hires = await clearance.handle.db.selectFrom('staff').select('id').where('employee_id', '=', 'E3001').execute();
  expect(hires).toHaveLength(1);
  const imports = await clearance.handle.db.selectFrom('audit_log').select('event').where('event', '=', 'roster.new_hire').execute();
  expect(imports).toHaveLength(1);
});

test('a button in flight says so and ignores clicks, and keeps keyboard focus', async ({ app, clearance }) => {
  // Hold the roster answer until the test has looked at the button.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const invoke = clearance.router.invoke.bind(clearance.router);
  clearance.router.invoke = async (caller, channel, input, requestId) => {
    if (channel === 'roster.apply') await held;
    return invoke(caller, channel, input, requestId);
  };
  await signIn(app, 'alex.morgan');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roster import' }).click();
  await app.getByLabel('Roster file (CSV)').setInputFiles('test/fixtures/roster-sample.csv');
  const apply = app.getByRole('button', { name: 'Apply these changes' });
  await apply.focus();
  await app.keyboard.press('Enter');
  await expect(apply).toHaveAttribute('aria-disabled', 'true');
  await expect(apply).toHaveAttribute('aria-busy', 'true');
  await expect(apply).toBeFocused();
  await screenshot(app, 'roster-apply-in-flight');
  await app.keyboard.press('Enter');
  release();
  await expect(app.getByText('Roster imported')).toBeVisible();
  await expect(app.getByRole('alert')).toHaveCount(0);
});
