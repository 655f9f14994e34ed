/**
 * Key custody: what this workstation keeps of the key hierarchy, sealed by its SecretSealer (the
 * OS keychain through Electron safeStorage in the app; a key file in tests and the harness): the
 * master key versions it holds and its enrolment key pair. Nothing is written in clear, and
 * without a sealer nothing is kept (the custody is unavailable and says why).
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkstationKeyPair, workstationPublicKey, type WorkstationKeyPair } from './enrolment.js';
import { SealedSecretRejectedError } from './keyErrors.js';
import { masterKey, parseKeyVersion, type MasterKey } from './masterKey.js';
import type { SecretSealer } from './sealer.js';

/** A few named blobs (already sealed): a folder in the app, memory in tests. */
export interface KeyStore {
  read(name: string): Buffer | null;
  write(name: string, bytes: Buffer): void;
  remove(name: string): void;
  list(): string[];
}

/** Files in a folder only this user may read (0700/0600), each written whole (temp file, then rename). */
export function folderKeyStore(dir: string): KeyStore {
  const ensure = () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  };
  return {
    read(name) {
      try {
        return readFileSync(join(dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    write(name, bytes) {
      ensure();
      const temp = join(dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temp, bytes, { mode: 0o600 });
      renameSync(temp, join(dir, name));
    },
    remove(name) {
      rmSync(join(dir, name), { force: true });
    },
    list() {
      try {
        return readdirSync(dir).filter((n) => !n.startsWith('.'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
  };
}

export function memoryKeyStore(): KeyStore {
  const blobs = new Map<string, Buffer>();
  return {
    read: (name) => (blobs.has(name) ? Buffer.from(blobs.get(name)!) : null),
    write: (name, bytes) => void blobs.set(name, Buffer.from(bytes)),
    remove: (name) => void blobs.delete(name),
    list: () => [...blobs.keys()],
  };
}

export interface HeldMasterKeys {
  keys: MasterKey[];
  /** Versions whose sealed copy could not be opened (keychain reset, file altered): treated as not held. */
  unreadable: number[];
}

export interface KeyCustody {
  readonly available: boolean;
  /** Why nothing can be kept here, in words, when available is false. */
  readonly unavailableReason: string | undefined;
  masterKeys(): HeldMasterKeys;
  keepMasterKey(master: MasterKey): void;
  forgetMasterKey(version: number): void;
  /** This workstation's X25519 enrolment key pair, made (and sealed) on first use. */
  workstationKeyPair(): WorkstationKeyPair;
  /** A fresh enrolment key pair replacing the old one (after a refusal, a new request). */
  renewWorkstationKeyPair(): WorkstationKeyPair;
}

const MASTER_FILE = /^master-v([1-9][0-9]{0,8})\.sealed$/;
const WORKSTATION_FILE = 'workstation.sealed';

class SealedKeyCustody implements KeyCustody {
  constructor(
    private readonly store: KeyStore,
    private readonly sealer: SecretSealer,
  ) {}

  get available(): boolean {
    return this.sealer.available;
  }

  get unavailableReason(): string | undefined {
    return this.sealer.available ? undefined : (this.sealer.unavailableReason ?? 'no protected key store is available');
  }

  masterKeys(): HeldMasterKeys {
    const held: HeldMasterKeys = { keys: [], unreadable: [] };
    if (!this.available) return held;
    for (const name of this.store.list()) {
      const version = parseKeyVersion(MASTER_FILE.exec(name)?.[1] ?? '');
      const sealed = version === null ? null : this.store.read(name);
      if (version === null || !sealed) continue;
      try {
        held.keys.push(masterKey(version, this.sealer.unseal(sealed)));
      } catch (error) {
        if (!(error instanceof SealedSecretRejectedError) && !(error instanceof TypeError)) throw error;
        held.unreadable.push(version);
      }
    }
    held.keys.sort((a, b) => a.version - b.version);
    return held;
  }

  keepMasterKey(master: MasterKey): void {
    this.store.write(`master-v${master.version}.sealed`, this.sealer.seal(master.bytes));
  }

  forgetMasterKey(version: number): void {
    this.store.remove(`master-v${version}.sealed`);
  }

  workstationKeyPair(): WorkstationKeyPair {
    const sealed = this.store.read(WORKSTATION_FILE);
    if (sealed) {
      try {
        const privateKey = this.sealer.unseal(sealed);
        return { privateKey, publicKey: workstationPublicKey(privateKey) };
      } catch (error) {
        // An unreadable pair is replaced: the workstation simply makes a new enrolment request.
        if (!(error instanceof SealedSecretRejectedError) && !(error instanceof TypeError)) throw error;
      }
    }
    return this.renewWorkstationKeyPair();
  }

  renewWorkstationKeyPair(): WorkstationKeyPair {
    const pair = generateWorkstationKeyPair();
    this.store.write(WORKSTATION_FILE, this.sealer.seal(pair.privateKey));
    return pair;
  }
}

/** Custody over a store, every secret sealed by `sealer` before it is written. */
export function sealedKeyCustody(store: KeyStore, sealer: SecretSealer): KeyCustody {
  return new SealedKeyCustody(store, sealer);
}
