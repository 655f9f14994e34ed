import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { witnessLine } from '../../electron/services/audit/checkpoint.js';
import { fromCheckpointRow } from '../../electron/services/audit/trailVerifier.js';
import { HOUR } from '../../electron/services/clock.js';
import { SyslogReceiver } from '../support/siem/syslogReceiver.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test('a checkpoint is shown and verified', async ({ app, clearance, clock }) => {
  // An hour of work later, the schedule signs the grown trail.
  await clearance.router.invoke({ senderKey: 'liam', workstation: 'e2e-ws' }, 'auth.signIn', {
    username: 'liam.chen',
    password: 'Clearance-demo-2026',
  });
  clock.advance(2 * HOUR);
  await clearance.runScheduledJobs();
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  const integrity = app.getByRole('region', { name: 'Integrity' });
  await expect(integrity.getByText(/^At entry \d+, just now \(.+\), by e2e-ws while running; also in the witness file$/)).toBeVisible();
  await expect(integrity.getByText(/^No\. \d+, written just now/)).toBeVisible();
  await expect(integrity.getByText(/daily schedule: intact$/)).toBeVisible();
  await expectNoAxeViolations(app);

  await app.getByRole('button', { name: 'Verify the chain' }).click();
  const result = app.getByRole('status').filter({ hasText: 'The audit trail is intact' });
  await expect(result).toContainText(/\d+ entries verified at .+; 3 signed checkpoints hold, and the witness \(2 lines\) agrees\./);
  await expect(integrity.getByText(/, priya\.shah: intact$/)).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-integrity');
});

test('a tail cut from the trail is named with the entries it affects', async ({ app, clearance, clock }) => {
  clock.advance(2 * HOUR);
  await clearance.runScheduledJobs();
  const signed = await clearance.handle.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  // Someone with the database file removes the guards and the last entries.
  await sql.raw('drop trigger audit_log_no_delete').execute(clearance.handle.db);
  await sql`delete from audit_log where seq > ${Number(signed.seq) - 2}`.execute(clearance.handle.db);
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await app.getByRole('button', { name: 'Verify the chain' }).click();
  const alert = app.getByRole('alert').filter({ hasText: 'The audit trail is broken' });
  // Priya's sign-in went in where the removed entries were: removed or replaced, since the start of the trail.
  await expect(alert).toContainText('The audit trail is broken: entries were removed or replaced');
  await expect(alert).toContainText(`the checkpoint of e2e-ws at entry ${signed.seq} signed`);
  await expect(alert).toContainText(/Entries affected: 1 to \d+\./);
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-broken');
});

test('the audit viewer finds event names with underscores and a person by the picker', async ({ app }) => {
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  // The event is chosen from the list in words; its code has an underscore, which the filter takes literally.
  await app.getByLabel('Event').selectOption({ label: 'Signed in' });
  await app.getByLabel('Find a person').fill('shah');
  await app.getByRole('button', { name: 'Find', exact: true }).click();
  await app.getByRole('button', { name: 'Priya Shah (priya.shah), Privacy & Technology Office' }).click();
  await expect(app.getByText('Priya Shah (priya.shah), Privacy & Technology Office')).toBeVisible();
  await app.getByRole('button', { name: 'Apply filters' }).click();
  await expect(app.getByText(/^1 entry · page 1 of 1$/)).toBeVisible();
  await expect(app.getByRole('table', { name: 'Audit entries' })).toContainText('Signed in');
  await expect(app.getByRole('table', { name: 'Audit entries' })).not.toContainText('auth.sign_in');
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-person');

  await app.getByLabel('Record number').fill('12\u000034');
  await app.getByRole('button', { name: 'Apply filters' }).click();
  await expect(
    app.getByText('The text contains a NUL character (\\0), which cannot be searched for or stored. Remove it and try again.'),
  ).toBeVisible();
});

test('the audit viewer says "1,000+ entries" past its count and pages on without a last page number', async ({ app, clearance }) => {
  // A busy year of sign-ins: more than the viewer counts.
  for (let i = 0; i < 1_010; i++)
    await clearance.services.audit.append(clearance.handle.db, {
      actor: { id: 1, username: 'jordan.blake' },
      workstation: clearance.workstation,
      event: 'auth.sign_in',
      outcome: 'allowed',
      reason: `sign-in ${i}`,
      resource: { type: 'Session', id: i },
      details: {},
    });
  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await app.getByLabel('Event').selectOption({ label: 'Signed in' });
  await app.getByRole('button', { name: 'Apply filters' }).click();
  const status = app.getByText(/entries · page \d+/);
  await expect(status).toHaveText('1,000+ entries · page 1');
  const pager = app.getByRole('navigation', { name: 'Pages' });
  await expect(pager.getByRole('button', { name: 'Newer' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Older' }).click();
  await expect(status).toHaveText('1,000+ entries · page 2');
  await expect(pager.getByRole('button', { name: 'Newer' })).toBeEnabled();
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-capped-count');
});

test('an administrator chooses the witness folder and the SIEM, each tested before saving', async ({ app, desktop }) => {
  const siem = await new SyslogReceiver().start();
  try {
    await signIn(app, 'alex.morgan');
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit protection' }).click();
    await expect(app.getByRole('heading', { name: 'Audit protection', level: 1 })).toBeVisible();
    await expectNoAxeViolations(app);

    const missing = join(tmpdir(), 'clearance-e2e-missing-share');
    await app.getByLabel('Witness folder').fill(missing);
    await app.getByRole('button', { name: 'Test and save' }).first().click();
    await expect(app.getByRole('alert').filter({ hasText: `The witness file cannot be written in ${missing}` })).toBeVisible();
    expect(desktop.chosenWitnessFolder).toBeNull();
    const share = mkdtempSync(join(tmpdir(), 'clearance-e2e-share-'));
    await app.getByLabel('Witness folder').fill(share);
    await app.getByRole('button', { name: 'Test and save' }).first().click();
    await expect(app.getByText(`The witness file is now written in ${share}. A checkpoint was written there.`)).toBeVisible();
    expect(desktop.chosenWitnessFolder).toBe(share);

    const form = app.getByRole('form', { name: 'SIEM forwarding settings' });
    await form.getByLabel('SIEM host').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(siem.port));
    await form.getByLabel('Use TLS (RFC 5425)').uncheck();
    await form.getByRole('button', { name: 'Send a test message' }).click();
    await expect(app.getByText(`A test message was sent: syslog over TCP to 127.0.0.1:${siem.port}.`)).toBeVisible();
    await form.getByRole('button', { name: 'Test and save' }).click();
    await expect(app.getByText(`Saved. Forwarding to syslog over TCP to 127.0.0.1:${siem.port}.`)).toBeVisible();
    await expect.poll(() => siem.seqs().length, { timeout: 15_000 }).toBeGreaterThan(10);
    await expectNoAxeViolations(app);
    await screenshot(app, 'admin-audit-protection');
  } finally {
    await siem.stopAbruptly();
  }
});

test('an evidence pack kept by the assessor catches a tail cut with every checkpoint and the witness', async ({
  app,
  clearance,
  clock,
  desktop,
}) => {
  clock.advance(2 * HOUR);
  await clearance.runScheduledJobs();
  const db = clearance.handle.db;
  // The pack's checkpoint file, as the evidence pack writes it.
  const packFile = join(mkdtempSync(join(tmpdir(), 'clearance-e2e-pack-')), 'audit-checkpoints.jsonl');
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').orderBy('at').orderBy('id').execute();
  writeFileSync(packFile, rows.map((c) => witnessLine(fromCheckpointRow(c))).join(''));
  const signed = Number(rows.at(-1)!.seq);
  // Someone with the database removes the guards, the last entries and every checkpoint, and empties the witness.
  await sql.raw('drop trigger audit_log_no_delete').execute(db);
  await sql.raw('drop trigger audit_checkpoints_no_delete').execute(db);
  await sql`delete from audit_log where seq > ${signed - 2}`.execute(db);
  await sql`delete from audit_checkpoints`.execute(db);
  const witness = clearance.services.auditIntegrity.witnessFolder()!;
  for (const f of readdirSync(witness)) rmSync(join(witness, f));

  await signIn(app, 'priya.shah');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await app.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'The audit trail is intact' })).toBeVisible();

  desktop.filesToChoose.push(packFile);
  await app.getByRole('button', { name: 'Verify against an evidence pack…' }).click();
  await expect(
    app.getByText(/^Checked also against audit-checkpoints\.jsonl of an evidence pack \(\d+ checkpoints of this database\)\.$/),
  ).toBeVisible();
  const alert = app.getByRole('alert').filter({ hasText: 'The audit trail is broken' });
  await expect(alert).toContainText(`the checkpoint of e2e-ws at entry ${signed} signed`);
  await expectNoAxeViolations(app);
  await screenshot(app, 'privacy-audit-evidence-pack');

  // Cancelling the dialog verifies nothing, and says so.
  await app.getByRole('button', { name: 'Verify against an evidence pack…' }).click();
  await expect(app.getByText('No file was chosen; nothing was verified.')).toBeVisible();
});
