import { sql } from 'kysely';
import type { Migration } from './types.js';
import { appendOnlySql, autoId } from './columns.js';

/** Training content versions, progress, quiz attempts, acknowledgements and completions. */
export const training: Migration = {
  version: 3,
  name: 'training: module versions, progress, attempts, acknowledgements, completions',
  async up(db, dialect) {
    await db.schema
      .createTable('training_modules')
      .addColumn('module_id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('current_version', 'text', (c) => c.notNull())
      .addColumn('current_major', 'integer', (c) => c.notNull())
      .addColumn('major_published_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('training_module_versions')
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('major', 'integer', (c) => c.notNull())
      .addColumn('minor', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('training_module_versions_pk', ['module_id', 'version'])
      .execute();

    // Which roles require each module, per its current version.
    await db.schema
      .createTable('training_module_roles')
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('role_key', 'text', (c) => c.notNull().references('roles.key'))
      .addPrimaryKeyConstraint('training_module_roles_pk', ['module_id', 'role_key'])
      .execute();

    await db.schema
      .createTable('training_progress')
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('lesson_index', 'integer', (c) => c.notNull())
      .addColumn('furthest_lesson', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('training_progress_pk', ['staff_id', 'module_id'])
      .execute();

    await db.schema
      .createTable('quiz_attempts')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('attempt_no', 'integer', (c) => c.notNull())
      .addColumn('drawn', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addColumn('answers', 'text')
      .addColumn('score', 'integer')
      .addColumn('passed', 'integer')
      .execute();
    await db.schema.createIndex('quiz_attempts_staff_module').on('quiz_attempts').columns(['staff_id', 'module_id']).execute();

    await db.schema
      .createTable('acknowledgements')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('attempt_id', 'integer', (c) => c.notNull().unique().references('quiz_attempts.id'))
      .addColumn('text_hash', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('training_completions')
      .addColumn('id', 'integer', autoId(dialect))
      .addColumn('certificate_id', 'text', (c) => c.notNull().unique())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.module_id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('major', 'integer', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('attempt_no', 'integer', (c) => c.notNull())
      .addColumn('completed_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('acknowledgement_hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('training_completions_staff_module')
      .on('training_completions')
      .columns(['staff_id', 'module_id', 'completed_at'])
      .execute();
    await db.schema.createIndex('training_completions_module').on('training_completions').columns(['module_id', 'completed_at']).execute();

    // Training records are never deleted or edited (kept at least 5 years).
    for (const table of ['training_completions', 'acknowledgements']) {
      for (const statement of appendOnlySql(dialect, table)) await sql.raw(statement).execute(db);
    }
  },
};
