/**
 * The deployment master key: 256 random bits with a version number. Rotation makes a new
 * version; stored ciphertexts and lookup hashes name the version they were made under.
 */
import { randomBytes } from 'node:crypto';

export interface MasterKey {
  readonly version: number;
  /** 32 bytes. Never logged, stored in clear or sent to the renderer. */
  readonly bytes: Buffer;
}

export const MASTER_KEY_BYTES = 32;

export function isKeyVersion(version: unknown): version is number {
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 && version <= 999_999_999;
}

/** Versions as they appear inside sealed strings: a positive decimal without leading zeros. */
export function parseKeyVersion(text: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

export function assertMasterKey(version: number, bytes: Buffer): void {
  if (!isKeyVersion(version)) throw new TypeError('A master key version is a whole number from 1 to 999999999.');
  if (!Buffer.isBuffer(bytes) || bytes.length !== MASTER_KEY_BYTES) {
    throw new TypeError(`Master key version ${version} must be ${MASTER_KEY_BYTES} bytes.`);
  }
}

/**
 * A MasterKey whose bytes are a non-enumerable property, so an accidental JSON.stringify,
 * spread or console.log of it shows only the version.
 */
export function masterKey(version: number, bytes: Buffer): MasterKey {
  assertMasterKey(version, bytes);
  return withHiddenBytes({ version }, bytes);
}

export function newMasterKey(version: number): MasterKey {
  return masterKey(version, randomBytes(MASTER_KEY_BYTES));
}

export function withHiddenBytes<T extends object>(target: T, bytes: Buffer): T & { readonly bytes: Buffer } {
  return Object.defineProperty(target, 'bytes', { value: bytes, enumerable: false }) as T & { readonly bytes: Buffer };
}
