import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import { openDatabase, openSqlite } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { migrations } from '../../db/migrations/index.js';
import { openDateOfBirth, openSsn } from '../../electron/services/records/sensitiveFields.js';
import type { OpenResult } from '../../electron/contract/records.js';
import { DEMO_START } from '../support/harness/seededTemplate.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';

type List = { items: { id: number; title: string }[]; total: number };

describe.each(testDialects())('SSNs and dates of birth at rest on %s', (dialect) => {
  it('are sealed with keyed hashes, found by exact match, revealed only through the reveal, and searched without being logged', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const ring = testKeyRing();
    const rows = await a.handle.db.selectFrom('personal_records').selectAll().orderBy('id').execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const ssn = openSsn(ring, r.id, r.ssn_sealed!);
      const dob = openDateOfBirth(ring, r.id, r.date_of_birth_sealed!);
      expect(ssn).toMatch(/^9\d{2}-\d{2}-\d{4}$/);
      expect(dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r).toMatchObject({ ssn_last4: ssn.slice(-4), unsealed_ssn: null, unsealed_date_of_birth: null });
      expect(r.ssn_lookup).toBe(ring.lookupHash('ssn', ssn));
      expect(r.date_of_birth_lookup).toBe(ring.lookupHash('date-of-birth', dob));
      expect(JSON.stringify(r)).not.toContain(ssn);
      expect(JSON.stringify(r)).not.toContain(dob);
    }
    // A sealed value is bound to its row: moved to another record, it does not open.
    expect(() => openSsn(ring, rows[1]!.id, rows[0]!.ssn_sealed!)).toThrow();

    const rec = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow();
    const target = rows.find((r) => r.department_id === Number(rec.id))!;
    const ssn = openSsn(ring, target.id, target.ssn_sealed!);
    const dob = openDateOfBirth(ring, target.id, target.date_of_birth_sealed!);
    const rosa = await signedIn(a, 'rosa.diaz');
    for (const typed of [ssn, ssn.replace(/-/g, ' '), ssn.replace(/-/g, '')]) {
      const found = valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search: typed }));
      expect(
        found.items.map((i) => i.id),
        typed,
      ).toContain(target.id);
    }
    const byDob = valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search: dob }));
    expect(byDob.items.map((i) => i.id)).toContain(target.id);
    const searches = (await auditEvents(a, 'rosa.diaz')).filter((e) => e.event === 'record.list').map((e) => JSON.parse(e.details).search);
    expect(searches).toEqual([`•••-••-${ssn.slice(-4)}`, `•••-••-${ssn.slice(-4)}`, `•••-••-${ssn.slice(-4)}`, '••••-••-••']);

    const opened = valueOf<OpenResult>(
      await rosa('records.open', { subject: 'PersonalRecord', id: target.id, purpose: { code: 'respond_to_citizen' } }),
    );
    expect(opened.status === 'opened' && opened.record.fields.find((f) => f.key === 'ssn')!.value).toBe(`•••-••-${ssn.slice(-4)}`);
    expect(valueOf<{ value: string }>(await rosa('records.reveal', { subject: 'PersonalRecord', id: target.id, field: 'ssn' })).value).toBe(
      ssn,
    );
    expect(
      valueOf<{ value: string }>(await rosa('records.reveal', { subject: 'PersonalRecord', id: target.id, field: 'date_of_birth' })).value,
    ).toBe(dob);
    const dump = JSON.stringify(await auditEvents(a));
    expect(dump).not.toContain(ssn);
    expect(dump).not.toContain(ssn.replace(/-/g, ''));
    expect(dump).not.toContain(dob);
  });

  it('held in clear by an older database are sealed at the first start that holds the key, and the clear copies go', async () => {
    const url = dialect === 'postgres' ? await emptyPostgresDatabase(inject('pgUrl')) : '';
    const sqlitePath = dialect === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'carry-')), 'old.db') : '';
    const old = dialect === 'postgres' ? await openDatabase({ url }) : openSqlite(sqlitePath);
    // The database as Clearance left it before sensitive fields were sealed.
    await migrate(
      old,
      migrations.filter((m) => m.version < 35),
    );
    const dept = await old.db
      .insertInto('departments')
      .values({ code: 'REC', name: 'Records Management' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into personal_records (department_id, received_at, source, agency, full_name, mailing_address, email, phone, ssn, date_of_birth, message)
              values (${Number(dept.id)}, '2026-01-02T00:00:00.000Z', 'email', 'Records Management', 'Old Record', '1 Elm St', 'old@example.org',
                      '502-555-0100', '219-09-9999', '1970-03-04', 'Please update my address')`.execute(old.db);
    // It was in use (set up), so the first start on it makes the master key.
    await sql`insert into organization (id, name, kind, set_up_at) values (1, 'Organization', 'real', '2026-01-01T00:00:00.000Z')`.execute(
      old.db,
    );
    await old.close();

    const app = await startClearance({
      ...(url ? { url } : { sqlitePath }),
      workstation: 'ws',
      clock: new ManualClock(DEMO_START),
      contentDir: CONTENT_DIR,
      keyCustody: testKeyCustody(),
    });
    try {
      const row = await app.handle.db.selectFrom('personal_records').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ unsealed_ssn: null, unsealed_date_of_birth: null, ssn_last4: '9999' });
      expect(openSsn(testKeyRing(), row.id, row.ssn_sealed!)).toBe('219-09-9999');
      expect(openDateOfBirth(testKeyRing(), row.id, row.date_of_birth_sealed!)).toBe('1970-03-04');
      expect(row.ssn_lookup).toBe(testKeyRing().lookupHash('ssn', '219099999'));
      const sealedEntry = (
        await app.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'record.fields_sealed').execute()
      )[0];
      expect(JSON.parse(sealedEntry!.details)).toEqual({ records: 1 });
    } finally {
      await app.stop();
    }
    if (dialect === 'sqlite') {
      // The clear values are gone from the file, not just from the table.
      const bytes = readFileSync(sqlitePath).toString('latin1');
      expect(bytes).not.toContain('219-09-9999');
      expect(bytes).not.toContain('1970-03-04');
    }
  });
});
