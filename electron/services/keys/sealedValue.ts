/**
 * Values at rest: `cv1.<keyVersion>.<base64url(iv | tag | ciphertext)>`, AES-256-GCM under a
 * purpose key. The associated data binds the format, purpose, key version and a caller-given
 * context naming the row (e.g. `card_transactions.pan:ORD-123`), so a sealed value copied to
 * another column, purpose or row does not open.
 */
import { decodeBase64Url, gcmOpen, gcmSeal, IV_BYTES, TAG_BYTES } from './aesGcm.js';
import { SealedValueRejectedError, UnknownKeyVersionError } from './keyErrors.js';
import { parseKeyVersion } from './masterKey.js';
import { isSealPurpose, purposeKeyObject, type PurposeKey, type SealPurpose } from './purposes.js';

export const SEALED_VALUE_FORMAT = 'cv1';

const SEALED_PATTERN = /^cv1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)$/;

function associatedData(purpose: SealPurpose, version: number, context: string): Buffer {
  // JSON of an array: unambiguous however the parts are spelled.
  return Buffer.from(JSON.stringify([SEALED_VALUE_FORMAT, purpose, version, context]), 'utf8');
}

function assertContext(context: string): void {
  if (typeof context !== 'string' || context.length === 0) {
    throw new TypeError('A sealed value needs a context naming its row, e.g. "card_transactions.pan:ORD-123".');
  }
}

export function sealValue(key: PurposeKey<SealPurpose>, plaintext: Uint8Array | string, context: string): string {
  if (!isSealPurpose(key.purpose)) throw new TypeError(`Keys for "${String(key.purpose)}" do not seal values.`);
  assertContext(context);
  const plain = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const box = gcmSeal(purposeKeyObject(key), plain, associatedData(key.purpose, key.version, context));
  return `${SEALED_VALUE_FORMAT}.${key.version}.${box.toString('base64url')}`;
}

/** True when the text has the sealed-value shape (it may still fail to open). */
export function isSealedValue(text: unknown): text is string {
  return typeof text === 'string' && SEALED_PATTERN.test(text);
}

/** The master key version a sealed value was made under; SealedValueRejectedError('malformed') if it is not one. */
export function sealedValueVersion(sealed: string): number {
  const match = typeof sealed === 'string' ? SEALED_PATTERN.exec(sealed) : null;
  const version = match?.[1] ? parseKeyVersion(match[1]) : null;
  if (version === null) throw new SealedValueRejectedError('malformed');
  return version;
}

/**
 * Opens a sealed value. `keyFor(version)` returns the purpose key of that master key version,
 * or undefined when it is not held (UnknownKeyVersionError).
 */
export function openValue(
  purpose: SealPurpose,
  sealed: string,
  context: string,
  keyFor: (version: number) => PurposeKey<SealPurpose> | undefined,
): Buffer {
  if (!isSealPurpose(purpose)) throw new TypeError(`Keys for "${String(purpose)}" do not seal values.`);
  assertContext(context);
  const version = sealedValueVersion(sealed);
  const box = decodeBase64Url(sealed.slice(sealed.lastIndexOf('.') + 1));
  if (!box || box.length < IV_BYTES + TAG_BYTES) throw new SealedValueRejectedError('malformed');
  const key = keyFor(version);
  if (!key) throw new UnknownKeyVersionError(version);
  if (key.purpose !== purpose || key.version !== version) throw new TypeError('keyFor returned a key for another purpose or version.');
  const plain = gcmOpen(purposeKeyObject(key), box, associatedData(purpose, version, context));
  if (!plain) throw new SealedValueRejectedError('integrity');
  return plain;
}
