import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.js';

/**
 * A numbered, forward-only schema change. `up` runs inside the migrator's transaction.
 * Migrations see an untyped database on purpose: they describe the schema of their own
 * moment, not today's `Database` type.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}
