import { resolve } from 'node:path';

/** The repository's training content, as the app loads it. */
export const CONTENT_DIR = resolve(import.meta.dirname, '../../db/content');
