/**
 * Full card numbers at rest (PCI DSS 3.5.1): sealed under the card-numbers purpose key of the
 * deployment key hierarchy (AES-256-GCM, `cv1.<key version>.…`), bound to the order id, so a
 * number entered at one enrolled workstation opens at any other and a sealed number moved to
 * another order does not open. There is no plaintext fallback: without the key, the card
 * features refuse and say why.
 */
import type { KeyRing } from '../keys/keyRing.js';
import type { KeyService } from '../keys/keyService.js';
import { CARD_EXPIRY_COLUMN, CARD_NUMBER_COLUMN, sealedContext } from '../keys/sealedColumns.js';

export function sealCardNumber(ring: KeyRing, pan: string, orderId: string): string {
  return ring.seal(CARD_NUMBER_COLUMN.purpose, pan, sealedContext(CARD_NUMBER_COLUMN, orderId));
}

/** The keyed hash stored beside a sealed number, so a search by card number never compares the number itself. */
export function cardNumberLookup(ring: KeyRing, pan: string): string {
  return ring.lookupHash('card-number', pan);
}

/** What a pending order stores of its full number: sealed, and its keyed hash. */
export function protectCardNumber(ring: KeyRing, pan: string, orderId: string): { pan_ciphertext: string; pan_lookup: string } {
  return { pan_ciphertext: sealCardNumber(ring, pan, orderId), pan_lookup: cardNumberLookup(ring, pan) };
}

export function openCardNumber(ring: KeyRing, sealed: string, orderId: string): string {
  return ring.openText(CARD_NUMBER_COLUMN.purpose, sealed, sealedContext(CARD_NUMBER_COLUMN, orderId));
}

export class CardCipher {
  constructor(private readonly keys: KeyService) {}

  /** AppError UNAVAILABLE, in words, when this workstation cannot use card data (not enrolled, no keychain…). */
  private ring(): Promise<KeyRing> {
    return this.keys.requireRing('card data');
  }

  async encrypt(pan: string, orderId: string): Promise<string> {
    return sealCardNumber(await this.ring(), pan, orderId);
  }

  async decrypt(sealed: string, orderId: string): Promise<string> {
    return openCardNumber(await this.ring(), sealed, orderId);
  }

  /** The ring as it is (possibly unavailable), for work that simply waits when the key is not here. */
  currentRing(): Promise<KeyRing> {
    return this.keys.ring();
  }

  /** The sealed number and its keyed hash, for a new pending order. */
  async protect(pan: string, orderId: string): Promise<{ pan_ciphertext: string; pan_lookup: string }> {
    return protectCardNumber(await this.ring(), pan, orderId);
  }

  async sealExpiry(expiry: string, orderId: string): Promise<string> {
    return (await this.ring()).seal(CARD_EXPIRY_COLUMN.purpose, expiry, sealedContext(CARD_EXPIRY_COLUMN, orderId));
  }

  async openExpiry(sealed: string, orderId: string): Promise<string> {
    return (await this.ring()).openText(CARD_EXPIRY_COLUMN.purpose, sealed, sealedContext(CARD_EXPIRY_COLUMN, orderId));
  }
}

/** At most the first 6 and last 4 digits (PCI DSS 3.4.1). */
export function maskPan(first6: string, last4: string): string {
  // A settlement file may give only the last 4.
  if (!first6) return `•••• •••• •••• ${last4}`;
  return `${first6.slice(0, 4)} ${first6.slice(4, 6)}•• •••• ${last4}`;
}
