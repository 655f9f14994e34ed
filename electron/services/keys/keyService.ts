/**
 * The key hierarchy of the running app: one KeyRing built from the database's key versions and
 * this workstation's custody, brought up to date on every use, so a rotation or an enrolment
 * elsewhere is picked up without a restart. Keeping up to date is also how this workstation takes
 * part in enrolment: it posts its request when it holds no key, and collects (unwraps, seals
 * locally, deletes) a master key wrapped for it. Services seal, open, hash and sign through this;
 * none of them sees key bytes.
 */
import { sql, type Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database, KeyVersionStatus, WorkstationStatus } from '../../../db/schema.js';
import type { Actor } from '../audit/auditLog.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { checkpointKeyEndorsement, checkpointKeyPair, verifyCheckpointSignature, type CheckpointKeyPair } from './checkpointKeys.js';
import type { KeyCustody } from './custody.js';
import { comparisonFingerprint, requestReference, unwrapMasterKey, type WorkstationKeyPair } from './enrolment.js';
import { keyCheckValue, matchesKeyCheck } from './keyCheck.js';
import { WrappedKeyRejectedError } from './keyErrors.js';
import { KeyRing } from './keyRing.js';
import type { LookupDomain } from './lookupHash.js';
import { newMasterKey, type MasterKey } from './masterKey.js';
import type { SealPurpose } from './purposes.js';
import { RotationSweep, type SweepStep } from './rotationSweep.js';

export interface KeyServiceOptions {
  custody: KeyCustody;
  /** This workstation's name (host name), as audit entries and the workstation list name it. */
  workstation: string;
  /** Values re-sealed per transaction during a rotation. */
  rotationBatchSize?: number;
}

interface VersionRow {
  version: number;
  status: KeyVersionStatus;
  check_value: string;
  created_at: string;
  checkpoint_public_key: string;
  checkpoint_key_endorsement: string | null;
}

interface WorkstationRow {
  id: number;
  status: WorkstationStatus;
  fingerprint: string;
}

/** Where this workstation stands with the key hierarchy. */
export type KeyState =
  | { state: 'ready' }
  | { state: 'no-keychain'; reason: string }
  | { state: 'no-key' }
  | { state: 'pending'; reference: string }
  | { state: 'refused'; reference: string }
  | { state: 'retired' }
  | { state: 'missing-version'; version: number };

interface Synced {
  stamp: string;
  /** What #glance saw just before this was worked out (null: look again in full next time). */
  glance?: string | null;
  ring: KeyRing;
  state: KeyState;
  me: WorkstationRow | null;
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

export interface ThisWorkstation {
  id: number | null;
  name: string;
  /** The 64-bit fingerprint an administrator compares (null without a keychain). */
  fingerprint: string | null;
  /** Its first two groups: the request reference in messages. */
  reference: string | null;
  state: KeyState['state'];
  /** What the state means for card data, in words; null when ready. */
  message: string | null;
}

export const NO_MASTER_KEY_REASON = 'no deployment master key has been created yet';

/** The reason a ring is unavailable, as a clause ("Protected values cannot be … on this workstation: <clause>."). */
function clause(state: KeyState): string {
  switch (state.state) {
    case 'ready':
      return '';
    case 'no-keychain':
      return state.reason;
    case 'no-key':
      return NO_MASTER_KEY_REASON;
    case 'pending':
      return `it is not yet enrolled: ask an administrator to approve request ${state.reference}`;
    case 'refused':
      return `its enrolment request ${state.reference} was refused`;
    case 'retired':
      return 'its enrolment was ended by an administrator';
    case 'missing-version':
      return `it does not hold master key version ${state.version}`;
  }
}

/** Why `data` (e.g. "card data") cannot be used here, in words a person can act on. */
export function keyRefusal(state: KeyState, data: string): string {
  const again = 'An administrator can make a new request on the Keys and workstations screen of this workstation.';
  switch (state.state) {
    case 'ready':
      return '';
    case 'no-keychain':
      return `This workstation cannot use ${data}: ${state.reason}. There is no fallback without the keychain.`;
    case 'no-key':
      return `This workstation cannot use ${data} yet: no deployment master key has been created.`;
    case 'pending':
      return `This workstation is not yet enrolled for ${data}: ask an administrator to approve request ${state.reference}.`;
    case 'refused':
      return `This workstation's enrolment request ${state.reference} was refused, so it cannot use ${data}. ${again}`;
    case 'retired':
      return `This workstation's enrolment was ended by an administrator, so it cannot use ${data}. ${again}`;
    case 'missing-version':
      return `This workstation does not hold the current master key (version ${state.version}), so it cannot use ${data}. ${again}`;
  }
}

/** What the wrap of a master key for one workstation is bound to (both sides compute it). */
export const wrapRequestId = (workstationId: number) => `workstation:${workstationId}`;

export class KeyService {
  #synced: Synced | null = null;
  #pair: WorkstationKeyPair | null = null;
  #publicKey: { pair: WorkstationKeyPair; text: string } | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #driving: Promise<void> | null = null;
  #driveAgain = false;
  #stopped = false;
  readonly #sweep: RotationSweep;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: KeyServiceOptions,
  ) {
    this.#sweep = new RotationSweep(ctx, options.rotationBatchSize ?? 200);
  }

  /** The ring as of now (possibly unavailable, with its reason). */
  async ring(): Promise<KeyRing> {
    return (await this.#sync()).ring;
  }

  /** The ring, or AppError UNAVAILABLE saying in words why `data` cannot be used on this workstation. */
  async requireRing(data = 'protected values'): Promise<KeyRing> {
    const { ring, state } = await this.#sync();
    if (!ring.available) throw new AppError('UNAVAILABLE', keyRefusal(state, data));
    return ring;
  }

  /** Seals under the current version, bound to the purpose and the context naming the row. */
  async seal(purpose: SealPurpose, plaintext: Buffer | string, context: string): Promise<string> {
    return (await this.requireRing()).seal(purpose, plaintext, context);
  }

  async open(purpose: SealPurpose, sealed: string, context: string): Promise<Buffer> {
    return (await this.requireRing()).open(purpose, sealed, context);
  }

  async openText(purpose: SealPurpose, sealed: string, context: string): Promise<string> {
    return (await this.requireRing()).openText(purpose, sealed, context);
  }

  /** The lookup hash to store beside a new value. */
  async lookupHash(domain: LookupDomain, value: string): Promise<string> {
    return (await this.requireRing()).lookupHash(domain, value);
  }

  /** The hashes under every held version: what to search for while a rotation is under way. */
  async lookupHashes(domain: LookupDomain, value: string): Promise<string[]> {
    return (await this.requireRing()).lookupHashes(domain, value);
  }

  /** The audit checkpoint signing key pair of a held version (default: current). */
  async checkpointKeyPair(version?: number): Promise<CheckpointKeyPair> {
    return (await this.requireRing()).checkpointKeyPair(version);
  }

  /**
   * The checkpoint public key of every version ever made, as stored. To verify a checkpoint, use
   * trustedCheckpointPublicKeys: a stored public key alone could have been replaced.
   */
  async checkpointPublicKeys(): Promise<{ version: number; publicKey: string }[]> {
    return (await this.#versions(this.ctx.db)).map((r) => ({ version: r.version, publicKey: r.checkpoint_public_key }));
  }

  /**
   * The checkpoint public key of every version this workstation can vouch for: those it holds
   * (derived from the key itself, and matching the database), then each older version whose key
   * the next version endorsed at rotation. A public key an attacker wrote into the database
   * without the key is not among them.
   */
  async trustedCheckpointPublicKeys(): Promise<Map<number, string>> {
    const ring = await this.requireRing();
    const rows = await this.#versions(this.ctx.db);
    const trusted = new Map<number, string>();
    for (const version of ring.heldVersions()) {
      const derived = ring.checkpointKeyPair(version).publicKeyBase64;
      if (rows.find((r) => r.version === version)?.checkpoint_public_key === derived) trusted.set(version, derived);
    }
    for (const row of [...rows].sort((a, b) => b.version - a.version)) {
      const endorser = trusted.get(row.version + 1);
      if (trusted.has(row.version) || !endorser || !row.checkpoint_key_endorsement) continue;
      const message = checkpointKeyEndorsement(row.version, row.checkpoint_public_key);
      if (verifyCheckpointSignature(endorser, message, row.checkpoint_key_endorsement)) trusted.set(row.version, row.checkpoint_public_key);
    }
    return trusted;
  }

  async status(): Promise<KeyStatus> {
    const { ring, state } = await this.#sync();
    const current = (await this.#versions(this.ctx.db)).find((v) => v.status === 'active') ?? null;
    return {
      available: ring.available,
      reason: ring.available ? null : clause(state),
      currentVersion: current?.version ?? null,
      currentCreatedAt: current?.created_at ?? null,
      heldVersions: ring.heldVersions(),
    };
  }

  /** This workstation: its identity in the workstation list, its state, and what that means for card data. */
  async thisWorkstation(): Promise<ThisWorkstation> {
    const { state, me } = await this.#sync();
    const fingerprint = me?.fingerprint ?? (this.#pair ? comparisonFingerprint(this.#pair.publicKey) : null);
    return {
      id: me?.id ?? null,
      name: this.options.workstation,
      fingerprint,
      reference: fingerprint ? requestReference(fingerprint) : null,
      state: state.state,
      message: state.state === 'ready' ? null : keyRefusal(state, 'card data'),
    };
  }

  /**
   * Creates master key version 1 when the database has none (first setup), exactly once even when
   * several workstations start together on one PostgreSQL database; the workstation that makes it
   * is the first enrolled one. A workstation whose custody already holds a version 1 (a key
   * provisioned for it) registers that one instead of a new one. Without a keychain nothing is
   * created: the key must never exist only in memory.
   */
  async ensureMasterKey(actor: Actor | null): Promise<{ created: boolean; version: number | null }> {
    const { custody, workstation } = this.options;
    const created = await this.#exclusive(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, this.ctx.dialect, 'keys');
        const existing = await trx.selectFrom('key_versions').select('version').limit(1).executeTakeFirst();
        if (existing || !custody.available) return false;
        const master = custody.masterKeys().keys.find((k) => k.version === 1) ?? newMasterKey(1);
        await this.#insertVersion(trx, master, actor);
        const now = this.ctx.clock.now().toISOString();
        const pair = this.#keyPair();
        await trx
          .insertInto('workstations')
          .values({
            name: workstation,
            public_key: pair.publicKey.toString('base64'),
            fingerprint: comparisonFingerprint(pair.publicKey),
            status: 'enrolled',
            requested_at: now,
            approved_by: actor?.id ?? null,
            approved_at: now,
            received_at: now,
          })
          .onConflict((oc) => oc.column('public_key').doUpdateSet({ status: 'enrolled', received_at: now }))
          .execute();
        await this.ctx.audit.append(trx, {
          actor,
          workstation,
          event: 'key.created',
          outcome: 'allowed',
          resource: { type: 'KeyVersion', id: master.version },
          reason: 'first setup: the deployment master key was created; this workstation is the first enrolled one',
          details: { version: master.version, checkpointPublicKey: checkpointKeyPair(master.bytes).publicKeyBase64 },
        });
        // Kept locally before the commit: a failed commit leaves a local copy whose check value matches nothing.
        custody.keepMasterKey(master);
        return true;
      }),
    );
    this.#synced = null;
    const ring = await this.ring();
    return { created, version: ring.available ? ring.currentVersion : null };
  }

  /**
   * A new enrolment key pair for this workstation, after a refusal, a retirement or a lost key:
   * its old entry, if still enrolled or pending, is retired, and the next use posts a new request.
   */
  async renewEnrolment(actor: Actor): Promise<void> {
    await this.#exclusive(async () => {
      const old = this.#pair ? await this.#me(this.ctx.db, this.#pair) : null;
      await this.ctx.db.transaction().execute(async (trx) => {
        if (old && (old.status === 'enrolled' || old.status === 'pending')) {
          await trx
            .updateTable('workstations')
            .set({ status: 'retired', retired_by: actor.id, retired_at: this.ctx.clock.now().toISOString() })
            .where('id', '=', old.id)
            .execute();
          await trx.deleteFrom('key_wraps').where('workstation_id', '=', old.id).execute();
        }
        await this.ctx.audit.append(trx, {
          actor,
          workstation: this.options.workstation,
          event: 'key.enrolment_renewed',
          outcome: 'allowed',
          resource: old ? { type: 'Workstation', id: old.id } : undefined,
          reason: 'this workstation made a new enrolment key pair; its next request replaces the old one',
        });
      });
      for (const { version } of this.options.custody.masterKeys().keys) this.options.custody.forgetMasterKey(version);
      this.#pair = this.options.custody.renewWorkstationKeyPair();
      this.#synced = null;
    });
  }

  /**
   * Starts an approved rotation: makes the next master key version current, has it endorse the
   * previous version's checkpoint key, wraps it for every other enrolled workstation, keeps it
   * here, and starts re-sealing every stored value in the background.
   */
  async startRotation(actor: Actor, rotationId: number): Promise<number> {
    const ring = await this.requireRing('key operations');
    const { custody, workstation } = this.options;
    const version = await this.#exclusive(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, this.ctx.dialect, 'keys');
        const rotation = await trx.selectFrom('key_rotations').select('status').where('id', '=', rotationId).executeTakeFirst();
        if (rotation?.status !== 'awaiting_confirmation') throw new AppError('CONFLICT', 'This rotation is not waiting to start.');
        const versions = await this.#versions(trx);
        const active = versions.find((v) => v.status === 'active');
        if (!active || active.version !== ring.currentVersion) {
          throw new AppError('CONFLICT', 'The master key changed while you were working. Reload the screen and try again.');
        }
        const next = newMasterKey(Math.max(...versions.map((v) => v.version)) + 1);
        const nextRing = ring.withMasterKey(next);
        const now = this.ctx.clock.now().toISOString();
        await trx
          .updateTable('key_versions')
          .set({
            status: 'retiring',
            retiring_since: now,
            checkpoint_key_endorsement: nextRing
              .checkpointKeyPair(next.version)
              .sign(checkpointKeyEndorsement(active.version, active.checkpoint_public_key))
              .toString('base64'),
          })
          .where('version', '=', active.version)
          .execute();
        await this.#insertVersion(trx, next, actor);
        const me = this.#synced?.me?.id ?? null;
        const others = await trx
          .selectFrom('workstations')
          .select(['id', 'public_key'])
          .where('status', '=', 'enrolled')
          .where('id', '!=', me ?? -1)
          .execute();
        for (const ws of others) {
          const id = Number(ws.id);
          await trx
            .insertInto('key_wraps')
            .values({
              workstation_id: id,
              version: next.version,
              wrapped: nextRing.wrapForEnrolment(Buffer.from(ws.public_key, 'base64'), wrapRequestId(id), next.version),
              created_at: now,
              created_by: actor.id,
            })
            .execute();
        }
        await trx
          .updateTable('key_rotations')
          .set({ status: 'running', to_version: next.version, started_at: now, progress: '{}' })
          .where('id', '=', rotationId)
          .execute();
        await this.ctx.audit.append(trx, {
          actor,
          workstation,
          event: 'key.rotation_started',
          outcome: 'allowed',
          resource: { type: 'KeyRotation', id: rotationId },
          reason: `master key version ${next.version} replaces version ${active.version}; every stored value is being re-sealed`,
          details: {
            fromVersion: active.version,
            toVersion: next.version,
            wrappedForWorkstations: others.length,
            checkpointPublicKey: nextRing.checkpointKeyPair(next.version).publicKeyBase64,
          },
        });
        custody.keepMasterKey(next);
        return next.version;
      }),
    );
    this.#synced = null;
    void this.driveRotation();
    return version;
  }

  /**
   * Re-seals stored values of a running rotation in batches until none is left under an older
   * version, then destroys the older versions. Resumable: the progress is in the database, so
   * any workstation holding the new version continues after a restart. Returns when idle.
   */
  driveRotation(): Promise<void> {
    this.#driveAgain = true;
    if (!this.#driving) {
      this.#driving = (async () => {
        try {
          while (this.#driveAgain && !this.#stopped) {
            this.#driveAgain = false;
            let step: SweepStep = 'more';
            while (step === 'more' && !this.#stopped) {
              step = await this.#sweep.step(await this.ring(), this.options.workstation);
              await new Promise<void>((resolve) => setImmediate(resolve));
            }
            if (step === 'finished') this.#synced = null;
          }
        } catch (error) {
          this.ctx.logger.error(
            `key rotation paused: ${error instanceof AppError ? error.message : error instanceof Error ? error.name : 'error'}`,
          );
        } finally {
          this.#driving = null;
        }
      })();
    }
    return this.#driving;
  }

  /** Stops driving a rotation (it resumes at the next start); waits for the batch in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#driving;
  }

  #keyPair(): WorkstationKeyPair {
    this.#pair ??= this.options.custody.workstationKeyPair();
    return this.#pair;
  }

  /** One at a time within this process: bringing the ring up to date may write (a request, a collected key). */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #sync(): Promise<Synced> {
    return this.#exclusive(() => this.#current());
  }

  /**
   * Every use looks, in one query, at all the stored state the ring depends on: each version with
   * its status and key check, this workstation's entry and status, and how many keys are wrapped
   * for it. Unchanged since the ring was worked out: the same ring. Otherwise it is worked out
   * again in full (#bringUpToDate), which may also write (a request, a collected key).
   */
  async #current(): Promise<Synced> {
    if (!this.options.custody.available) return this.#bringUpToDate();
    const glance = await this.#glance();
    const kept = this.#synced;
    if (kept && kept.glance === glance) return kept;
    const synced = await this.#bringUpToDate();
    // Seen before the full look: if anything changed in between, the next glance differs and looks again.
    synced.glance = glance;
    return synced;
  }

  async #glance(): Promise<string> {
    const publicKey = this.#publicKeyText();
    const { rows } = await sql<{ kind: string; n: number | string; status: string | null; check_value: string | null }>`
      select 'v' as kind, version as n, status, check_value from key_versions
      union all
      select 'w', id, status, null from workstations where public_key = ${publicKey}
      union all
      select 'k', count(*), null, null from key_wraps
        where workstation_id in (select id from workstations where public_key = ${publicKey})`.execute(this.ctx.db);
    return JSON.stringify(rows.map((r) => [r.kind, Number(r.n), r.status, r.check_value]).sort());
  }

  /** The workstation's public key as stored in its row (kept: encoding it is not free). */
  #publicKeyText(pair = this.#keyPair()): string {
    if (this.#publicKey?.pair !== pair) this.#publicKey = { pair, text: pair.publicKey.toString('base64') };
    return this.#publicKey.text;
  }

  async #bringUpToDate(): Promise<Synced> {
    const { custody } = this.options;
    if (!custody.available) {
      const reason = custody.unavailableReason ?? 'no protected key store is available';
      return this.#keep({ stamp: 'no-keychain', ring: KeyRing.unavailable(reason), state: { state: 'no-keychain', reason }, me: null });
    }
    const pair = this.#keyPair();
    const versions = await this.#versions(this.ctx.db);
    const me = await this.#me(this.ctx.db, pair);
    const wraps = me
      ? await this.ctx.db.selectFrom('key_wraps').select(['version', 'wrapped']).where('workstation_id', '=', me.id).execute()
      : [];
    const stamp = JSON.stringify([versions.map((v) => [v.version, v.status, v.check_value]), me?.id, me?.status, wraps.length]);
    if (this.#synced?.stamp === stamp) return this.#synced;

    const active = versions.find((v) => v.status === 'active');
    if (!active) return this.#keep({ stamp, ring: KeyRing.unavailable(NO_MASTER_KEY_REASON), state: { state: 'no-key' }, me });
    if (me?.status === 'enrolled' && wraps.length) {
      await this.#collect(me, wraps, pair);
      return this.#bringUpToDate();
    }
    const usable = this.#usableKeys(versions);
    if (!me) {
      await this.#register(
        pair,
        usable.some((k) => k.version === active.version),
      );
      return this.#bringUpToDate();
    }
    const reference = requestReference(me.fingerprint);
    switch (me.status) {
      case 'retired':
        // Its enrolment ended: it keeps no key (an attacker with its files is why a rotation is recommended).
        for (const { version } of usable) custody.forgetMasterKey(version);
        return this.#unavailable(stamp, { state: 'retired' }, me);
      case 'refused':
        return this.#unavailable(stamp, { state: 'refused', reference }, me);
      case 'pending':
        return this.#unavailable(stamp, { state: 'pending', reference }, me);
      case 'enrolled':
        if (!usable.some((k) => k.version === active.version)) {
          return this.#unavailable(stamp, { state: 'missing-version', version: active.version }, me);
        }
        return this.#keep({ stamp, ring: KeyRing.of(usable, active.version), state: { state: 'ready' }, me });
    }
  }

  #keep(synced: Synced): Synced {
    this.#synced = synced;
    return synced;
  }

  #unavailable(stamp: string, state: KeyState, me: WorkstationRow): Synced {
    return this.#keep({ stamp, ring: KeyRing.unavailable(clause(state)), state, me });
  }

  /** The held versions whose key check matches the database; destroyed versions are forgotten here. */
  #usableKeys(versions: readonly VersionRow[]): MasterKey[] {
    const { custody } = this.options;
    const held = custody.masterKeys();
    for (const version of held.unreadable) {
      this.ctx.logger.error(`key custody: the local copy of master key version ${version} could not be opened; it is treated as not held`);
    }
    return held.keys.filter((master) => {
      const row = versions.find((v) => v.version === master.version);
      if (row?.status === 'destroyed') {
        custody.forgetMasterKey(master.version);
        return false;
      }
      if (!row) return false;
      if (matchesKeyCheck(master, row.check_value)) return true;
      this.ctx.logger.error(`key custody: the local copy of master key version ${master.version} does not match the database's key check`);
      return false;
    });
  }

  /** Unwraps what an administrator wrapped for this workstation, keeps it sealed locally, and deletes the wrapped copies. */
  async #collect(me: WorkstationRow, wraps: { version: number; wrapped: string }[], pair: WorkstationKeyPair): Promise<void> {
    const collected: number[] = [];
    for (const wrap of wraps) {
      try {
        this.options.custody.keepMasterKey(unwrapMasterKey(wrap.wrapped, pair.privateKey, wrapRequestId(me.id)));
        collected.push(Number(wrap.version));
      } catch (error) {
        if (!(error instanceof WrappedKeyRejectedError)) throw error;
        this.ctx.logger.error(`key custody: the master key version ${wrap.version} wrapped for this workstation could not be opened`);
      }
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      // A wrap that cannot be opened is deleted too: it is useless, and the screen shows the key as missing.
      await trx.deleteFrom('key_wraps').where('workstation_id', '=', me.id).execute();
      const row = await trx.selectFrom('workstations').select('received_at').where('id', '=', me.id).executeTakeFirstOrThrow();
      if (!row.received_at) {
        await trx.updateTable('workstations').set({ received_at: this.ctx.clock.now().toISOString() }).where('id', '=', me.id).execute();
      }
      await this.ctx.audit.append(trx, {
        actor: null,
        workstation: this.options.workstation,
        event: row.received_at ? 'key.version_received' : 'key.enrolment_received',
        outcome: collected.length === wraps.length ? 'allowed' : 'denied',
        resource: { type: 'Workstation', id: me.id },
        reason:
          collected.length === wraps.length
            ? 'this workstation unwrapped its master key, sealed it with its own keychain and deleted the wrapped copy'
            : 'a master key wrapped for this workstation could not be opened and was deleted',
        details: { versions: collected, rejected: wraps.length - collected.length },
      });
    });
  }

  /** Puts this workstation in the list: enrolled if it already holds the current key, otherwise as a new request. */
  async #register(pair: WorkstationKeyPair, holdsKey: boolean): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    const fingerprint = comparisonFingerprint(pair.publicKey);
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('workstations')
        .values({
          name: this.options.workstation,
          public_key: pair.publicKey.toString('base64'),
          fingerprint,
          status: holdsKey ? 'enrolled' : 'pending',
          requested_at: now,
          received_at: holdsKey ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.append(trx, {
        actor: null,
        workstation: this.options.workstation,
        event: holdsKey ? 'key.workstation_registered' : 'key.enrolment_requested',
        outcome: 'allowed',
        resource: { type: 'Workstation', id: Number(row.id) },
        reason: holdsKey
          ? 'a workstation that already holds the master key was added to the workstation list'
          : `enrolment requested: reference ${requestReference(fingerprint)}, fingerprint ${fingerprint}`,
        details: { name: this.options.workstation, fingerprint },
      });
    });
  }

  async #me(db: Kysely<Database>, pair: WorkstationKeyPair): Promise<WorkstationRow | null> {
    const row = await db
      .selectFrom('workstations')
      .select(['id', 'status', 'fingerprint'])
      .where('public_key', '=', this.#publicKeyText(pair))
      .executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : null;
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
      .select(['version', 'status', 'check_value', 'created_at', 'checkpoint_public_key', 'checkpoint_key_endorsement'])
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }
}
