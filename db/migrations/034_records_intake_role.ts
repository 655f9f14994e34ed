import { sql } from 'kysely';
import type { Migration } from './types.js';

/** The role that holds the records-intake permission; an administrator grants it like any other. */
export const recordsIntakeRole: Migration = {
  version: 34,
  name: 'records intake: the records intake officer role',
  async up(db) {
    await sql`insert into roles (key, name, description) values
      ('records_intake', 'Records intake officer', 'Imports Live Help transcripts, correspondence and settlement files from the source systems.')`.execute(
      db,
    );
  },
};
