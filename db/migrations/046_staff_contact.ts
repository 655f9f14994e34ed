import type { Migration } from './types.js';

/**
 * A staff member's own phone and home address, as HR holds them: the family rule of privacy
 * monitoring compares them with the person a record is about. Optional: unknown stays null.
 */
export const staffContact: Migration = {
  version: 46,
  name: "staff: own phone and home address (for privacy monitoring's family rule)",
  async up(db) {
    await db.schema.alterTable('staff').addColumn('phone', 'text').execute();
    await db.schema.alterTable('staff').addColumn('home_address', 'text').execute();
  },
};
