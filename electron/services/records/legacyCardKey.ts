/**
 * Before the key hierarchy, each workstation kept its own card-number key (AES-256-GCM, the order
 * id as associated data, stored as base64 of iv | tag | ciphertext). On the first start with the
 * hierarchy, the numbers that key opens are re-sealed under the card-numbers purpose key, and the
 * old key file is removed. A number it cannot open (sealed at another workstation with that
 * workstation's own key) is left for that workstation to migrate.
 */
import { createDecipheriv } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import type { KeyRing } from '../keys/keyRing.js';
import { sealCardNumber } from './cardCipher.js';

/** Where the old per-workstation card key is kept (a file sealed by the OS keychain in the app). */
export interface LegacyCardKey {
  /** The 32-byte key, or null when there is none (any more) or it cannot be read. */
  read(): Buffer | null;
  remove(): void;
}

function openLegacy(key: Buffer, ciphertext: string, orderId: string): string | null {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(orderId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export interface LegacyMigration {
  resealed: number;
  /** Old-format numbers this key could not open (another workstation's key, or damaged). */
  notOpened: number;
}

/** Re-seals every old-format card number the legacy key opens, audits it, and removes the key. Null when there was no key. */
export async function migrateLegacyCardNumbers(
  ctx: ServiceContext,
  ring: KeyRing,
  legacy: LegacyCardKey,
  workstation: string,
): Promise<LegacyMigration | null> {
  const key = legacy.read();
  if (!key || !ring.available) return null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('card_transactions')
      .select(['id', 'order_id', 'pan_ciphertext'])
      .where('pan_ciphertext', 'is not', null)
      .where('pan_ciphertext', 'not like', 'cv1.%')
      .execute();
    let resealed = 0;
    for (const row of rows) {
      const pan = openLegacy(key, row.pan_ciphertext!, row.order_id);
      if (pan === null) continue;
      await trx
        .updateTable('card_transactions')
        .set({ pan_ciphertext: sealCardNumber(ring, pan, row.order_id) })
        .where('id', '=', row.id)
        .where('pan_ciphertext', '=', row.pan_ciphertext)
        .execute();
      resealed += 1;
    }
    const migration = { resealed, notOpened: rows.length - resealed };
    await ctx.audit.append(trx, {
      actor: null,
      workstation,
      event: 'key.legacy_card_key_migrated',
      outcome: 'allowed',
      reason: `this workstation's old card-number key was retired: ${resealed} pending card numbers re-sealed under master key version ${ring.currentVersion}`,
      details: { ...migration, version: ring.currentVersion },
    });
    return migration;
  });
  key.fill(0);
  // Only after the commit: until then the old key is still needed.
  legacy.remove();
  return result;
}
