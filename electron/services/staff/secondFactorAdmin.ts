/**
 * The seam between account administration and multi-factor sign-in (issue 12, part A): an
 * administrator's "reset second factor" removes the person's authenticator and recovery codes
 * through the second-factor service (auth/secondFactorService.ts), which audits it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { Actor } from '../audit/auditLog.js';

export interface SecondFactorAdmin {
  /** Removes the person's second factor, audited with the reason; joins the caller's transaction. */
  reset(by: Actor, staffId: number, reason: string, workstation: string, db?: Kysely<Database>): Promise<{ hadFactor: boolean }>;
}
