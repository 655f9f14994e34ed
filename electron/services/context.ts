import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/connection.js';
import type { Database } from '../../db/schema.js';
import type { AuditLog } from './audit/auditLog.js';
import type { Clock } from './clock.js';
import type { Desktop } from './desktop.js';
import type { Logger } from './logger.js';

/**
 * What every service is built with: the database and its dialect, the clock, the audit trail,
 * the desktop shell (files, PDFs, notifications) and the log. Built once by createServices.
 */
export interface ServiceContext {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly desktop: Desktop;
  readonly logger: Logger;
}
