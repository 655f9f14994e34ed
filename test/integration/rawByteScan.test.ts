/**
 * The proof the issue asks for: after records intake, phone payments, searches of every kind, corrections,
 * exports, processing and disposal, no full card number and no SSN (or date of birth) sits
 * readable in the database files, the WAL, the exports or the log. The files are read as bytes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RotatingLog } from '../../electron/main/rotatingLog.js';
import { DAY } from '../../electron/services/clock.js';
import { openCardNumber } from '../../electron/services/records/cardCipher.js';
import { openDateOfBirth, openSsn } from '../../electron/services/records/sensitiveFields.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { createTestApp, signedIn, testDialects, valueOf, windowOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyRing } from '../support/testKeys.js';

const INTAKE_FIXTURES = new URL('../fixtures/intake/', import.meta.url).pathname;
/** What citizens pasted into the sample intake files (and a letter's SSN field), in the forms they wrote them. */
const PASTED_ON_INTAKE = [
  '4242 4242 4242 4242',
  '4242-4242-4242-4242',
  '4242424242424242',
  '5555 5555',
  '5555555555554444',
  '219-09-9999',
  '219099999',
  '1985-03-14',
  '021000021',
  'Castillo',
];

/** Published test numbers of four brands, and SSNs used nowhere else in the tests. */
const PHONE_PANS = ['4012888888881881', '5105105105105100', '378282246310005', '6011111111111117'];
const NEW_SSN = '301-44-5566';
const NEW_DOB = '1961-07-15';

const spaced = (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1 ');

function filesUnder(dir: string, since = 0): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => statSync(f).mtimeMs >= since);
}

/** Every file that holds the database: SQLite's file and WAL, or this PostgreSQL database's files and the server's WAL. */
async function databaseFiles(a: TestApp, since: number): Promise<string[]> {
  if (a.dialect === 'sqlite') return [a.sqlitePath, `${a.sqlitePath}-wal`].filter((f) => existsSync(f));
  await sql`checkpoint`.execute(a.handle.db);
  const dataDir = (await sql<{ d: string }>`select current_setting('data_directory') as d`.execute(a.handle.db)).rows[0]!.d;
  const oid = (await sql<{ oid: number }>`select oid from pg_database where datname = current_database()`.execute(a.handle.db)).rows[0]!
    .oid;
  return [...filesUnder(join(dataDir, 'base', String(oid))), ...filesUnder(join(dataDir, 'pg_wal'), since)];
}

function findIn(files: readonly string[], needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'latin1'))) found.push(`${needle.slice(0, 4)}… in ${file}`);
  }
  return found;
}

describe.each(testDialects())('nothing readable at rest on %s', (dialect) => {
  it('after intake, payments, searches, corrections, exports, processing and disposal: no card number or SSN in the files, WAL, exports or log', async () => {
    const since = Date.now() - 1000;
    const exportsDir = mkdtempSync(join(tmpdir(), 'clearance-scan-exports-'));
    const logDir = mkdtempSync(join(tmpdir(), 'clearance-scan-log-'));
    const desktop = new HarnessDesktop(exportsDir);
    const a = await createTestApp({
      contentDir: CONTENT_DIR,
      dialect,
      desktop,
      logger: new RotatingLog({ dir: logDir }),
    });
    const ring = testKeyRing();

    // What must never be readable: the demo's pending card numbers, SSNs and dates of birth, and everything typed below.
    const pending = await a.handle.db.selectFrom('card_transactions').selectAll().where('status', '=', 'pending').execute();
    const demoPans = pending.map((p) => openCardNumber(ring, p.pan_ciphertext!, p.order_id));
    const people = await a.handle.db.selectFrom('personal_records').selectAll().execute();
    const demoSsns = people.map((p) => openSsn(ring, p.id, p.ssn_sealed!));
    const demoDobs = people.map((p) => openDateOfBirth(ring, p.id, p.date_of_birth_sealed!));

    const carl = await signedIn(a, 'carl.patel');
    const rosa = await signedIn(a, 'rosa.diaz');
    const priya = await signedIn(a, 'priya.shah');
    const alex = await signedIn(a, 'alex.morgan');

    // Phone payments, one refused for a bad check digit and one with the number in the wrong box.
    const ids: number[] = [];
    for (const [i, pan] of PHONE_PANS.entries()) {
      const entered = valueOf<{ id: number }>(
        await carl('payments.enter', {
          cardholderName: `Caller ${i}`,
          cardNumber: spaced(pan),
          expiry: '09/29',
          amount: '19.99',
          orderReference: `PH-SCAN-${i}`,
          agency: 'Transportation Cabinet',
        }),
      );
      ids.push(entered.id);
    }
    expect(
      (
        await carl('payments.enter', {
          cardholderName: 'X',
          cardNumber: '4012888888881882',
          expiry: '09/29',
          amount: '1.00',
          orderReference: 'PH-BAD-1',
          agency: 'Parks',
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await carl('payments.enter', {
          cardholderName: PHONE_PANS[0]!,
          cardNumber: PHONE_PANS[1]!,
          expiry: '09/29',
          amount: '1.00',
          orderReference: 'PH-BAD-2',
          agency: 'Parks',
        })
      ).ok,
    ).toBe(false);

    // Records intake: transcripts and letters with card numbers, an SSN, bank details and a maiden name pasted in.
    const ivy = await signedIn(a, 'ivy.nguyen');
    for (const file of ['live-help-transcripts.jsonl', 'live-help-transcripts.csv', 'correspondence.csv', 'correspondence.json']) {
      desktop.filesToChoose.push(join(INTAKE_FIXTURES, file));
      const chosen = valueOf<{ status: string; token: string }>(await ivy('intake.choose', {}, crypto.randomUUID()));
      valueOf(await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID()));
    }

    // Card numbers typed into searches of every kind.
    for (const search of [PHONE_PANS[0]!, spaced(PHONE_PANS[1]!), demoPans[0]!, `order for ${demoPans[1]!}`]) {
      valueOf(await carl('records.list', { subject: 'CardTransaction', search }));
    }
    valueOf(
      await carl('records.export', {
        subject: 'CardTransaction',
        format: 'csv',
        search: PHONE_PANS[2]!,
        purpose: { code: 'process_payment' },
      }),
    );
    valueOf(await carl('records.export', { subject: 'CardTransaction', format: 'json', purpose: { code: 'quality_review' } }));
    // Too long for the search box: refused at the boundary, and the refusal names only the field.
    expect((await carl('records.list', { subject: 'CardTransaction', search: `${PHONE_PANS[3]!} `.repeat(10) })).ok).toBe(false);

    // Reveal and process the first phone payment; its sealed number is wiped.
    const wipedCiphertext = (
      await a.handle.db.selectFrom('card_transactions').select('pan_ciphertext').where('id', '=', ids[0]!).executeTakeFirstOrThrow()
    ).pan_ciphertext!;
    valueOf(await carl('records.open', { subject: 'CardTransaction', id: ids[0]!, purpose: { code: 'process_payment' } }));
    valueOf(await carl('records.reveal', { subject: 'CardTransaction', id: ids[0]!, field: 'pan' }));
    valueOf(await carl('records.process', { id: ids[0]! }));

    // SSNs and dates of birth typed into searches; a correction with a new SSN and date of birth; an export.
    for (const search of [demoSsns[0]!, demoSsns[1]!.replace(/-/g, ''), demoDobs[0]!, `ssn ${demoSsns[2]!}`]) {
      valueOf(await rosa('records.list', { subject: 'PersonalRecord', search }));
    }
    const recordsDept = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow();
    const own = people.find((p) => p.department_id === Number(recordsDept.id))!;
    valueOf(await rosa('records.open', { subject: 'PersonalRecord', id: own.id, purpose: { code: 'correct_record' } }));
    valueOf(await rosa('records.reveal', { subject: 'PersonalRecord', id: own.id, field: 'ssn' }));
    valueOf(await rosa('records.correct', { subject: 'PersonalRecord', id: own.id, changes: { ssn: NEW_SSN, date_of_birth: NEW_DOB } }));
    valueOf(
      await rosa('records.export', {
        subject: 'PersonalRecord',
        format: 'csv',
        search: demoSsns[3]!,
        purpose: { code: 'records_request' },
      }),
    );
    valueOf(await rosa('records.export', { subject: 'PersonalRecord', format: 'json', purpose: { code: 'records_request' } }));

    // The privacy office's searches: who accessed, the audit viewer and its export, a report filter.
    for (const person of [demoSsns[4]!, PHONE_PANS[1]!, NEW_SSN]) valueOf(await priya('audit.whoAccessed', { person }));
    // The person picker of the audit viewer: a number typed there is not kept either.
    valueOf(await priya('audit.people', { query: PHONE_PANS[3]! }));
    valueOf(await priya('audit.search', { filter: { event: PHONE_PANS[3]!, resourceId: demoSsns[5]! }, page: 1, pageSize: 20 }));
    valueOf(await priya('audit.export', { filter: { resourceType: `card ${demoPans[2]!}` }, format: 'csv' }));
    valueOf(await priya('audit.export', { filter: {}, format: 'json' }));
    valueOf(await alex('reports.exportCertification', { scope: { kind: 'organization' }, filter: { department: NEW_SSN }, format: 'csv' }));

    // Disposal of processed orders past a short period (the processed phone payment among them).
    a.clock.advance(40 * DAY);
    const admin = await signedIn(a, 'alex.morgan');
    valueOf(await admin('retention.setPeriod', { subject: 'CardTransaction', days: 30 }));
    valueOf(await admin('retention.dispose'));
    await windowOf(a, 'nobody')('records.list', { subject: 'CardTransaction', search: PHONE_PANS[2]! });

    const pans = [...demoPans, ...PHONE_PANS];
    const needles = [
      ...pans,
      ...pans.map(spaced),
      ...demoSsns,
      ...demoSsns.map((s) => s.replace(/-/g, '')),
      NEW_SSN,
      NEW_SSN.replace(/-/g, ''),
      ...demoDobs,
      NEW_DOB,
      ...PASTED_ON_INTAKE,
    ];
    const exportFiles = filesUnder(exportsDir);
    expect(exportFiles.length).toBe(7);
    const logFiles = filesUnder(logDir);

    // While the app runs (SQLite's WAL is live), and again after it stopped.
    expect(findIn([...(await databaseFiles(a, since)), ...exportFiles, ...logFiles], needles)).toEqual([]);
    const filesBefore = await databaseFiles(a, since);
    await a.stop();
    if (dialect === 'sqlite') {
      expect(findIn([a.sqlitePath], needles)).toEqual([]);
      // Nor the wiped ciphertext of the processed (and since disposed of) order.
      expect(findIn([a.sqlitePath], [wipedCiphertext])).toEqual([]);
    } else {
      expect(filesBefore.length).toBeGreaterThan(0);
    }
  });
});
