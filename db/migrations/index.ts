import type { Migration } from './types.js';
import { foundation } from './001_foundation.js';
import { records } from './002_records.js';
import { training } from './003_training.js';
import { access } from './004_access.js';
import { accessReviews } from './005_access_reviews.js';
import { quizDrafts } from './060_quiz_drafts.js';

/** Every migration in order. Append only: a shipped migration is never edited or removed. */
export const migrations: readonly Migration[] = [foundation, records, training, access, accessReviews, quizDrafts];
