import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * A text index over the columns a records search and "who accessed this person" look in, so a
 * search reads the rows that hold the text instead of every row. The columns are names, e-mails,
 * agencies, topics, order numbers and the message (whose sensitive values intake replaces by
 * tokens): never an SSN, card number, date of birth or their sealed or hashed forms.
 *
 * - SQLite: an FTS5 table with the trigram tokenizer per record table, over the record table's own
 *   rows (external content, so the text is not stored twice), kept in step by triggers on insert,
 *   on a change to an indexed column (a correction) and on delete (disposal).
 * - PostgreSQL: a pg_trgm GIN index on lower(column), which serves the same `lower(col) like` the
 *   search has always used; the database keeps it in step itself.
 *
 * The column lists are this migration's own (a later change to what is searched is a new migration).
 */
const INDEXED = {
  live_help_transcripts: ['visitor_name', 'topic', 'operator_name', 'transcript_email'],
  personal_records: ['full_name', 'email', 'agency', 'message'],
  card_transactions: ['cardholder_name', 'order_id', 'agency'],
} as const;

export const recordTextSearch: Migration = {
  version: 52,
  name: 'record search: FTS5 trigram tables kept by triggers (SQLite), pg_trgm GIN indexes (PostgreSQL)',
  async up(db, dialect) {
    if (dialect === 'postgres') {
      // pg_trgm is a trusted extension: a role with CREATE on the database may add it. An app role
      // without it (README: the grants) gets correct but unindexed searches until the DBA adds it.
      const { rows } = await sql<{ present: boolean; creatable: boolean }>`
        select exists (select 1 from pg_extension where extname = 'pg_trgm') as present,
               has_database_privilege(current_database(), 'CREATE') as creatable`.execute(db);
      if (!rows[0]!.present && !rows[0]!.creatable) return;
      await sql`create extension if not exists pg_trgm`.execute(db);
      for (const [table, columns] of Object.entries(INDEXED)) {
        for (const column of columns) {
          await sql.raw(`create index ${table}_${column}_trgm on ${table} using gin (lower(${column}) gin_trgm_ops)`).execute(db);
        }
      }
      return;
    }
    for (const [table, columns] of Object.entries(INDEXED)) {
      const fts = `${table}_search`;
      const cols = columns.join(', ');
      const values = (prefix: string) => columns.map((c) => `${prefix}.${c}`).join(', ');
      await sql
        .raw(`create virtual table ${fts} using fts5(${cols}, content='${table}', content_rowid='id', tokenize='trigram')`)
        .execute(db);
      await sql
        .raw(
          `create trigger ${fts}_insert after insert on ${table} begin
  insert into ${fts}(rowid, ${cols}) values (new.id, ${values('new')});
end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${fts}_delete after delete on ${table} begin
  insert into ${fts}(${fts}, rowid, ${cols}) values ('delete', old.id, ${values('old')});
end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${fts}_update after update of ${cols} on ${table} begin
  insert into ${fts}(${fts}, rowid, ${cols}) values ('delete', old.id, ${values('old')});
  insert into ${fts}(rowid, ${cols}) values (new.id, ${values('new')});
end`,
        )
        .execute(db);
      await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
    }
  },
};
