import { sql } from 'kysely';
import type { Migration } from './types.js';

const OPTIONAL = ['mailing_address', 'email', 'phone', 'ssn', 'date_of_birth'] as const;

/**
 * Correspondence and web forms as they arrive: an e-mail has no mailing address, SSN or date of
 * birth, so those become optional; the subject and notes join the message as free text; and
 * like transcripts each row keeps its source id (stored once), its redaction counts and its import.
 */
export const correspondenceIntake: Migration = {
  version: 32,
  name: 'records intake: correspondence subject, notes, optional contact fields, source id, redaction counts',
  async up(db, dialect) {
    if (dialect === 'postgres') {
      for (const column of OPTIONAL)
        await db.schema
          .alterTable('personal_records')
          .alterColumn(column, (c) => c.dropNotNull())
          .execute();
    } else {
      await rebuildSqliteWithOptionalFields(db);
    }
    await db.schema.alterTable('personal_records').addColumn('subject', 'text').execute();
    await db.schema.alterTable('personal_records').addColumn('notes', 'text').execute();
    await db.schema.alterTable('personal_records').addColumn('source_system', 'text').execute();
    await db.schema.alterTable('personal_records').addColumn('source_id', 'text').execute();
    await db.schema
      .alterTable('personal_records')
      .addColumn('redaction_counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .alterTable('personal_records')
      .addColumn('import_id', 'integer', (c) => c.references('intake_imports.id'))
      .execute();
    await db.schema
      .createIndex('personal_records_source')
      .on('personal_records')
      .columns(['source_system', 'source_id'])
      .unique()
      .execute();
  },
};

/** SQLite cannot drop NOT NULL in place: the table is rebuilt with the same rows, ids and id sequence. */
async function rebuildSqliteWithOptionalFields(db: Parameters<Migration['up']>[0]): Promise<void> {
  await sql`create table personal_records_rebuilt (
    id integer primary key autoincrement,
    department_id integer not null references departments (id),
    received_at text not null,
    source text not null check (source in ('email', 'web_form')),
    agency text not null,
    full_name text not null,
    mailing_address text,
    email text,
    phone text,
    ssn text,
    date_of_birth text,
    message text not null
  )`.execute(db);
  const columns = sql.raw(
    'id, department_id, received_at, source, agency, full_name, mailing_address, email, phone, ssn, date_of_birth, message',
  );
  await sql`insert into personal_records_rebuilt (${columns}) select ${columns} from personal_records`.execute(db);
  // Ids are never reused: carry the sequence over, not just the highest id still present.
  await sql`update sqlite_sequence set seq = (select seq from sqlite_sequence where name = 'personal_records')
    where name = 'personal_records_rebuilt' and exists (select 1 from sqlite_sequence where name = 'personal_records')`.execute(db);
  await sql`drop table personal_records`.execute(db);
  await sql`alter table personal_records_rebuilt rename to personal_records`.execute(db);
  await db.schema.createIndex('personal_records_department').on('personal_records').column('department_id').execute();
}
