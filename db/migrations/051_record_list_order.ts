import type { Migration } from './types.js';

/**
 * Record lists in the order they are shown (newest first, ties by id), within a department and
 * across all: the first page reads its rows straight off an index instead of sorting every
 * permitted row in a temporary B-tree.
 */
const LISTS = [
  { table: 'personal_records', date: 'received_at' },
  { table: 'live_help_transcripts', date: 'started_at' },
  { table: 'card_transactions', date: 'created_at' },
] as const;

export const recordListOrder: Migration = {
  version: 51,
  name: 'record lists: indexes in the order shown, within a department and across all',
  async up(db) {
    for (const { table, date } of LISTS) {
      await db.schema
        .createIndex(`${table}_list_in_department`)
        .on(table)
        .columns(['department_id', `${date} desc`, 'id desc'])
        .execute();
      await db.schema
        .createIndex(`${table}_list`)
        .on(table)
        .columns([`${date} desc`, 'id desc'])
        .execute();
    }
  },
};
