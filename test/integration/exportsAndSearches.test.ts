import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../electron/contract/privacy.js';
import { openSsn } from '../../electron/services/records/sensitiveFields.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyRing } from '../support/testKeys.js';

type Who = { records: PersonRecord[]; accesses: { actor: string | null; event: string; seq: number }[] };

describe.each(testDialects())('exports and searches on %s', (dialect) => {
  const app = async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-exports-')));
    return { a: await createTestApp({ contentDir: CONTENT_DIR, dialect, desktop }), desktop };
  };

  it('an export asks for a purpose, says it on the file, and every record in it counts in "who accessed this person"', async () => {
    const { a } = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await rosa('records.export', { subject: 'PersonalRecord', format: 'csv' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { purpose: expect.any(String) },
    });
    const saved = valueOf<{ path: string; rows: number }>(
      await rosa('records.export', {
        subject: 'PersonalRecord',
        format: 'csv',
        purpose: { code: 'records_request', note: 'Request 2026-41' },
      }),
    );
    const csv = readFileSync(saved.path, 'utf8');
    expect(csv).toContain('for: Open-records request (with the custodian)');
    expect(csv).toContain('Evelyn Harper');
    const entry = (await auditEvents(a, 'rosa.diaz')).filter((e) => e.event === 'record.export').at(-1)!;
    expect(JSON.parse(entry.details)).toMatchObject({ purpose: 'records_request', note: 'Request 2026-41', rows: saved.rows });
    const listed = await a.handle.db.selectFrom('exported_records').selectAll().where('audit_seq', '=', entry.seq).execute();
    expect(listed).toHaveLength(saved.rows);

    // The privacy officer finds the export among the accesses to Evelyn Harper's records, though she was never opened.
    const priya = await signedIn(a, 'priya.shah');
    const who = valueOf<Who>(await priya('audit.whoAccessed', { person: 'Evelyn Harper' }));
    expect(who.accesses.filter((e) => e.event === 'record.export').map((e) => e.seq)).toEqual([entry.seq]);
    expect(who.accesses.some((e) => e.event === 'record.open')).toBe(false);

    // An export of transcripts by someone else, searched, does not count for her if it did not contain her.
    const liam = await signedIn(a, 'liam.chen');
    valueOf(
      await liam('records.export', {
        subject: 'LiveHelpTranscript',
        format: 'json',
        search: 'zzz-nobody',
        purpose: { code: 'quality_review' },
      }),
    );
    const again = valueOf<Who>(await priya('audit.whoAccessed', { person: 'Evelyn Harper' }));
    expect(again.accesses.filter((e) => e.event === 'record.export')).toHaveLength(1);
  });

  it('who-accessed finds a person by SSN or card number through keyed hashes and logs only masks', async () => {
    const { a } = await app();
    const harper = await a.handle.db
      .selectFrom('personal_records')
      .selectAll()
      .where('full_name', '=', 'Evelyn Harper')
      .executeTakeFirstOrThrow();
    const ssn = openSsn(testKeyRing(), harper.id, harper.ssn_sealed!);
    const priya = await signedIn(a, 'priya.shah');
    const who = valueOf<Who>(await priya('audit.whoAccessed', { person: ssn }));
    expect(who.records).toEqual([expect.objectContaining({ subject: 'PersonalRecord', id: harper.id })]);

    const carl = await signedIn(a, 'carl.patel');
    const entered = valueOf<{ id: number }>(
      await carl('payments.enter', {
        cardholderName: 'Evelyn Harper',
        cardNumber: '5555 5555 5555 4444',
        expiry: '12/29',
        amount: '10.00',
        orderReference: 'PH-WHO-1',
        agency: 'Parks',
      }),
    );
    const byCard = valueOf<Who>(await priya('audit.whoAccessed', { person: '5555-5555-5555-4444' }));
    expect(byCard.records).toEqual([expect.objectContaining({ subject: 'CardTransaction', id: entered.id })]);
    expect(byCard.accesses.map((e) => e.event)).toContain('payment.enter');

    const queries = (await auditEvents(a, 'priya.shah'))
      .filter((e) => e.event === 'audit.who_accessed')
      .map((e) => JSON.parse(e.details).query);
    expect(queries).toEqual([`•••-••-${ssn.slice(-4)}`, '5555 55•• •••• 4444']);
  });

  it('the audit viewer, its export and the report filters scan what is typed before using or logging it', async () => {
    const { a } = await app();
    const priya = await signedIn(a, 'priya.shah');
    const pan = '4111111111111111';
    // The person picker of the audit viewer: a number typed there is not kept either.
    valueOf(await priya('audit.people', { query: pan }));
    valueOf(await priya('audit.search', { filter: { event: pan, resourceId: '219-09-9999' }, page: 1, pageSize: 10 }));
    const saved = valueOf<{ path: string }>(await priya('audit.export', { filter: { resourceType: `Jones ${pan}` }, format: 'json' }));
    const report = valueOf<{ path: string }>(
      await priya('reports.exportCertification', { scope: { kind: 'organization' }, filter: { department: pan }, format: 'csv' }),
    );
    const trail = JSON.stringify(await auditEvents(a));
    expect(trail).not.toContain(pan);
    expect(trail).not.toContain('219-09-9999');
    expect(trail).toContain('4111 11•• •••• 1111');
    expect(trail).toContain('Jones [card number removed, ending 1111]');
    expect(readFileSync(saved.path, 'utf8')).not.toContain(pan);
    expect(readFileSync(report.path, 'utf8')).toContain('department: 4111 11•• •••• 1111');
  });
});
