import { hkdfSync } from 'node:crypto';

/** HKDF-SHA-256 (RFC 5869) as a Buffer; node:crypto returns an ArrayBuffer. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array | string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}
