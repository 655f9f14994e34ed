/**
 * This workstation's key custody in the app: the master key versions and the enrolment key pair,
 * each sealed by the OS keychain through Electron's safeStorage, in a folder under userData. If
 * the keychain is not available (or only Linux's plain-text fallback is), nothing is kept: the
 * features that need the key refuse and say why; there is no plaintext fallback.
 */
import { safeStorage } from 'electron';
import { SealedSecretRejectedError } from '../services/keys/keyErrors.js';
import { folderKeyStore, sealedKeyCustody, type KeyCustody } from '../services/keys/custody.js';
import { unavailableSealer, type SecretSealer } from '../services/keys/sealer.js';

export function safeStorageSealer(): SecretSealer {
  const linuxPlainText = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || linuxPlainText) {
    return unavailableSealer('the operating system keychain is not available, so the keys that protect card numbers cannot be kept safely');
  }
  return Object.freeze({
    available: true,
    // safeStorage seals strings; base64 carries the bytes through unchanged.
    seal: (plain: Buffer) => safeStorage.encryptString(plain.toString('base64')),
    unseal: (sealed: Buffer) => {
      try {
        return Buffer.from(safeStorage.decryptString(sealed), 'base64');
      } catch {
        throw new SealedSecretRejectedError();
      }
    },
  });
}

/** Custody in `dir` (userData/keys), sealed by the OS keychain. Call after the app is ready. */
export function safeStorageKeyCustody(dir: string): KeyCustody {
  return sealedKeyCustody(folderKeyStore(dir), safeStorageSealer());
}
