/**
 * Full card numbers at rest (PCI DSS 3.5.1): sealed under the card-numbers purpose key of the
 * deployment key hierarchy (AES-256-GCM, `cv1.<key version>.…`), bound to the order id, so a
 * number entered at one enrolled workstation opens at any other and a sealed number moved to
 * another order does not open. There is no plaintext fallback: without the key, the card
 * features refuse and say why.
 */
import { AppError } from '../errors.js';
import type { KeyRing } from '../keys/keyRing.js';
import type { KeyService } from '../keys/keyService.js';
import { CARD_NUMBER_COLUMN, sealedContext } from '../keys/sealedColumns.js';

export function sealCardNumber(ring: KeyRing, pan: string, orderId: string): string {
  return ring.seal(CARD_NUMBER_COLUMN.purpose, pan, sealedContext(CARD_NUMBER_COLUMN, orderId));
}

export function openCardNumber(ring: KeyRing, sealed: string, orderId: string): string {
  return ring.openText(CARD_NUMBER_COLUMN.purpose, sealed, sealedContext(CARD_NUMBER_COLUMN, orderId));
}

export class CardCipher {
  constructor(private readonly keys: KeyService) {}

  private async ring(): Promise<KeyRing> {
    const ring = await this.keys.ring();
    if (!ring.available) {
      throw new AppError(
        'UNAVAILABLE',
        `Full card numbers cannot be stored or shown on this workstation: ${ring.unavailableReason ?? 'no protected key store is available'}.`,
      );
    }
    return ring;
  }

  async encrypt(pan: string, orderId: string): Promise<string> {
    return sealCardNumber(await this.ring(), pan, orderId);
  }

  async decrypt(sealed: string, orderId: string): Promise<string> {
    return openCardNumber(await this.ring(), sealed, orderId);
  }
}

/** At most the first 6 and last 4 digits (PCI DSS 3.4.1). */
export function maskPan(first6: string, last4: string): string {
  return `${first6.slice(0, 4)} ${first6.slice(4, 6)}•• •••• ${last4}`;
}
