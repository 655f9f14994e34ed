import type { Migration } from './types.js';

/**
 * A quiz in progress keeps its answers as a draft, so a reload (or a restart) resumes the same
 * questions with the answers already chosen; the attempt counts only when submitted.
 */
export const quizDrafts: Migration = {
  version: 60,
  name: 'quiz attempts keep a draft of their answers until submitted',
  async up(db) {
    await db.schema.alterTable('quiz_attempts').addColumn('draft', 'text').execute();
  },
};
