/** AES-256-GCM with a random 96-bit IV and a full 16-byte tag, laid out as iv | tag | ciphertext. */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export function gcmSeal(key: Buffer | KeyObject, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The plaintext, or null when the box was altered, the key is wrong or the associated data differs. */
export function gcmOpen(key: Buffer | KeyObject, box: Buffer, aad: Uint8Array): Buffer | null {
  if (box.length < IV_BYTES + TAG_BYTES) return null;
  // authTagLength pins the tag to 16 bytes: GCM would otherwise accept a truncated tag.
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Strict base64url (Buffer.from silently skips characters it does not know). */
export function decodeBase64Url(text: string): Buffer | null {
  return /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : null;
}
