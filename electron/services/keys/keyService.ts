/**
 * The key hierarchy of the running app: one KeyRing built from the database's key versions and
 * this workstation's custody, refreshed when either changes (a rotation or an enrolment elsewhere
 * is picked up on the next use, without a restart). Services seal, open, hash and sign through
 * it; none of them sees key bytes.
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database, KeyVersionStatus } from '../../../db/schema.js';
import type { Actor } from '../audit/auditLog.js';
import type { ServiceContext } from '../context.js';
import { checkpointKeyPair, type CheckpointKeyPair } from './checkpointKeys.js';
import type { KeyCustody } from './custody.js';
import { keyCheckValue, matchesKeyCheck } from './keyCheck.js';
import { KeyRing } from './keyRing.js';
import type { LookupDomain } from './lookupHash.js';
import { newMasterKey, type MasterKey } from './masterKey.js';
import type { SealPurpose } from './purposes.js';

export interface KeyServiceOptions {
  custody: KeyCustody;
  /** This workstation's name (host name), as audit entries and the key records name it. */
  workstation: string;
}

interface VersionRow {
  version: number;
  status: KeyVersionStatus;
  check_value: string;
  created_at: string;
}

export interface KeyStatus {
  /** Whether protected values can be sealed and opened on this workstation now. */
  available: boolean;
  /** Why not, in words, when not available. */
  reason: string | null;
  /** The deployment's current master key version and when it was made; null before the first key. */
  currentVersion: number | null;
  currentCreatedAt: string | null;
  /** The versions this workstation holds and can use. */
  heldVersions: number[];
}

export const NO_MASTER_KEY_REASON = 'no deployment master key has been created yet';
export const NOT_HELD_REASON = 'this workstation does not hold the deployment master key';

export class KeyService {
  #ring: KeyRing = KeyRing.unavailable(NO_MASTER_KEY_REASON);
  #stamp: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: KeyServiceOptions,
  ) {}

  /** The ring as of now: rebuilt when the database's key versions changed since the last use. */
  async ring(): Promise<KeyRing> {
    const versions = await this.#versions(this.ctx.db);
    const stamp = JSON.stringify(versions);
    if (stamp !== this.#stamp) {
      this.#ring = this.#build(versions);
      this.#stamp = stamp;
    }
    return this.#ring;
  }

  /** Seals under the current version, bound to the purpose and the context naming the row. */
  async seal(purpose: SealPurpose, plaintext: Buffer | string, context: string): Promise<string> {
    return (await this.ring()).seal(purpose, plaintext, context);
  }

  async open(purpose: SealPurpose, sealed: string, context: string): Promise<Buffer> {
    return (await this.ring()).open(purpose, sealed, context);
  }

  async openText(purpose: SealPurpose, sealed: string, context: string): Promise<string> {
    return (await this.ring()).openText(purpose, sealed, context);
  }

  /** The lookup hash to store beside a new value. */
  async lookupHash(domain: LookupDomain, value: string): Promise<string> {
    return (await this.ring()).lookupHash(domain, value);
  }

  /** The hashes under every held version: what to search for while a rotation is under way. */
  async lookupHashes(domain: LookupDomain, value: string): Promise<string[]> {
    return (await this.ring()).lookupHashes(domain, value);
  }

  /** The audit checkpoint signing key pair of a version (default: current). */
  async checkpointKeyPair(version?: number): Promise<CheckpointKeyPair> {
    return (await this.ring()).checkpointKeyPair(version);
  }

  /** The public checkpoint key of every version ever made, for verifying old checkpoints. */
  async checkpointPublicKeys(): Promise<{ version: number; publicKey: string }[]> {
    const rows = await this.ctx.db.selectFrom('key_versions').select(['version', 'checkpoint_public_key']).orderBy('version').execute();
    return rows.map((r) => ({ version: Number(r.version), publicKey: r.checkpoint_public_key }));
  }

  async status(): Promise<KeyStatus> {
    const ring = await this.ring();
    const versions = await this.#versions(this.ctx.db);
    const current = versions.find((v) => v.status === 'active') ?? null;
    return {
      available: ring.available,
      reason: ring.available ? null : (ring.unavailableReason ?? NOT_HELD_REASON),
      currentVersion: current?.version ?? null,
      currentCreatedAt: current?.created_at ?? null,
      heldVersions: ring.heldVersions(),
    };
  }

  /**
   * Creates master key version 1 when the database has none (first setup), exactly once even when
   * several workstations start together on one PostgreSQL database. A workstation whose custody
   * already holds a version 1 (a key provisioned for it) registers that one instead of a new one.
   * Without a keychain nothing is created: the key must never exist only in memory.
   */
  async ensureMasterKey(actor: Actor | null): Promise<{ created: boolean; version: number | null }> {
    const { custody, workstation } = this.options;
    const created = await this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'keys');
      const existing = await trx.selectFrom('key_versions').select('version').limit(1).executeTakeFirst();
      if (existing || !custody.available) return false;
      const master = custody.masterKeys().keys.find((k) => k.version === 1) ?? newMasterKey(1);
      await this.#insertVersion(trx, master, actor);
      await this.ctx.audit.append(trx, {
        actor,
        workstation,
        event: 'key.created',
        outcome: 'allowed',
        resource: { type: 'KeyVersion', id: master.version },
        reason: 'first setup: the deployment master key was created',
        details: { version: master.version, checkpointPublicKey: checkpointKeyPair(master.bytes).publicKeyBase64 },
      });
      // Kept locally before the commit: a failed commit leaves a local copy whose check value matches nothing.
      custody.keepMasterKey(master);
      return true;
    });
    this.#stamp = null;
    const ring = await this.ring();
    return { created, version: ring.available ? ring.currentVersion : null };
  }

  async #insertVersion(trx: Kysely<Database>, master: MasterKey, actor: Actor | null): Promise<void> {
    await trx
      .insertInto('key_versions')
      .values({
        version: master.version,
        status: 'active',
        created_at: this.ctx.clock.now().toISOString(),
        created_by: actor?.id ?? null,
        created_on: this.options.workstation,
        check_value: keyCheckValue(master),
        checkpoint_public_key: checkpointKeyPair(master.bytes).publicKeyBase64,
        retiring_since: null,
        destroyed_at: null,
      })
      .execute();
  }

  async #versions(db: Kysely<Database>): Promise<VersionRow[]> {
    const rows = await db
      .selectFrom('key_versions')
      .select(['version', 'status', 'check_value', 'created_at'])
      .where('status', '!=', 'destroyed')
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  #build(versions: readonly VersionRow[]): KeyRing {
    const { custody } = this.options;
    if (!custody.available) return KeyRing.unavailable(custody.unavailableReason ?? 'no protected key store is available');
    const active = versions.find((v) => v.status === 'active');
    if (!active) return KeyRing.unavailable(NO_MASTER_KEY_REASON);
    const held = custody.masterKeys();
    for (const version of held.unreadable) {
      this.ctx.logger.error(`key custody: the local copy of master key version ${version} could not be opened; it is treated as not held`);
    }
    const usable = held.keys.filter((master) => {
      const row = versions.find((v) => v.version === master.version);
      if (!row) return false;
      if (matchesKeyCheck(master, row.check_value)) return true;
      this.ctx.logger.error(`key custody: the local copy of master key version ${master.version} does not match the database's key check`);
      return false;
    });
    if (!usable.some((m) => m.version === active.version)) return KeyRing.unavailable(NOT_HELD_REASON);
    return KeyRing.of(usable, active.version);
  }
}
