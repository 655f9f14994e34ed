import { describe, expect, it } from 'vitest';
import { passwordProblems, isRecentlyUsed } from '../../electron/services/auth/passwordPolicy.js';
import { hashPassword, verifyPassword } from '../../electron/services/auth/passwordHash.js';

describe('password policy (PCI DSS 8.3.6, 8.3.7)', () => {
  it('accepts 12+ characters with letters and digits', () => {
    expect(passwordProblems('correct-horse-7')).toEqual([]);
    expect(passwordProblems('abcdefghij12')).toEqual([]);
  });
  it('refuses short passwords, and passwords without a letter or a digit, saying why', () => {
    expect(passwordProblems('abc12345678')).toEqual(['Use at least 12 characters.']);
    expect(passwordProblems('abcdefghijklm')).toEqual(['Include at least one digit.']);
    expect(passwordProblems('1234567890123')).toEqual(['Include at least one letter.']);
    expect(passwordProblems('')).toHaveLength(3);
  });
});

describe('password hashing', () => {
  it('stores scrypt parameters and a per-user salt beside the hash', async () => {
    const a = await hashPassword('correct-horse-7');
    const b = await hashPassword('correct-horse-7');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse-7');
  });
  it('verifies the right password only', async () => {
    const h = await hashPassword('correct-horse-7');
    expect(await verifyPassword('correct-horse-7', h)).toBe(true);
    expect(await verifyPassword('correct-horse-8', h)).toBe(false);
    expect(await verifyPassword('correct-horse-7', 'md5$abc')).toBe(false);
  });
  it('finds a password among the recent hashes', async () => {
    const hashes = [await hashPassword('first-pass-001'), await hashPassword('second-pass-02')];
    expect(await isRecentlyUsed('second-pass-02', hashes)).toBe(true);
    expect(await isRecentlyUsed('third-pass-003', hashes)).toBe(false);
  });
});
