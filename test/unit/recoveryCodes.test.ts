import { describe, expect, it } from 'vitest';
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_LENGTH,
  generateRecoveryCodes,
  hashRecoveryCode,
  hashRecoveryCodes,
  matchRecoveryCode,
  newRecoveryCodeSalt,
  normalizeRecoveryCode,
} from '../../electron/services/auth/recoveryCodes.js';

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

describe('recovery codes: generation', () => {
  it('gives ten distinct codes by default, or the number asked for', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
  });

  it('reads as XXXXX-XXXXX from an alphabet without I, L, O or U, and carries at least 50 bits', () => {
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(32);
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(RECOVERY_CODE_LENGTH * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    const many = Array.from({ length: 100 }, () => generateRecoveryCodes()).flat();
    for (const code of many) expect(code).toMatch(FORMAT);
    expect(new Set(many).size).toBe(many.length);
    // 10,000 characters: every one of the 32 symbols turns up (a generator stuck on part of the alphabet would not).
    const seen = new Set(many.join('').replace(/-/g, ''));
    expect([...seen].sort().join('')).toBe([...RECOVERY_CODE_ALPHABET].sort().join(''));
  });
});

describe('recovery codes: typing them in', () => {
  it('ignores case, spaces and dashes, and reads O as 0 and I or L as 1', () => {
    expect(normalizeRecoveryCode('7KQ4M-9XD2P')).toBe('7KQ4M9XD2P');
    expect(normalizeRecoveryCode(' 7kq4m 9xd2p ')).toBe('7KQ4M9XD2P');
    expect(normalizeRecoveryCode('7k-q4-m9-xd-2p')).toBe('7KQ4M9XD2P');
    expect(normalizeRecoveryCode('7KQ4M\u20139XD2P')).toBe('7KQ4M9XD2P');
    expect(normalizeRecoveryCode('oOiIl-L1234')).toBe('0011111234');
  });

  it('refuses what cannot be a code', () => {
    for (const bad of ['', '7KQ4M-9XD2', '7KQ4M-9XD2P7', '7KQ4M-9XD2U', '7KQ4M_9XD2P', '7KQ4M.9XD2P']) {
      expect(normalizeRecoveryCode(bad), bad).toBeNull();
    }
  });
});

describe('recovery codes: stored hashed, matched once', () => {
  it('stores an scrypt hash with its parameters, never the code', async () => {
    const salt = newRecoveryCodeSalt();
    const [code] = generateRecoveryCodes(1);
    const hash = await hashRecoveryCode(code!, salt);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{43}=$/);
    expect(hash).not.toContain(code!);
    expect(hash).not.toContain(code!.replace('-', ''));
    expect(hash.toLowerCase()).not.toContain(code!.replace('-', '').toLowerCase());
    // The same code and salt give the same hash (so it can be matched); another salt gives another.
    expect(await hashRecoveryCode(code!.toLowerCase(), salt)).toBe(hash);
    expect(await hashRecoveryCode(code!, newRecoveryCodeSalt())).not.toBe(hash);
  });

  it('refuses to hash something that is not a code, or with a short salt', async () => {
    await expect(hashRecoveryCode('hello', newRecoveryCodeSalt())).rejects.toThrow(RangeError);
    await expect(hashRecoveryCode('7KQ4M-9XD2P', Buffer.alloc(8).toString('base64'))).rejects.toThrow(/128 bits/);
  });

  it('finds which code was typed, however it was typed, and nothing for a wrong code', async () => {
    const salt = newRecoveryCodeSalt();
    const codes = generateRecoveryCodes();
    const hashes = await hashRecoveryCodes(codes, salt);
    expect(hashes).toHaveLength(10);
    expect(new Set(hashes).size).toBe(10);
    expect(hashes.join('\n')).not.toMatch(new RegExp(codes.map((c) => c.replace('-', '-?')).join('|'), 'i'));

    expect(await matchRecoveryCode(codes[0]!, hashes, salt)).toBe(0);
    expect(await matchRecoveryCode(codes[7]!, hashes, salt)).toBe(7);
    const sloppy = ` ${codes[4]!.toLowerCase().replace('-', ' ')} `;
    expect(await matchRecoveryCode(sloppy, hashes, salt)).toBe(4);

    const wrong = generateRecoveryCodes(1)[0]!;
    expect(await matchRecoveryCode(wrong, hashes, salt)).toBeNull();
    expect(await matchRecoveryCode('not a code', hashes, salt)).toBeNull();
    expect(await matchRecoveryCode(codes[0]!, hashes, newRecoveryCodeSalt())).toBeNull();
    expect(await matchRecoveryCode(codes[0]!, [], salt)).toBeNull();
    expect(await matchRecoveryCode(codes[0]!, ['md5$abc', 'garbage'], salt)).toBeNull();
  });

  it('a used code no longer matches once its hash is removed, and the others still do', async () => {
    const salt = newRecoveryCodeSalt();
    const codes = generateRecoveryCodes(3);
    const hashes = await hashRecoveryCodes(codes, salt);
    const used = (await matchRecoveryCode(codes[1]!, hashes, salt))!;
    const remaining = hashes.filter((_, i) => i !== used);
    expect(await matchRecoveryCode(codes[1]!, remaining, salt)).toBeNull();
    expect(await matchRecoveryCode(codes[2]!, remaining, salt)).toBe(1);
  });
});
