import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDateOfBirth, openSsn } from '../../electron/services/records/sensitiveFields.js';
import { testKeyRing } from '../support/testKeys.js';
import { describe, expect, it } from 'vitest';
import type { IntakeApplied, IntakeChosen } from '../../electron/contract/intake.js';
import type { OpenResult } from '../../electron/contract/records.js';
import { DAY } from '../../electron/services/clock.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';

const FIXTURES = new URL('../fixtures/intake/', import.meta.url).pathname;
const fixture = (name: string) => join(FIXTURES, name);
const PASTED = ['4242 4242 4242 4242', '4242424242424242', '219-09-9999', '5555 5555', '021000021', 'Castillo'];

type Chosen = Extract<IntakeChosen, { status: 'chosen' }>;

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-intake-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function setup(dialect: 'sqlite' | 'postgres') {
  const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-downloads-')));
  const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, desktop });
  const ivy = await signedIn(a, 'ivy.nguyen');
  /** Picks the file in the "open" dialog and previews it. */
  const choose = async (path: string, who: Call = ivy): Promise<Chosen> => {
    desktop.filesToChoose.push(path);
    const r = valueOf<IntakeChosen>(await who('intake.choose', {}, crypto.randomUUID()));
    if (r.status !== 'chosen') throw new Error('cancelled');
    return r;
  };
  const importFile = async (path: string): Promise<IntakeApplied> => {
    const chosen = await choose(path);
    return valueOf<IntakeApplied>(await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID()));
  };
  return { a, desktop, ivy, choose, importFile };
}

const count = async (a: TestApp, table: 'live_help_transcripts' | 'personal_records' | 'card_transactions' | 'intake_imports') =>
  Number(
    (
      await a.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const lastAudit = (a: TestApp, event: string) =>
  a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', event).orderBy('seq', 'desc').executeTakeFirstOrThrow();

describe.each(testDialects())('records intake on %s', (dialect) => {
  it('previews a transcript file with counts and redactions by kind, storing nothing, and audits who looked at which file', async () => {
    const { a, choose } = await setup(dialect);
    const before = await count(a, 'live_help_transcripts');
    const { preview } = await choose(fixture('live-help-transcripts.jsonl'));
    expect(preview).toMatchObject({
      kind: 'live_help',
      file: { name: 'live-help-transcripts.jsonl', format: 'jsonl', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      errors: [],
      counts: { records: 3, new: 3, duplicates: 0, updated: 0 },
      redactions: [
        { kind: 'card_number', count: 1 },
        { kind: 'ssn', count: 1 },
        { kind: 'date_of_birth', count: 1 },
      ],
      recordsWithRedactions: 2,
    });
    expect(preview.samples.map((s) => s.excerpt)).toContain(
      'My renewal payment failed. My card is [card number removed, ending 4242], can you check it?',
    );
    expect(JSON.stringify(preview)).not.toMatch(/4242 4242|219-09-9999/);
    expect(await count(a, 'live_help_transcripts')).toBe(before);
    const entry = await lastAudit(a, 'intake.preview');
    expect(entry).toMatchObject({ actor_username: 'ivy.nguyen', outcome: 'allowed' });
    expect(JSON.parse(entry.details)).toMatchObject({
      sha256: preview.file.sha256,
      new: 3,
      redactions: { card_number: 1, ssn: 1, date_of_birth: 1 },
    });
  });

  it('imports in one transaction, redacted, with the counts on each record, and audits who, the SHA-256, counts and redactions', async () => {
    const { a, importFile } = await setup(dialect);
    const applied = await importFile(fixture('live-help-transcripts.jsonl'));
    expect(applied).toMatchObject({ kind: 'live_help', counts: { new: 3, duplicates: 0 } });
    const rows = await a.handle.db
      .selectFrom('live_help_transcripts')
      .selectAll()
      .where('import_id', '=', applied.importId)
      .orderBy('source_id')
      .execute();
    expect(rows.map((r) => [r.source_id, JSON.parse(r.redaction_counts)])).toEqual([
      ['LH-2026-11-000101', { card_number: 1 }],
      ['LH-2026-11-000102', { ssn: 1, date_of_birth: 1 }],
      ['LH-2026-11-000103', {}],
    ]);
    expect(rows[0]).toMatchObject({
      source_system: 'live-help',
      visitor_name: 'Evelyn Harper',
      referring_page: 'https://www.example.gov/vehicles/registration',
      started_at: '2026-11-20T14:02:11.000Z',
    });
    expect(JSON.parse(rows[1]!.messages!)[3]).toEqual({
      at: '2026-11-20T20:21:45.000Z',
      sender: 'visitor',
      name: 'Marcus Webb',
      text: '[SSN removed] just in case',
    });
    for (const r of rows) for (const p of PASTED) expect(JSON.stringify(r)).not.toContain(p);
    if (dialect === 'sqlite') {
      // The originals never reach the disk: not in the database file, nor in its write-ahead log.
      const onDisk = [a.sqlitePath, `${a.sqlitePath}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
      for (const pasted of ['4242 4242 4242 4242', '219-09-9999', '03/14/1985'])
        for (const bytes of onDisk) expect(bytes).not.toContain(pasted);
    }
    const entry = await lastAudit(a, 'intake.import');
    expect(entry).toMatchObject({
      actor_username: 'ivy.nguyen',
      outcome: 'allowed',
      resource_type: 'intake_import',
      resource_id: String(applied.importId),
    });
    expect(entry.reason).toMatch(
      /Live Help transcripts imported: 3 new, 0 duplicates skipped; redacted 1 card number, 1 Social Security number, 1 date of birth/,
    );
    expect(JSON.parse(entry.details)).toMatchObject({
      sha256: applied.sha256,
      file: 'live-help-transcripts.jsonl',
      new: 3,
      redactions: { card_number: 1, ssn: 1, date_of_birth: 1 },
      via: 'screen',
    });
    expect(
      await a.handle.db.selectFrom('intake_imports').selectAll().where('id', '=', applied.importId).executeTakeFirstOrThrow(),
    ).toMatchObject({
      file_sha256: applied.sha256,
      added: 3,
      redactions: '{"card_number":1,"ssn":1,"date_of_birth":1}',
    });
  });

  it('imports nothing from a file with one bad row, and lists the error by row and field', async () => {
    const { a, choose, ivy } = await setup(dialect);
    const good = readFileSync(fixture('live-help-transcripts.jsonl'), 'utf8').trim().split('\n');
    const bad = JSON.parse(good[2]!) as Record<string, unknown>;
    bad.ended_at = 'tomorrow';
    const path = tempFile('mixed.jsonl', [good[0], good[1], JSON.stringify(bad)].join('\n'));
    const before = { transcripts: await count(a, 'live_help_transcripts'), imports: await count(a, 'intake_imports') };
    const chosen = await choose(path);
    expect(chosen.preview.errors).toEqual([{ row: 3, field: 'ended_at', message: expect.stringMatching(/not a date and time/) }]);
    const r = await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID());
    expect(r).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: 'mixed.jsonl has 1 error; nothing was imported. Correct the file and import it again.',
    });
    expect({ transcripts: await count(a, 'live_help_transcripts'), imports: await count(a, 'intake_imports') }).toEqual(before);
    const entry = await lastAudit(a, 'intake.import');
    expect(entry).toMatchObject({ outcome: 'denied', reason: '1 error(s) in the file; nothing imported' });
    expect(JSON.parse(entry.details)).toMatchObject({ sha256: chosen.preview.file.sha256, errors: 1 });
  });

  it('rolls the whole import back when storing fails part-way: no record, no import row, no audit entry of success', async () => {
    const { a, choose, ivy } = await setup(dialect);
    const chosen = await choose(fixture('correspondence.csv'));
    const before = { letters: await count(a, 'personal_records'), imports: await count(a, 'intake_imports') };
    // A source id taken at the last moment, after the check inside the transaction: the unique index refuses the insert.
    Object.defineProperty(a.services.intake, 'recheck', {
      value: async (trx: TestApp['handle']['db'], analysis: unknown) => {
        await trx
          .insertInto('personal_records')
          .values({
            department_id: 1,
            received_at: '2026-11-21T12:40:00.000Z',
            source: 'email',
            agency: 'x',
            full_name: 'x',
            message: 'x',
            source_system: 'correspondence',
            source_id: 'EM-2026-5003',
          })
          .execute();
        return analysis;
      },
    });
    const r = await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID());
    expect(r).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringMatching(/nothing was imported/) });
    expect({ letters: await count(a, 'personal_records'), imports: await count(a, 'intake_imports') }).toEqual({
      letters: before.letters,
      imports: before.imports,
    });
    const imports = await a.handle.db.selectFrom('audit_log').select('outcome').where('event', '=', 'intake.import').execute();
    expect(imports).toEqual([]);
  });

  it('is idempotent: the same file again stores nothing twice; a settlement file moves an order’s portal status on', async () => {
    const { a, importFile, choose } = await setup(dialect);
    const first = await importFile(fixture('correspondence.csv'));
    expect(first.counts).toMatchObject({ new: 3, duplicates: 0 });
    const total = await count(a, 'personal_records');
    const again = await choose(fixture('correspondence.csv'));
    expect(again.preview.counts).toMatchObject({ new: 0, duplicates: 3 });
    expect(again.preview.items[0]).toMatchObject({ status: 'duplicate', note: 'already imported on 2026-11-24; skipped' });
    expect(again.preview.redactions).toEqual([]);
    const second = await importFile(fixture('correspondence.csv'));
    expect(second.counts).toMatchObject({ new: 0, duplicates: 3 });
    expect(await count(a, 'personal_records')).toBe(total);

    const orders = await importFile(fixture('settlement.csv'));
    expect(orders.counts).toMatchObject({ new: 3 });
    const pending = await a.handle.db
      .selectFrom('card_transactions')
      .selectAll()
      .where('order_id', '=', 'PP-2026-880002')
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({
      status: 'pending',
      settlement_status: 'authorized',
      pan_first6: '',
      pan_last4: '4444',
      pan_ciphertext: null,
      amount_cents: 12050,
    });
    const next = readFileSync(fixture('settlement.csv'), 'utf8').replace(
      'authorized,2026-11-20T17:45:00Z,,',
      'settled,2026-11-20T17:45:00Z,2026-11-21T02:00:00Z,',
    );
    const moved = await choose(tempFile('settlement-next.csv', next));
    expect(moved.preview.counts).toMatchObject({ new: 0, duplicates: 2, updated: 1 });
    expect(moved.preview.items[0]).toMatchObject({
      sourceId: 'PP-2026-880002',
      status: 'updated',
      note: 'portal status authorized → settled',
    });
    await importFile(tempFile('settlement-next.csv', next));
    expect(
      await a.handle.db.selectFrom('card_transactions').selectAll().where('order_id', '=', 'PP-2026-880002').executeTakeFirstOrThrow(),
    ).toMatchObject({
      status: 'processed',
      settlement_status: 'settled',
      settled_at: '2026-11-21T02:00:00.000Z',
    });
  });

  it('counts what was redacted by kind on each record, for correspondence too', async () => {
    const { a, importFile } = await setup(dialect);
    const csv = await importFile(fixture('correspondence.csv'));
    const json = await importFile(fixture('correspondence.json'));
    expect(csv.redactions).toEqual([
      { kind: 'card_number', count: 1 },
      { kind: 'bank_account', count: 1 },
    ]);
    expect(json.redactions).toEqual([
      { kind: 'date_of_birth', count: 1 },
      { kind: 'mothers_maiden_name', count: 1 },
    ]);
    const rows = await a.handle.db
      .selectFrom('personal_records')
      .selectAll()
      .where('import_id', 'is not', null)
      .orderBy('source_id')
      .execute();
    expect(rows.map((r) => [r.source_id, r.redaction_counts])).toEqual([
      ['EM-2026-5002', '{"card_number":1}'],
      ['EM-2026-5003', '{}'],
      ['WF-2026-5001', '{"bank_account":1}'],
      ['WF-2026-5101', '{"date_of_birth":1,"mothers_maiden_name":1}'],
    ]);
    expect(rows[0]).toMatchObject({
      ssn_sealed: null,
      date_of_birth_sealed: null,
      mailing_address: null,
      subject: 'Refund question',
      notes: 'Forwarded from the general inbox',
    });
    // An SSN and a date of birth given in their own columns are kept only sealed, found by keyed hash.
    expect(rows[2]).toMatchObject({ source_id: 'WF-2026-5001', ssn_last4: '9999', ssn_sealed: expect.stringMatching(/^cv1\./) });
    expect(openSsn(testKeyRing(), rows[2]!.id, rows[2]!.ssn_sealed!)).toBe('219-09-9999');
    expect(openDateOfBirth(testKeyRing(), rows[2]!.id, rows[2]!.date_of_birth_sealed!)).toBe('1985-03-14');
    expect(rows[2]!.ssn_lookup).toBe(testKeyRing().lookupHash('ssn', '219-09-9999'));
    expect(JSON.stringify(rows)).not.toMatch(/219-?09-?9999|1985-03-14/);
    expect(rows[3]!.message).toBe(
      "I was born on [date of birth removed] and need my file. My mother's maiden name is [mother's maiden name removed] if you need to verify.",
    );
  });

  it('lets only a records intake officer with current training import, and says why not', async () => {
    const { a, desktop, choose } = await setup(dialect);
    const rosa = await signedIn(a, 'rosa.diaz');
    const refused = await rosa('intake.choose', {}, crypto.randomUUID());
    expect(refused).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only records intake officers import records. An administrator grants the role.',
    });
    expect(desktop.openDialogs).toEqual([]);
    expect(await lastAudit(a, 'intake.preview')).toMatchObject({ actor_username: 'rosa.diaz', outcome: 'denied' });
    const chosen = await choose(fixture('settlement.csv'));
    // Ivy's training (completed 200 days before the demo) expires: the token she holds no longer imports.
    a.clock.advance(200 * DAY);
    const ivy = await signedIn(a, 'ivy.nguyen', undefined, 'window-ivy-later');
    const expired = await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID());
    expect(expired).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: expect.stringMatching(/expired on .* Complete the training to import records\.$/),
    });
  });

  it('is a role an administrator grants: once granted, the person may import; once revoked, not', async () => {
    const { a, desktop } = await setup(dialect);
    const alex = await signedIn(a, 'alex.morgan');
    const rosa = await signedIn(a, 'rosa.diaz');
    const preview = () => {
      desktop.filesToChoose.push(fixture('settlement.csv'));
      return rosa('intake.choose', {}, crypto.randomUUID());
    };
    expect(await preview()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const change = (change: 'grant' | 'revoke') =>
      alex('accounts.changeRole', { username: 'rosa.diaz', role: 'records_intake', change, reason: 'covers intake' }, crypto.randomUUID());
    expect(await change('grant')).toMatchObject({ ok: true, value: { outcome: 'granted' } });
    expect(await preview()).toMatchObject({ ok: true, value: { status: 'chosen', preview: { kind: 'settlement', counts: { new: 3 } } } });
    expect(await lastAudit(a, 'intake.preview')).toMatchObject({
      actor_username: 'rosa.diaz',
      outcome: 'allowed',
    });
    expect(await change('revoke')).toMatchObject({ ok: true, value: { outcome: 'revoked' } });
    expect(await preview()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('shows imported records in the viewer: messages with their tokens, the referring page, what was redacted; optional fields as not given', async () => {
    const { a, importFile } = await setup(dialect);
    await importFile(fixture('live-help-transcripts.jsonl'));
    await importFile(fixture('correspondence.csv'));
    await importFile(fixture('settlement.csv'));
    const purpose = { code: 'respond_to_citizen' as const };
    const idOf = async (table: 'live_help_transcripts' | 'personal_records' | 'card_transactions', sourceId: string) =>
      Number((await a.handle.db.selectFrom(table).select('id').where('source_id', '=', sourceId).executeTakeFirstOrThrow()).id);
    const fieldsOf = (r: OpenResult) => (r.status === 'opened' ? Object.fromEntries(r.record.fields.map((f) => [f.key, f.value])) : {});

    const liam = await signedIn(a, 'liam.chen');
    const transcript = valueOf<OpenResult>(
      await liam(
        'records.open',
        { subject: 'LiveHelpTranscript', id: await idOf('live_help_transcripts', 'LH-2026-11-000101'), purpose },
        crypto.randomUUID(),
      ),
    );
    expect(fieldsOf(transcript)).toMatchObject({
      referring_page: 'https://www.example.gov/vehicles/registration',
      transcript_text: expect.stringContaining(
        '[14:03] Evelyn Harper: My renewal payment failed. My card is [card number removed, ending 4242], can you check it?',
      ),
      redactions: 'On intake: 1 card number removed',
      source_record: 'live-help LH-2026-11-000101',
    });

    const rosa = await signedIn(a, 'rosa.diaz');
    const letter = valueOf<OpenResult>(
      await rosa(
        'records.open',
        { subject: 'PersonalRecord', id: await idOf('personal_records', 'EM-2026-5002'), purpose },
        crypto.randomUUID(),
      ),
    );
    expect(fieldsOf(letter)).toMatchObject({
      ssn: 'Not given',
      date_of_birth: 'Not given',
      subject: 'Refund question',
      redactions: 'On intake: 1 card number removed',
    });
    expect(letter.status === 'opened' && letter.record.revealable).toEqual([]);

    const carl = await signedIn(a, 'carl.patel');
    const orderId = await idOf('card_transactions', 'PP-2026-880002');
    const order = valueOf<OpenResult>(
      await carl('records.open', { subject: 'CardTransaction', id: orderId, purpose: { code: 'process_payment' } }, crypto.randomUUID()),
    );
    expect(fieldsOf(order)).toMatchObject({ pan: '•••• •••• •••• 4444', settlement_status: 'Authorized (payment portal)' });
    expect(await carl('records.reveal', { subject: 'CardTransaction', id: orderId, field: 'pan' }, crypto.randomUUID())).toMatchObject({
      ok: false,
      message: 'The full card number is not held for this order.',
    });
  });

  describe('the watched intake folder', () => {
    const age = (path: string) => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const drop = (folder: string, name: string, content: string | Buffer) => {
      const path = join(folder, name);
      writeFileSync(path, content);
      age(path);
    };

    it('imports new files under the same rules, moving each to done or rejected with a report beside it', async () => {
      const { a, ivy } = await setup(dialect);
      const folder = mkdtempSync(join(tmpdir(), 'clearance-watched-'));
      const status = valueOf<{ folder: string; onThisWorkstation: boolean; setBy: string }>(
        await ivy('intake.setFolder', { folder }, crypto.randomUUID()),
      );
      expect(status).toMatchObject({ folder, onThisWorkstation: true, setBy: 'Ivy Nguyen' });
      expect(['done', 'processing', 'rejected'].every((d) => existsSync(join(folder, d)))).toBe(true);
      drop(folder, 'transcripts.jsonl', readFileSync(fixture('live-help-transcripts.jsonl')));
      drop(folder, 'broken.csv', 'source_id,channel,department,received_at,full_name,message\nX1,fax,REC,2026-11-20T10:00:00Z,Ann,hello\n');
      drop(folder, 'notes.txt', 'not an import file');
      writeFileSync(join(folder, 'still-copying.csv'), 'order_id');

      const scan = await a.services.intake.scanWatchedFolder();
      expect(scan.files).toEqual([
        {
          file: 'broken.csv',
          outcome: 'rejected',
          summary: 'broken.csv has 1 error; nothing was imported. Correct the file and import it again.',
        },
        {
          file: 'transcripts.jsonl',
          outcome: 'done',
          summary: expect.stringMatching(/3 new, 0 duplicates; redacted 1 card number, 1 Social Security number, 1 date of birth\./),
        },
      ]);
      expect(readdirSync(folder).sort()).toEqual(['done', 'notes.txt', 'processing', 'rejected', 'still-copying.csv']);
      const done = JSON.parse(readFileSync(join(folder, 'done', 'transcripts.jsonl.report.json'), 'utf8'));
      expect(done).toMatchObject({
        outcome: 'imported',
        importedBy: 'ivy.nguyen',
        kind: 'live_help',
        counts: { new: 3 },
        redactions: { card_number: 1, ssn: 1, date_of_birth: 1 },
      });
      expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
      const rejected = JSON.parse(readFileSync(join(folder, 'rejected', 'broken.csv.report.json'), 'utf8'));
      expect(rejected).toMatchObject({
        outcome: 'rejected',
        errors: [{ row: 2, field: 'channel', message: 'Must be email or web_form.' }],
      });
      expect(existsSync(join(folder, 'rejected', 'broken.csv'))).toBe(true);
      const entry = await lastAudit(a, 'intake.import');
      expect(entry).toMatchObject({ actor_username: 'ivy.nguyen', outcome: 'allowed' });
      expect(entry.reason).toContain(`(watched folder ${folder})`);
      expect(JSON.parse(entry.details)).toMatchObject({ via: 'watched_folder', sha256: done.sha256 });

      // The same file dropped again: nothing stored twice, and its own report beside it.
      const before = await count(a, 'live_help_transcripts');
      drop(folder, 'transcripts.jsonl', readFileSync(fixture('live-help-transcripts.jsonl')));
      const again = await a.services.intake.scanWatchedFolder();
      expect(again.files).toEqual([
        { file: 'transcripts-2.jsonl', outcome: 'done', summary: expect.stringMatching(/0 new, 3 duplicates/) },
      ]);
      expect(await count(a, 'live_help_transcripts')).toBe(before);
      expect(existsSync(join(folder, 'done', 'transcripts-2.jsonl.report.json'))).toBe(true);
    });

    it('is watched only by the workstation it was set on, and stops importing when its officer loses the permission', async () => {
      const { a, ivy } = await setup(dialect);
      const folder = mkdtempSync(join(tmpdir(), 'clearance-watched-'));
      valueOf(await ivy('intake.setFolder', { folder }, crypto.randomUUID()));
      mkdirSync(join(folder, 'sub'));
      drop(folder, 'c.csv', readFileSync(fixture('correspondence.csv')));
      await a.handle.db
        .updateTable('settings')
        .set({ value: JSON.stringify({ folder, workstation: 'other-ws', setBy: 1, setAt: 'x' }) })
        .execute();
      expect(await a.services.intake.scanWatchedFolder()).toEqual({ files: [] });
      expect(existsSync(join(folder, 'c.csv'))).toBe(true);
      expect(await ivy('intake.scanFolder', {}, crypto.randomUUID())).toMatchObject({
        ok: false,
        message: 'The watched folder is watched by other-ws; look at it from there.',
      });

      valueOf(await ivy('intake.setFolder', { folder }, crypto.randomUUID()));
      const ivyId = Number(
        (await a.handle.db.selectFrom('staff').select('id').where('username', '=', 'ivy.nguyen').executeTakeFirstOrThrow()).id,
      );
      await a.handle.db.deleteFrom('staff_roles').where('staff_id', '=', ivyId).where('role_key', '=', 'records_intake').execute();
      const before = await count(a, 'personal_records');
      const scan = await a.services.intake.scanWatchedFolder();
      expect(scan.files).toEqual([
        {
          file: 'c.csv',
          outcome: 'rejected',
          summary: expect.stringMatching(/^Not imported: Only records intake officers import records/),
        },
      ]);
      expect(await count(a, 'personal_records')).toBe(before);
      expect(await lastAudit(a, 'intake.import')).toMatchObject({ actor_username: 'ivy.nguyen', outcome: 'denied' });
    });

    it('refuses a folder that does not exist or is not a folder', async () => {
      const { ivy } = await setup(dialect);
      expect(await ivy('intake.setFolder', { folder: join(tmpdir(), 'no-such-folder-here') }, crypto.randomUUID())).toMatchObject({
        ok: false,
        message: 'There is no such folder on this workstation.',
      });
      expect(await ivy('intake.setFolder', { folder: 'relative/path' }, crypto.randomUUID())).toMatchObject({
        ok: false,
        message: 'Enter the folder’s full path.',
      });
      expect(await ivy('intake.setFolder', { folder: fixture('settlement.csv') }, crypto.randomUUID())).toMatchObject({
        ok: false,
        message: 'That path is a file, not a folder.',
      });
    });
  });
});
