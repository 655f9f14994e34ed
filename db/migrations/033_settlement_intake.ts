import type { Migration } from './types.js';

/**
 * Card orders from the payment portal's settlement file, without their numbers: the portal's
 * own status beside Clearance's, the source id (stored once) and the import that brought it. A
 * settlement row has no free text: anything sensitive found in it refuses the file instead.
 */
export const settlementIntake: Migration = {
  version: 33,
  name: 'records intake: card orders from the settlement file (portal status, source id)',
  async up(db) {
    await db.schema.alterTable('card_transactions').addColumn('settlement_status', 'text').execute();
    await db.schema.alterTable('card_transactions').addColumn('settled_at', 'text').execute();
    await db.schema.alterTable('card_transactions').addColumn('source_system', 'text').execute();
    await db.schema.alterTable('card_transactions').addColumn('source_id', 'text').execute();
    await db.schema
      .alterTable('card_transactions')
      .addColumn('import_id', 'integer', (c) => c.references('intake_imports.id'))
      .execute();
    await db.schema
      .createIndex('card_transactions_source')
      .on('card_transactions')
      .columns(['source_system', 'source_id'])
      .unique()
      .execute();
  },
};
