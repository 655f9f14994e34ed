import { KeyRing } from '../../electron/services/keys/keyRing.js';
import { masterKey } from '../../electron/services/keys/masterKey.js';
import { staticKeyProvider } from '../../electron/services/records/cardCipher.js';

/** One fixed card key for every test database, so template copies stay readable. Test-only. */
export const TEST_CARD_KEY = Buffer.alloc(32, 7);
export const testCardKeys = staticKeyProvider(TEST_CARD_KEY);

/** One fixed master key (version 1) for test apps: audit checkpoints are signed with its checkpoint key. Test-only. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 9);
export const testKeyRing = (): KeyRing => KeyRing.of([masterKey(1, TEST_MASTER_KEY)], 1);
