import { describe, expect, it } from 'vitest';
import type { OpenResult, RecordDetail } from '../../electron/contract/records.js';
import { correctionHashInput } from '../../electron/services/records/corrections.js';
import { openSsn } from '../../electron/services/records/sensitiveFields.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyRing } from '../support/testKeys.js';

const CORRECTING = { code: 'correct_record' as const, note: 'Citizen wrote with a new address' };

async function recordOfRosa(a: TestApp) {
  const rec = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow();
  return a.handle.db
    .selectFrom('personal_records')
    .selectAll()
    .where('department_id', '=', Number(rec.id))
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

describe.each(testDialects())('corrections on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  it('change only the allowed fields of a record opened to correct it; the audit names fields and hashes, never values', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const before = await recordOfRosa(a);
    const ring = testKeyRing();
    const oldSsn = openSsn(ring, before.id, before.ssn_sealed!);

    // Opened for another reason, the record offers no correction and refuses one.
    const opened = valueOf<OpenResult>(
      await rosa('records.open', { subject: 'PersonalRecord', id: before.id, purpose: { code: 'respond_to_citizen' } }),
    );
    expect(opened.status === 'opened' && opened.record.correctable).toEqual([]);
    const early = await rosa('records.correct', { subject: 'PersonalRecord', id: before.id, changes: { mailing_address: '1 Main St' } });
    expect(early).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringMatching(/Correcting or updating the record/) });

    const reopened = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id: before.id, purpose: CORRECTING }));
    expect(reopened.status === 'opened' && reopened.record.correctable).toEqual([
      'full_name',
      'mailing_address',
      'email',
      'phone',
      'ssn',
      'date_of_birth',
    ]);
    const newAddress = '200 Mero Street, Frankfort, KY 40601';
    const newSsn = '219-09-9999';
    const r = valueOf<{ record: RecordDetail; changed: string[] }>(
      await rosa('records.correct', {
        subject: 'PersonalRecord',
        id: before.id,
        changes: { mailing_address: newAddress, ssn: '219 09 9999', email: before.email },
      }),
    );
    // The e-mail was unchanged, so only two fields count.
    expect(r.changed).toEqual(['mailing_address', 'ssn']);
    expect(r.record.fields.find((f) => f.key === 'mailing_address')!.value).toBe(newAddress);
    expect(r.record.fields.find((f) => f.key === 'ssn')!.value).toBe('•••-••-9999');
    expect(r.record.corrected).toMatchObject({ by: 'Rosa Diaz', fields: ['Mailing address', 'Social Security number'] });
    expect(r.record.corrected!.at).toBe(a.clock.now().toISOString());

    const after = await a.handle.db.selectFrom('personal_records').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(openSsn(ring, before.id, after.ssn_sealed!)).toBe(newSsn);
    expect(after.ssn_lookup).toBe(ring.lookupHash('ssn', newSsn));

    const entry = (await auditEvents(a, 'rosa.diaz')).filter((e) => e.event === 'record.correct' && e.outcome === 'allowed');
    expect(entry).toHaveLength(1);
    const details = JSON.parse(entry[0]!.details) as { fields: string[]; hashes: Record<string, { old: string; new: string }> };
    expect(details.fields).toEqual(['mailing_address', 'ssn']);
    const h = (field: string, value: string) => ring.lookupHash('record-field', correctionHashInput('personal_records', field, value));
    expect(details.hashes.mailing_address).toEqual({
      old: h('mailing_address', before.mailing_address!),
      new: h('mailing_address', newAddress),
    });
    expect(details.hashes.ssn).toEqual({ old: h('ssn', oldSsn), new: h('ssn', newSsn) });
    const raw = entry[0]!.details + entry[0]!.reason;
    for (const value of [newAddress, before.mailing_address!, oldSsn, newSsn, oldSsn.replace(/-/g, ''), '219099999']) {
      expect(raw, 'a value in the audit entry').not.toContain(value);
    }

    // Anyone opening it later sees who corrected it and when.
    const again = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id: before.id }));
    expect(again.status === 'opened' && again.record.corrected).toMatchObject({ by: 'Rosa Diaz' });
  });

  it('an open names the latest correction of the record: its fields and its time, not an earlier one', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const record = await recordOfRosa(a);
    await rosa('records.open', { subject: 'PersonalRecord', id: record.id, purpose: CORRECTING });
    valueOf(await rosa('records.correct', { subject: 'PersonalRecord', id: record.id, changes: { phone: '502-555-0101' } }));
    a.clock.advance(10 * 60_000);
    const latestAt = a.clock.now().toISOString();
    valueOf(
      await rosa('records.correct', {
        subject: 'PersonalRecord',
        id: record.id,
        changes: { mailing_address: '9 Elm St, Frankfort, KY 40601' },
      }),
    );
    a.clock.advance(60_000);

    const opened = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id: record.id }));
    expect(opened.status === 'opened' && opened.record.corrected).toEqual({ at: latestAt, by: 'Rosa Diaz', fields: ['Mailing address'] });
  });

  it('refuse invalid values field by field without echoing them, a field no rule allows, and another role', async () => {
    const a = await app();
    const rosa = await signedIn(a, 'rosa.diaz');
    const rec = await recordOfRosa(a);
    valueOf(await rosa('records.open', { subject: 'PersonalRecord', id: rec.id, purpose: CORRECTING }));
    const bad = await rosa('records.correct', {
      subject: 'PersonalRecord',
      id: rec.id,
      changes: {
        ssn: '666-12-3456',
        date_of_birth: '2099-01-01',
        email: 'not-an-address',
        message: 'hello',
        full_name: 'Pat 4111111111111111',
      },
    });
    expect(bad).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: {
        ssn: expect.stringMatching(/SSA could have issued/),
        date_of_birth: 'A date of birth cannot be in the future.',
        email: expect.any(String),
        message: 'This field cannot be corrected.',
        full_name: expect.stringMatching(/card number/),
      },
    });
    expect(JSON.stringify(bad)).not.toMatch(/666-12-3456|4111111111111111|not-an-address/);
    const unchanged = await a.handle.db.selectFrom('personal_records').selectAll().where('id', '=', rec.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual(rec);
    expect(await rosa('records.correct', { subject: 'PersonalRecord', id: rec.id, changes: { phone: rec.phone } })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });

    const liam = await signedIn(a, 'liam.chen');
    expect(await liam('records.correct', { subject: 'PersonalRecord', id: rec.id, changes: { phone: '502 555 0100' } })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Your role does not include personal-information records.',
    });
    expect((await auditEvents(a, 'liam.chen')).at(-1)).toMatchObject({ event: 'record.correct', outcome: 'denied' });
  });
});
