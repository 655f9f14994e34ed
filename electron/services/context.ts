import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/connection.js';
import type { Database } from '../../db/schema.js';
import type { AuditLog } from './audit/auditLog.js';
import type { Clock } from './clock.js';

/** What every service needs: the database, its dialect, the clock and the audit trail. */
export interface ServiceContext {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  audit: AuditLog;
}
