/**
 * Purpose keys (PCI DSS 3.6.1: a key serves one purpose). Each is derived from the master key
 * by HKDF-SHA-256 with its own fixed info label, so knowing one purpose key reveals nothing of
 * the others or of the master. The labels are part of the stored data format: never change one.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { hkdfSha256 } from './hkdf.js';
import { assertMasterKey, withHiddenBytes, type MasterKey } from './masterKey.js';

export const PURPOSE_INFO = Object.freeze({
  'card-numbers': 'clearance/v1/card-numbers',
  'mfa-secrets': 'clearance/v1/mfa-secrets',
  'sensitive-fields': 'clearance/v1/sensitive-fields',
  'lookup-hashes': 'clearance/v1/lookup-hashes',
  'audit-checkpoints': 'clearance/v1/audit-checkpoints',
} as const);

export type KeyPurpose = keyof typeof PURPOSE_INFO;
export const KEY_PURPOSES = Object.freeze(Object.keys(PURPOSE_INFO) as KeyPurpose[]);

/** The purposes whose keys encrypt values at rest (the others hash or sign). */
export const SEAL_PURPOSES = Object.freeze(['card-numbers', 'mfa-secrets', 'sensitive-fields'] as const);
export type SealPurpose = (typeof SEAL_PURPOSES)[number];

export function isKeyPurpose(value: unknown): value is KeyPurpose {
  return typeof value === 'string' && Object.hasOwn(PURPOSE_INFO, value);
}

export function isSealPurpose(value: unknown): value is SealPurpose {
  return (SEAL_PURPOSES as readonly unknown[]).includes(value);
}

/** 32 bytes for one purpose. The master key is already uniformly random, so HKDF needs no salt. */
export function derivePurposeKey(master: Buffer, purpose: KeyPurpose): Buffer {
  if (!isKeyPurpose(purpose)) throw new TypeError(`Unknown key purpose "${String(purpose)}".`);
  if (!Buffer.isBuffer(master) || master.length !== 32) throw new TypeError('The master key must be 32 bytes.');
  return hkdfSha256(master, Buffer.alloc(0), PURPOSE_INFO[purpose], 32);
}

/** A purpose key that knows its purpose and the master key version it came from (bytes non-enumerable). */
export interface PurposeKey<P extends KeyPurpose = KeyPurpose> {
  readonly purpose: P;
  readonly version: number;
  readonly bytes: Buffer;
}

export function purposeKey<P extends KeyPurpose>(master: MasterKey, purpose: P): PurposeKey<P> {
  assertMasterKey(master.version, master.bytes);
  return withHiddenBytes({ purpose, version: master.version }, derivePurposeKey(master.bytes, purpose));
}

const keyObjects = new WeakMap<PurposeKey, KeyObject>();

/**
 * The purpose key as a crypto KeyObject, made once per key: a cipher or HMAC given raw bytes makes
 * one itself on every call, which costs more than the decryption of a short value.
 */
export function purposeKeyObject(key: PurposeKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(key.bytes);
    keyObjects.set(key, object);
  }
  return object;
}
