/**
 * Local custody of secrets (the master key versions, the workstation's enrolment private key).
 * In the app, Electron safeStorage (the OS keychain) implements SecretSealer in electron/main.
 * Tests and the harness use a key from CLEARANCE_KEY_SEAL or a 0600 key file instead.
 * There is no plaintext fallback: without a sealer nothing is kept.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../errors.js';
import { gcmOpen, gcmSeal } from './aesGcm.js';
import { SealedSecretRejectedError } from './keyErrors.js';

export interface SecretSealer {
  readonly available: boolean;
  /** Why there is no sealer, in words, when available is false. */
  readonly unavailableReason?: string;
  seal(plain: Buffer): Buffer;
  /** SealedSecretRejectedError when the sealed bytes were altered or sealed under another key. */
  unseal(sealed: Buffer): Buffer;
}

export const KEY_SEAL_ENV = 'CLEARANCE_KEY_SEAL';
const LOCAL_SEAL_AAD = Buffer.from('clearance/v1/local-seal', 'utf8');

/** A sealer over a 32-byte AES-256-GCM key held in memory (tests, harness). */
export function aesKeySealer(key: Buffer): SecretSealer {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('A sealing key must be 32 bytes (AES-256).');
  const held = Buffer.from(key);
  return Object.freeze({
    available: true,
    seal: (plain: Buffer) => gcmSeal(held, plain, LOCAL_SEAL_AAD),
    unseal: (sealed: Buffer) => {
      const plain = gcmOpen(held, sealed, LOCAL_SEAL_AAD);
      if (!plain) throw new SealedSecretRejectedError();
      return plain;
    },
  });
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold a 32-byte key in base64.`);
  return key;
}

/** From CLEARANCE_KEY_SEAL (base64) when set; otherwise a 0600 key file created on first use. */
export function keyFileSealer(path: string, env: Readonly<Record<string, string | undefined>> = process.env): SecretSealer {
  const fromEnv = env[KEY_SEAL_ENV];
  if (fromEnv) return aesKeySealer(decodeKey(fromEnv, KEY_SEAL_ENV));
  try {
    // 'wx' fails if the file exists, so two starts never overwrite each other's key.
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return aesKeySealer(decodeKey(readFileSync(path, 'utf8'), `The key file ${path}`));
}

/** A sealer that refuses: no OS keychain (e.g. Linux without a secret service). */
export function unavailableSealer(reason: string): SecretSealer {
  const refuse = (): never => {
    throw new AppError('UNAVAILABLE', `Secrets cannot be sealed or unsealed on this workstation: ${reason}.`);
  };
  return Object.freeze({ available: false, unavailableReason: reason, seal: refuse, unseal: refuse });
}
