/**
 * The card-number key, protected by the OS keychain through Electron's safeStorage. If the
 * keychain is not available (or only Linux's plain-text fallback is), the app refuses to store or
 * show full card numbers and says why; there is no silent plaintext fallback.
 */
import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { noKeyProvider, staticKeyProvider, type CardKeyProvider } from '../services/records/cardCipher.js';

export function safeStorageKeyProvider(keyFile: string): CardKeyProvider {
  const linuxPlainText = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || linuxPlainText) {
    return noKeyProvider('the operating system keychain is not available, so the key that protects card numbers cannot be kept safely');
  }
  if (!existsSync(keyFile)) writeFileSync(keyFile, safeStorage.encryptString(randomBytes(32).toString('base64')), { mode: 0o600 });
  return staticKeyProvider(Buffer.from(safeStorage.decryptString(readFileSync(keyFile)), 'base64'));
}
