import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * SSNs and dates of birth at rest: sealed under the sensitive-fields key, found by a keyed hash,
 * never in clear. The clear columns go. A database that already holds values keeps them in
 * `unsealed_*` columns only until the first start that holds the master key seals them (the
 * migration itself has no key). Card orders get the keyed hash of their full number (for a search
 * by card number, wiped with the number), the sealed expiry and who keyed a phone payment.
 */
export const sealedSensitiveFields: Migration = {
  version: 35,
  name: 'sensitive fields sealed at rest; card number lookup and phone payments',
  async up(db) {
    // SQLite alters one column per statement.
    const addText = async (table: string, column: string) => db.schema.alterTable(table).addColumn(column, 'text').execute();
    for (const column of [
      'ssn_sealed',
      'ssn_lookup',
      'ssn_last4',
      'date_of_birth_sealed',
      'date_of_birth_lookup',
      'unsealed_ssn',
      'unsealed_date_of_birth',
    ]) {
      await addText('personal_records', column);
    }
    await sql`update personal_records
              set unsealed_ssn = ssn,
                  unsealed_date_of_birth = date_of_birth,
                  ssn_last4 = substr(ssn, length(ssn) - 3)`.execute(db);
    await db.schema.alterTable('personal_records').dropColumn('ssn').execute();
    await db.schema.alterTable('personal_records').dropColumn('date_of_birth').execute();
    await db.schema.createIndex('personal_records_ssn_lookup').on('personal_records').column('ssn_lookup').execute();
    await db.schema.createIndex('personal_records_dob_lookup').on('personal_records').column('date_of_birth_lookup').execute();

    await addText('card_transactions', 'pan_lookup');
    await addText('card_transactions', 'expiry_sealed');
    await db.schema
      .alterTable('card_transactions')
      .addColumn('entered_by', 'integer', (c) => c.references('staff.id'))
      .execute();
    await db.schema.createIndex('card_transactions_pan_lookup').on('card_transactions').column('pan_lookup').execute();
    await db.schema.createIndex('card_transactions_pending').on('card_transactions').columns(['status', 'created_at']).execute();
  },
};
