import { staticKeyProvider } from '../../electron/services/records/cardCipher.js';

/** One fixed card key for every test database, so template copies stay readable. Test-only. */
export const TEST_CARD_KEY = Buffer.alloc(32, 7);
export const testCardKeys = staticKeyProvider(TEST_CARD_KEY);
