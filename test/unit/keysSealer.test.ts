import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/services/errors.js';
import { SealedSecretRejectedError } from '../../electron/services/keys/keyErrors.js';
import { aesKeySealer, keyFileSealer, unavailableSealer } from '../../electron/services/keys/sealer.js';

const secret = Buffer.from('a master key would be 32 bytes..');
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-sealer-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('key file sealer (tests and harness)', () => {
  it('creates a 0600 key file on first use and reuses it, so a restart can unseal', () => {
    const path = join(freshDir(), 'seal.key');
    const first = keyFileSealer(path, {});
    expect(first.available).toBe(true);
    const sealed = first.seal(secret);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const fileBefore = readFileSync(path, 'utf8');
    const second = keyFileSealer(path, {});
    expect(readFileSync(path, 'utf8')).toBe(fileBefore);
    expect(second.unseal(sealed).equals(secret)).toBe(true);
  });

  it('takes the key from CLEARANCE_KEY_SEAL when set, and writes no file', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const path = join(freshDir(), 'unused.key');
    const sealed = keyFileSealer(path, { CLEARANCE_KEY_SEAL: key }).seal(secret);
    expect(aesKeySealer(Buffer.alloc(32, 9)).unseal(sealed).equals(secret)).toBe(true);
    expect(() => statSync(path)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => keyFileSealer(join(freshDir(), 'x.key'), { CLEARANCE_KEY_SEAL: Buffer.alloc(16).toString('base64') })).toThrow(/32-byte/);
    const path = join(freshDir(), 'short.key');
    writeFileSync(path, 'c2hvcnQ=');
    expect(() => keyFileSealer(path, {})).toThrow(/32-byte/);
  });

  it('does not keep the secret in clear and refuses altered or foreign sealed bytes', () => {
    const sealer = keyFileSealer(join(freshDir(), 'seal.key'), {});
    const sealed = sealer.seal(secret);
    expect(sealed.includes(secret)).toBe(false);
    expect(sealer.seal(secret).equals(sealed)).toBe(false);
    for (const offset of [0, 12, 28, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[offset] = altered[offset]! ^ 1;
      expect(() => sealer.unseal(altered), `offset ${offset}`).toThrow(SealedSecretRejectedError);
    }
    expect(() => sealer.unseal(sealed.subarray(0, 20))).toThrow(SealedSecretRejectedError);
    expect(() => keyFileSealer(join(freshDir(), 'other.key'), {}).unseal(sealed)).toThrow(SealedSecretRejectedError);
  });

  it('shows no key in JSON or inspect', () => {
    const key = Buffer.alloc(32, 0x5a);
    const sealer = aesKeySealer(key);
    for (const text of [JSON.stringify(sealer), inspect(sealer, { showHidden: true, depth: 10 })]) {
      expect(text).not.toContain(key.toString('base64'));
      expect(text).not.toContain(key.toString('hex'));
      expect(text).not.toContain('5a, 5a');
    }
  });
});

describe('unavailable sealer', () => {
  it('says it is unavailable and why, and refuses to seal or unseal', () => {
    const sealer = unavailableSealer('the OS keychain is locked');
    expect(sealer.available).toBe(false);
    expect(sealer.unavailableReason).toBe('the OS keychain is locked');
    for (const attempt of [() => sealer.seal(secret), () => sealer.unseal(secret)]) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('UNAVAILABLE');
      expect((caught as AppError).message).toContain('the OS keychain is locked');
    }
  });
});
