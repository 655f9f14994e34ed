/**
 * Test-only keys. Every test database is made with the same fixed master key (version 1) by the
 * same (fixed) first workstation, so template copies stay readable and a test can open what the
 * app sealed. Never used by the app.
 */
import { memoryKeyStore, sealedKeyCustody, WORKSTATION_KEY_FILE, type KeyCustody } from '../../electron/services/keys/custody.js';
import { KeyRing } from '../../electron/services/keys/keyRing.js';
import { masterKey } from '../../electron/services/keys/masterKey.js';
import { aesKeySealer } from '../../electron/services/keys/sealer.js';

export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
/** Seals the test custody (in place of the OS keychain). */
export const TEST_SEAL_KEY = Buffer.alloc(32, 9);
/** The X25519 private key of the test workstation that made the test databases. */
export const TEST_WORKSTATION_KEY = Buffer.alloc(32, 11);

/** A custody (in memory) of the enrolled test workstation: it holds the test master key as version 1. */
export function testKeyCustody(): KeyCustody {
  const store = memoryKeyStore();
  const sealer = aesKeySealer(TEST_SEAL_KEY);
  store.write(WORKSTATION_KEY_FILE, sealer.seal(TEST_WORKSTATION_KEY));
  const custody = sealedKeyCustody(store, sealer);
  custody.keepMasterKey(masterKey(1, TEST_MASTER_KEY));
  return custody;
}

/** A ring over the test master key: opens what a test app sealed under version 1. */
export function testKeyRing(): KeyRing {
  return KeyRing.of([masterKey(1, TEST_MASTER_KEY)], 1);
}
