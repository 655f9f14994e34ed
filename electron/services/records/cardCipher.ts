/**
 * Full card numbers at rest (PCI DSS 3.5.1): AES-256-GCM with a 96-bit random IV, bound to
 * the order id as associated data, so a ciphertext cannot be moved to another order.
 * The key comes from a provider: Electron safeStorage in the app, a key file or environment
 * variable in tests. There is no plaintext fallback.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../errors.js';

export interface CardKeyProvider {
  /** The 32-byte key, or null when no protected key store is available. */
  key(): Buffer | null;
  /** Why there is no key, in words, when key() is null. */
  readonly unavailableReason?: string;
}

export function staticKeyProvider(key: Buffer): CardKeyProvider {
  if (key.length !== 32) throw new Error('The card key must be 32 bytes (AES-256).');
  return { key: () => key };
}

/** From CLEARANCE_CARD_KEY (base64) when set; otherwise a key file created on first use (tests, harness). */
export function keyFileProvider(path: string, env = process.env): CardKeyProvider {
  if (env.CLEARANCE_CARD_KEY) return staticKeyProvider(Buffer.from(env.CLEARANCE_CARD_KEY, 'base64'));
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  return staticKeyProvider(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
}

export const noKeyProvider = (reason: string): CardKeyProvider => ({ key: () => null, unavailableReason: reason });

export class CardCipher {
  constructor(private readonly provider: CardKeyProvider) {}

  get available(): boolean {
    return this.provider.key() !== null;
  }

  private requireKey(): Buffer {
    const key = this.provider.key();
    if (!key) {
      throw new AppError(
        'UNAVAILABLE',
        `Full card numbers cannot be stored or shown on this workstation: ${this.provider.unavailableReason ?? 'no protected key store is available'}.`,
      );
    }
    return key;
  }

  encrypt(pan: string, orderId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.requireKey(), iv);
    cipher.setAAD(Buffer.from(orderId));
    const body = Buffer.concat([cipher.update(pan, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(ciphertext: string, orderId: string): string {
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(orderId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** At most the first 6 and last 4 digits (PCI DSS 3.4.1). */
export function maskPan(first6: string, last4: string): string {
  return `${first6.slice(0, 4)} ${first6.slice(4, 6)}•• •••• ${last4}`;
}
