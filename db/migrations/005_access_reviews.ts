import { sql } from 'kysely';
import type { Migration } from './types.js';
import { autoId } from './columns.js';

/** Six-monthly access reviews (PCI DSS 7.2.4): one review per person, one decision per role. */
export const accessReviews: Migration = {
  version: 5,
  name: 'access reviews and their per-role decisions',
  async up(db, dialect) {
    await db.schema
      .createTable('access_reviews')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('access_reviews_staff').on('access_reviews').columns(['staff_id', 'completed_at']).execute();
    await db.schema
      .createTable('access_review_decisions')
      .addColumn('review_id', 'integer', (c) => c.notNull().references('access_reviews.id'))
      .addColumn('role_key', 'text', (c) => c.notNull().references('roles.key'))
      .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('keep', 'revoke')`))
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('access_review_decisions_pk', ['review_id', 'role_key'])
      .execute();
  },
};
