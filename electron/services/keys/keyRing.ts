/**
 * The master key versions this workstation holds, and the one new values are sealed under.
 * Everything that needs a key goes through a KeyRing, which never hands out key bytes: its
 * JSON, inspect and String forms show only versions. A workstation that is not enrolled (or has
 * no OS keychain) gets KeyRing.unavailable(reason), whose methods refuse with that reason.
 */
import { inspect } from 'node:util';
import { AppError } from '../errors.js';
import { checkpointKeyPair, type CheckpointKeyPair } from './checkpointKeys.js';
import { wrapMasterKey } from './enrolment.js';
import { UnknownKeyVersionError } from './keyErrors.js';
import { lookupHash, type LookupDomain } from './lookupHash.js';
import { assertMasterKey, masterKey, type MasterKey } from './masterKey.js';
import { purposeKey, type KeyPurpose, type PurposeKey, type SealPurpose } from './purposes.js';
import { openValue, sealedValueVersion, sealValue } from './sealedValue.js';
import type { SecretSealer } from './sealer.js';

/** A master key version as kept on disk: sealed by this workstation's SecretSealer. */
export interface SealedMasterKey {
  readonly version: number;
  readonly sealed: Buffer;
}

export class KeyRing {
  readonly #masters: ReadonlyMap<number, MasterKey>;
  readonly #current: number | null;
  readonly #unavailableReason: string | undefined;
  readonly #purposeKeys = new Map<string, PurposeKey>();
  readonly #checkpointKeys = new Map<number, CheckpointKeyPair>();

  private constructor(masters: ReadonlyMap<number, MasterKey>, current: number | null, unavailableReason?: string) {
    this.#masters = masters;
    this.#current = current;
    this.#unavailableReason = unavailableReason;
  }

  /**
   * A ring over these master key versions; `currentVersion` must be one of them. The bytes are
   * copied, so the caller may zero its buffers afterwards.
   */
  static of(keys: ReadonlyMap<number, Buffer> | Iterable<MasterKey>, currentVersion: number): KeyRing {
    const entries: MasterKey[] =
      keys instanceof Map ? [...keys].map(([version, bytes]) => ({ version, bytes })) : [...(keys as Iterable<MasterKey>)];
    const masters = new Map<number, MasterKey>();
    for (const { version, bytes } of entries) {
      assertMasterKey(version, bytes);
      if (masters.has(version)) throw new TypeError(`Master key version ${version} is given twice.`);
      masters.set(version, masterKey(version, Buffer.from(bytes)));
    }
    if (!masters.has(currentVersion))
      throw new TypeError(`The current master key version ${currentVersion} is not among the versions given.`);
    return new KeyRing(masters, currentVersion);
  }

  /** A ring that refuses every operation, saying why (e.g. "this workstation is not enrolled"). */
  static unavailable(reason: string): KeyRing {
    return new KeyRing(new Map(), null, reason);
  }

  /** Unseals the stored versions; an unavailable sealer gives an unavailable ring with its reason. */
  static fromSealed(sealer: SecretSealer, stored: Iterable<SealedMasterKey>, currentVersion: number): KeyRing {
    if (!sealer.available) return KeyRing.unavailable(sealer.unavailableReason ?? 'no protected key store is available');
    return KeyRing.of(
      [...stored].map(({ version, sealed }) => ({ version, bytes: sealer.unseal(sealed) })),
      currentVersion,
    );
  }

  get available(): boolean {
    return this.#current !== null;
  }

  get unavailableReason(): string | undefined {
    return this.#unavailableReason;
  }

  /** The version new values are sealed and hashed under. */
  get currentVersion(): number {
    return this.#requireCurrent();
  }

  /** Held versions, ascending. Empty when unavailable. */
  heldVersions(): number[] {
    return [...this.#masters.keys()].sort((a, b) => a - b);
  }

  holds(version: number): boolean {
    return this.#masters.has(version);
  }

  /** Seals under the current version (`cv1.<version>.…`), bound to purpose and context. */
  seal(purpose: SealPurpose, plaintext: Buffer | string, context: string): string {
    return sealValue(this.#purposeKey(purpose, this.#requireCurrent()), plaintext, context);
  }

  /** Opens a value sealed under any held version. UnknownKeyVersionError / SealedValueRejectedError otherwise. */
  open(purpose: SealPurpose, sealed: string, context: string): Buffer {
    this.#requireCurrent();
    return openValue(purpose, sealed, context, (version) => (this.#masters.has(version) ? this.#purposeKey(purpose, version) : undefined));
  }

  openText(purpose: SealPurpose, sealed: string, context: string): string {
    return this.open(purpose, sealed, context).toString('utf8');
  }

  /** True when the value is already sealed under the current version (rotation can skip it). */
  isCurrent(sealed: string): boolean {
    return sealedValueVersion(sealed) === this.#requireCurrent();
  }

  /**
   * Re-encrypts under the current version; returns the same string when it already is current.
   * It always opens first, so an altered value is refused rather than carried forward.
   */
  reseal(purpose: SealPurpose, sealed: string, context: string): string {
    const plain = this.open(purpose, sealed, context);
    if (this.isCurrent(sealed)) return sealed;
    return this.seal(purpose, plain, context);
  }

  /** `<current version>:<hex>`: what to store beside a new value. */
  lookupHash(domain: LookupDomain, value: string): string {
    return lookupHash(this.#purposeKey('lookup-hashes', this.#requireCurrent()), domain, value);
  }

  /** The hash under every held version (ascending): what to search for while a rotation is under way. */
  lookupHashes(domain: LookupDomain, value: string): string[] {
    this.#requireCurrent();
    return this.heldVersions().map((version) => lookupHash(this.#purposeKey('lookup-hashes', version), domain, value));
  }

  /** The audit checkpoint signing key pair of a held version (default: current). */
  checkpointKeyPair(version?: number): CheckpointKeyPair {
    const v = version ?? this.#requireCurrent();
    let pair = this.#checkpointKeys.get(v);
    if (!pair) {
      pair = checkpointKeyPair(this.#requireMaster(v).bytes);
      this.#checkpointKeys.set(v, pair);
    }
    return pair;
  }

  /** Wraps a held version (default: current) for an approved enrolment request (see enrolment.ts). */
  wrapForEnrolment(recipientPublicKey: Buffer, requestId: string, version?: number): string {
    return wrapMasterKey(this.#requireMaster(version ?? this.#requireCurrent()), recipientPublicKey, requestId);
  }

  /** Seals each held version with this workstation's sealer, for storage (after enrolment or rotation). */
  sealFor(sealer: SecretSealer): SealedMasterKey[] {
    this.#requireCurrent();
    return this.heldVersions().map((version) => ({ version, sealed: sealer.seal(this.#requireMaster(version).bytes) }));
  }

  /** A new ring that also holds `master` (e.g. a fresh rotation version), current when `makeCurrent`. */
  withMasterKey(master: MasterKey, makeCurrent = true): KeyRing {
    const current = this.#requireCurrent();
    if (this.#masters.has(master.version)) throw new TypeError(`Master key version ${master.version} is already held.`);
    return KeyRing.of([...this.#masters.values(), master], makeCurrent ? master.version : current);
  }

  /** A new ring without `version` (retired after a rotation finished). The current version cannot be dropped. */
  withoutVersion(version: number): KeyRing {
    const current = this.#requireCurrent();
    if (version === current) throw new TypeError('The current master key version cannot be dropped.');
    return KeyRing.of(
      [...this.#masters.values()].filter((m) => m.version !== version),
      current,
    );
  }

  toJSON(): { available: boolean; currentVersion: number | null; heldVersions: number[] } {
    return { available: this.available, currentVersion: this.#current, heldVersions: this.heldVersions() };
  }

  toString(): string {
    return this.available
      ? `KeyRing(current v${this.#current}, holds ${this.heldVersions()
          .map((v) => `v${v}`)
          .join(', ')})`
      : 'KeyRing(unavailable)';
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #requireCurrent(): number {
    if (this.#current === null) {
      throw new AppError(
        'UNAVAILABLE',
        `Protected values cannot be sealed or opened on this workstation: ${this.#unavailableReason ?? 'no master key is held'}.`,
      );
    }
    return this.#current;
  }

  #requireMaster(version: number): MasterKey {
    this.#requireCurrent();
    const master = this.#masters.get(version);
    if (!master) throw new UnknownKeyVersionError(version);
    return master;
  }

  #purposeKey<P extends KeyPurpose>(purpose: P, version: number): PurposeKey<P> {
    const id = `${version}/${purpose}`;
    let key = this.#purposeKeys.get(id);
    if (!key) {
      key = purposeKey(this.#requireMaster(version), purpose);
      this.#purposeKeys.set(id, key);
    }
    return key as PurposeKey<P>;
  }
}
