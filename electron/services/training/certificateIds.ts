/** How a completion is identified and how the acknowledged text is fingerprinted, for the app and the demo alike. */
import { createHash, randomInt } from 'node:crypto';

const CERT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** "CLR-" and ten characters without look-alikes (no I, O, 0 or 1), e.g. CLR-7KQ2MZP9XA. */
export function newCertificateId(): string {
  let id = 'CLR-';
  for (let i = 0; i < 10; i++) id += CERT_ALPHABET[randomInt(CERT_ALPHABET.length)];
  return id;
}

/** SHA-256 of the acknowledgement text a person signed, kept with the signature. */
export function acknowledgementHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A typed signature matches the person's full name (case, spacing and Unicode forms aside). */
export function signatureMatches(signature: string, displayName: string): boolean {
  const normalize = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return normalize(signature) === normalize(displayName);
}
