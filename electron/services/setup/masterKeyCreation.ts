/**
 * The seam between the first-run setup and the key hierarchy (issue 11): setup asks the key
 * service to create the deployment's master key once the organization exists. Until the key
 * service is wired into the services, nothing is created here.
 */
import type { Actor } from '../audit/auditLog.js';

export interface MasterKeyCreation {
  /** Creates the master key when the database has none; does nothing when it has one. */
  ensureMasterKey(actor: Actor, workstation: string): Promise<void>;
}

/** Stands in until issue 11's key service provides `ensureMasterKey`. */
export const masterKeyCreationNotWiredYet: MasterKeyCreation = {
  async ensureMasterKey() {},
};
