import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrator.js';
import { migrations } from '../../db/migrations/index.js';
import { testDialects } from '../support/testApp.js';
import { emptyDatabase } from '../support/emptyDatabase.js';

const fresh = emptyDatabase;

const letter = (n: number) => ({
  department_id: 1,
  received_at: `2026-11-0${n}T10:00:00.000Z`,
  source: 'email' as const,
  agency: 'Records',
  full_name: `Person ${n}`,
  mailing_address: `${n} Elm Street`,
  email: `p${n}@example.org`,
  phone: '502-555-0100',
  ssn: `91${n}-12-345${n}`,
  date_of_birth: '1980-01-0' + n,
  message: `Letter ${n}`,
});

describe.each(testDialects())('records intake migrations on %s', (dialect) => {
  it('make contact and identity fields of correspondence optional, keeping every row, its id and the id sequence', async () => {
    const h = await fresh(dialect);
    await migrate(
      h,
      migrations.filter((m) => m.version < 30),
    );
    await h.db.insertInto('departments').values({ code: 'REC', name: 'Records Management' }).execute();
    for (const n of [1, 2, 3]) await h.db.insertInto('personal_records').values(letter(n)).execute();
    await h.db.deleteFrom('personal_records').where('full_name', '=', 'Person 3').execute();
    const before = await h.db.selectFrom('personal_records').selectAll().orderBy('id').execute();

    // Up to the intake migrations (035 then moves SSNs and dates of birth into sealed columns: sensitiveFields.test.ts).
    await migrate(
      h,
      migrations.filter((m) => m.version < 35),
    );
    const after = await h.db.selectFrom('personal_records').selectAll().orderBy('id').execute();
    expect(after).toEqual(
      before.map((r) => ({
        ...r,
        subject: null,
        notes: null,
        source_system: null,
        source_id: null,
        redaction_counts: '{}',
        import_id: null,
      })),
    );
    // An e-mail carries no address, phone, SSN or date of birth; ids are never reused (3 was deleted).
    const added = await h.db
      .insertInto('personal_records')
      .values({ ...letter(4), mailing_address: null, email: null, phone: null, ...({ ssn: null, date_of_birth: null } as object) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(added.id)).toBe(4);
    // Still refused: a record without a message, and a source id stored twice.
    await expect(
      h.db
        .insertInto('personal_records')
        .values({ ...letter(5), message: null as unknown as string })
        .execute(),
    ).rejects.toThrow();
    const sourced = { ...letter(6), source_system: 'correspondence', source_id: 'EM-1' };
    await h.db.insertInto('personal_records').values(sourced).execute();
    await expect(h.db.insertInto('personal_records').values(sourced).execute()).rejects.toThrow();
    if (dialect === 'sqlite') {
      const fk = await sql<{ table: string }>`pragma foreign_key_list(personal_records)`.execute(h.db);
      expect(fk.rows.map((r) => r.table).sort()).toEqual(['departments', 'intake_imports']);
    }
  });

  it('add the records intake officer role', async () => {
    const h = await fresh(dialect);
    await migrate(h);
    expect(await h.db.selectFrom('roles').select(['key', 'name']).where('key', '=', 'records_intake').execute()).toEqual([
      { key: 'records_intake', name: 'Records intake officer' },
    ]);
  });
});
