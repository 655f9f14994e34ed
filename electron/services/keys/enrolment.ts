/**
 * Enrolment: how a new workstation receives the master key without it ever travelling in clear.
 * The workstation makes an X25519 key pair and posts the public key with a short fingerprint; an
 * administrator at an enrolled workstation compares the fingerprint (read out on the new screen)
 * and approves; the approver wraps the master key for that public key:
 *   shared = X25519(ephemeral private, recipient public)
 *   key    = HKDF-SHA-256(shared, salt = ephemeral pub | recipient pub, info = clearance/v1/enrolment-wrap)
 *   box    = AES-256-GCM(key, master bytes, AAD = request id and key version)
 * Wrapped form: `ck1.<version>.<base64url(ephemeral pub 32 | iv 12 | tag 16 | ciphertext 32)>`.
 */
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AppError } from '../errors.js';
import { decodeBase64Url, gcmOpen, gcmSeal, IV_BYTES, TAG_BYTES } from './aesGcm.js';
import { hkdfSha256 } from './hkdf.js';
import { WrappedKeyRejectedError } from './keyErrors.js';
import { assertMasterKey, masterKey, MASTER_KEY_BYTES, parseKeyVersion, type MasterKey } from './masterKey.js';

export const WRAPPED_KEY_FORMAT = 'ck1';
export const ENROLMENT_WRAP_INFO = 'clearance/v1/enrolment-wrap';
export const X25519_KEY_BYTES = 32;

// DER headers that turn raw X25519 bytes into PKCS8 / SPKI for node:crypto (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

const WRAPPED_PATTERN = /^ck1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)$/;
const WRAPPED_BYTES = X25519_KEY_BYTES + IV_BYTES + TAG_BYTES + MASTER_KEY_BYTES;

export interface WorkstationKeyPair {
  /** The raw 32-byte X25519 private key: seal it (SecretSealer) before it touches the disk. */
  readonly privateKey: Buffer;
  /** The raw 32-byte X25519 public key: posted with the enrolment request. */
  readonly publicKey: Buffer;
}

function privateKeyObject(raw: Buffer): KeyObject {
  if (!Buffer.isBuffer(raw) || raw.length !== X25519_KEY_BYTES) throw new TypeError('An X25519 private key is 32 bytes.');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(raw: Buffer): KeyObject {
  if (!Buffer.isBuffer(raw) || raw.length !== X25519_KEY_BYTES) throw new TypeError('An X25519 public key is 32 bytes.');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length));
}

function rawPrivateKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length));
}

export function generateWorkstationKeyPair(): WorkstationKeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  return { privateKey: rawPrivateKey(privateKey), publicKey: rawPublicKey(privateKey) };
}

/** The public key that belongs to a raw private key (a workstation recomputes it after unsealing). */
export function workstationPublicKey(privateKey: Buffer): Buffer {
  return rawPublicKey(privateKeyObject(privateKey));
}

function fingerprintHex(publicKey: Buffer, chars: number): string {
  if (!Buffer.isBuffer(publicKey) || publicKey.length !== X25519_KEY_BYTES) throw new TypeError('An X25519 public key is 32 bytes.');
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, chars).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * 8 uppercase hex characters of SHA-256(public key), grouped `7F3A-91C2`: the short reference of
 * an enrolment request in messages. 32 bits can be matched by brute force, so approval compares
 * the longer `comparisonFingerprint`, whose first two groups are this reference.
 */
export function enrolmentFingerprint(publicKey: Buffer): string {
  return fingerprintHex(publicKey, 8);
}

/** 16 uppercase hex characters (64 bits) of SHA-256(public key), `7F3A-91C2-4D0B-E6A8`: what an administrator compares. */
export function comparisonFingerprint(publicKey: Buffer): string {
  return fingerprintHex(publicKey, 16);
}

/** The short request reference (`7F3A-91C2`) of a comparison fingerprint. */
export function requestReference(fingerprint: string): string {
  return fingerprint.split('-').slice(0, 2).join('-');
}

function assertRequestId(requestId: string): void {
  if (typeof requestId !== 'string' || requestId.length === 0) throw new TypeError('An enrolment request id is a non-empty string.');
}

function wrapKey(ephemeralPublic: Buffer, recipientPublic: Buffer, shared: Buffer): Buffer {
  return hkdfSha256(shared, Buffer.concat([ephemeralPublic, recipientPublic]), ENROLMENT_WRAP_INFO, 32);
}

function associatedData(requestId: string, version: number): Buffer {
  return Buffer.from(JSON.stringify([WRAPPED_KEY_FORMAT, requestId, version]), 'utf8');
}

/** The X25519 shared secret, or null for a low-order public key (the secret would be all zero, i.e. known to anyone). */
function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer | null {
  try {
    const shared = diffieHellman({ privateKey, publicKey });
    return shared.some((b) => b !== 0) ? shared : null;
  } catch {
    return null; // OpenSSL refuses low-order points itself
  }
}

/** Wraps one master key version for the workstation that posted `recipientPublicKey` with request `requestId`. */
export function wrapMasterKey(master: MasterKey, recipientPublicKey: Buffer, requestId: string): string {
  assertMasterKey(master.version, master.bytes);
  assertRequestId(requestId);
  const recipient = publicKeyObject(recipientPublicKey);
  const { privateKey: ephemeral } = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral);
  const shared = sharedSecret(ephemeral, recipient);
  if (!shared)
    throw new AppError('INVALID_INPUT', "The enrolment request's public key is not usable; ask the workstation to make a new request.");
  const key = wrapKey(ephemeralPublic, recipientPublicKey, shared);
  const box = gcmSeal(key, master.bytes, associatedData(requestId, master.version));
  return `${WRAPPED_KEY_FORMAT}.${master.version}.${Buffer.concat([ephemeralPublic, box]).toString('base64url')}`;
}

/** The master key version a wrapped key carries; WrappedKeyRejectedError('malformed') if it is not one. */
export function wrappedKeyVersion(wrapped: string): number {
  const match = typeof wrapped === 'string' ? WRAPPED_PATTERN.exec(wrapped) : null;
  const version = match?.[1] ? parseKeyVersion(match[1]) : null;
  if (version === null) throw new WrappedKeyRejectedError('malformed');
  return version;
}

/** Unwraps with this workstation's private key. Tampering, another request id or another private key: WrappedKeyRejectedError. */
export function unwrapMasterKey(wrapped: string, recipientPrivateKey: Buffer, requestId: string): MasterKey {
  assertRequestId(requestId);
  const version = wrappedKeyVersion(wrapped);
  const raw = decodeBase64Url(wrapped.slice(wrapped.lastIndexOf('.') + 1));
  if (!raw || raw.length !== WRAPPED_BYTES) throw new WrappedKeyRejectedError('malformed');
  const ephemeralPublic = raw.subarray(0, X25519_KEY_BYTES);
  const recipient = privateKeyObject(recipientPrivateKey);
  const shared = sharedSecret(recipient, publicKeyObject(ephemeralPublic));
  if (!shared) throw new WrappedKeyRejectedError('integrity');
  const key = wrapKey(ephemeralPublic, rawPublicKey(recipient), shared);
  const bytes = gcmOpen(key, raw.subarray(X25519_KEY_BYTES), associatedData(requestId, version));
  if (!bytes) throw new WrappedKeyRejectedError('integrity');
  return masterKey(version, bytes);
}
