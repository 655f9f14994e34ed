import { resolve } from 'node:path';

/** The repository's training content, as the app loads it. */
export const CONTENT_DIR = resolve(import.meta.dirname, '../../db/content');

/** A small, stable content set for tests that are not about the shipped modules. */
export const FIXTURE_CONTENT_DIR = resolve(import.meta.dirname, '../fixtures/content');

/** The privacy statement the training is built from. */
export const POLICY_PATH = resolve(import.meta.dirname, '../../../shared/policy/commonwealth-privacy-statement.md');

/** The repository's root folder. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
