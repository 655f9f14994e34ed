/**
 * Audit checkpoint signing: an Ed25519 key pair derived deterministically from the master key
 * (seed = the audit-checkpoints purpose key), so every enrolled workstation signs with the same
 * key without it ever being stored, and anyone holding only the public key can verify.
 */
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { derivePurposeKey } from './purposes.js';

// DER headers that turn raw Ed25519 bytes into PKCS8 / SPKI for node:crypto (RFC 8410).
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export interface CheckpointKeyPair {
  /** The raw 32-byte public key (a fresh copy each time). */
  readonly publicKeyRaw: Buffer;
  /** The raw public key, base64: what a checkpoint row or the witness records. */
  readonly publicKeyBase64: string;
  /** A 64-byte Ed25519 signature of the bytes. */
  sign(message: Uint8Array): Buffer;
}

class Ed25519KeyPair implements CheckpointKeyPair {
  readonly #privateKey: KeyObject;
  readonly #publicKeyRaw: Buffer;

  constructor(seed: Buffer) {
    if (!Buffer.isBuffer(seed) || seed.length !== 32) throw new TypeError('An Ed25519 seed is 32 bytes.');
    this.#privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.#privateKey).export({ format: 'der', type: 'spki' });
    this.#publicKeyRaw = Buffer.from(spki.subarray(SPKI_PREFIX.length));
  }

  get publicKeyRaw(): Buffer {
    return Buffer.from(this.#publicKeyRaw);
  }

  get publicKeyBase64(): string {
    return this.#publicKeyRaw.toString('base64');
  }

  sign(message: Uint8Array): Buffer {
    return edSign(null, message, this.#privateKey);
  }

  toJSON(): { publicKey: string } {
    return { publicKey: this.publicKeyBase64 };
  }

  [inspect.custom](): string {
    return `CheckpointKeyPair { publicKey: '${this.publicKeyBase64}' }`;
  }
}

/** An Ed25519 key pair from a raw 32-byte seed (RFC 8032 "secret key"). */
export function ed25519KeyPairFromSeed(seed: Buffer): CheckpointKeyPair {
  return new Ed25519KeyPair(seed);
}

/** The checkpoint key pair of a master key: the same master always gives the same public key. */
export function checkpointKeyPair(master: Buffer): CheckpointKeyPair {
  return new Ed25519KeyPair(derivePurposeKey(master, 'audit-checkpoints'));
}

function bytesOf(value: Uint8Array | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
}

/**
 * True only for a valid signature of exactly these bytes by this public key. Public key and
 * signature may be raw bytes or base64. A malformed key or signature is simply not valid.
 */
export function verifyCheckpointSignature(publicKey: Uint8Array | string, message: Uint8Array, signature: Uint8Array | string): boolean {
  const raw = bytesOf(publicKey);
  const sig = bytesOf(signature);
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES || sig.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    return edVerify(null, message, key, sig);
  } catch {
    return false;
  }
}

/**
 * What a rotation signs with the new version's checkpoint key: the previous version's number and
 * public key. A chain of these endorsements lets a verifier who trusts only the current key trust
 * the public keys of destroyed versions, whose rows an attacker could otherwise replace.
 */
export function checkpointKeyEndorsement(version: number, publicKeyBase64: string): Buffer {
  return Buffer.from(JSON.stringify(['clearance/v1/checkpoint-key-endorsement', version, publicKeyBase64]), 'utf8');
}
