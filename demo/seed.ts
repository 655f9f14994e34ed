/**
 * The demo path's one entry: creates the demo organization (staff, records, training history) in
 * an empty database. The app loads it on demand, only when it creates a demo database; the built
 * app has it as its own bundle (dist/electron/demo.cjs), so a normal start never loads faker.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { seedDemo, type SeedOptions } from './demo.js';
import { DEMO_TRAINING_PLAN } from './demoAccounts.js';
import { seedTrainingHistory } from './trainingHistory.js';

/** Runs after the training content is imported, so the history uses the module versions in force. */
export async function seedDemoOrganization(db: Kysely<Database>, options: SeedOptions): Promise<void> {
  await seedDemo(db, options);
  await seedTrainingHistory(db, options.now, DEMO_TRAINING_PLAN);
}
