/**
 * Test-only keys. Every test database is made with the same fixed master key (version 1), so
 * template copies stay readable and a test can open what the app sealed. Never used by the app.
 */
import { memoryKeyStore, sealedKeyCustody, type KeyCustody } from '../../electron/services/keys/custody.js';
import { KeyRing } from '../../electron/services/keys/keyRing.js';
import { masterKey } from '../../electron/services/keys/masterKey.js';
import { aesKeySealer } from '../../electron/services/keys/sealer.js';

export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
/** Seals the test custody (in place of the OS keychain). */
export const TEST_SEAL_KEY = Buffer.alloc(32, 9);

/** A custody (in memory) that already holds the test master key as version 1. */
export function testKeyCustody(): KeyCustody {
  const custody = sealedKeyCustody(memoryKeyStore(), aesKeySealer(TEST_SEAL_KEY));
  custody.keepMasterKey(masterKey(1, TEST_MASTER_KEY));
  return custody;
}

/** A ring over the test master key: opens what a test app sealed under version 1. */
export function testKeyRing(): KeyRing {
  return KeyRing.of([masterKey(1, TEST_MASTER_KEY)], 1);
}
