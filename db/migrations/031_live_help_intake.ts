import type { Migration } from './types.js';

/**
 * Live Help transcripts as the source system exports them: the messages with sender and time
 * (JSON, redacted), the referring page, the source system and its id (stored once), the counts
 * by kind of what was redacted on the way in, and the import that brought it.
 */
export const liveHelpIntake: Migration = {
  version: 31,
  name: 'records intake: Live Help transcript messages, referring page, source id, redaction counts',
  async up(db) {
    await db.schema.alterTable('live_help_transcripts').addColumn('messages', 'text').execute();
    await db.schema.alterTable('live_help_transcripts').addColumn('referring_page', 'text').execute();
    await db.schema.alterTable('live_help_transcripts').addColumn('source_system', 'text').execute();
    await db.schema.alterTable('live_help_transcripts').addColumn('source_id', 'text').execute();
    await db.schema
      .alterTable('live_help_transcripts')
      .addColumn('redaction_counts', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .alterTable('live_help_transcripts')
      .addColumn('import_id', 'integer', (c) => c.references('intake_imports.id'))
      .execute();
    // The same source id is never stored twice (rows from before intake have none).
    await db.schema.createIndex('live_help_source').on('live_help_transcripts').columns(['source_system', 'source_id']).unique().execute();
  },
};
