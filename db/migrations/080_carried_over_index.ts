import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Every start looks for personal records still holding a value in clear from before migration
 * 035. On a database with a million records that look was a scan of all of them; this partial
 * index holds only the rows still to seal (none, once sealed), so the look costs nothing.
 */
export const carriedOverIndex: Migration = {
  version: 80,
  name: 'personal records: a partial index on values still held in clear',
  async up(db) {
    await sql`create index personal_records_carried_over on personal_records (id)
      where unsealed_ssn is not null or unsealed_date_of_birth is not null`.execute(db);
  },
};
