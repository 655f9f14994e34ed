import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hkdfSha256 } from '../../electron/services/keys/hkdf.js';
import { isKeyVersion, masterKey, newMasterKey, parseKeyVersion } from '../../electron/services/keys/masterKey.js';
import { derivePurposeKey, KEY_PURPOSES, PURPOSE_INFO, purposeKey } from '../../electron/services/keys/purposes.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('HKDF-SHA-256 helper', () => {
  it('matches RFC 5869 test case 1', () => {
    const okm = hkdfSha256(hex('0b'.repeat(22)), hex('000102030405060708090a0b0c'), hex('f0f1f2f3f4f5f6f7f8f9'), 42);
    expect(okm.toString('hex')).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });

  it('matches RFC 5869 test case 3 (empty salt and info)', () => {
    const okm = hkdfSha256(hex('0b'.repeat(22)), Buffer.alloc(0), Buffer.alloc(0), 42);
    expect(okm.toString('hex')).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
  });
});

describe('purpose keys', () => {
  const master = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');

  it('has exactly the five purposes, each with a fixed, distinct clearance/v1 label', () => {
    expect([...KEY_PURPOSES].sort()).toEqual(['audit-checkpoints', 'card-numbers', 'lookup-hashes', 'mfa-secrets', 'sensitive-fields']);
    for (const purpose of KEY_PURPOSES) expect(PURPOSE_INFO[purpose]).toBe(`clearance/v1/${purpose}`);
  });

  it('is HKDF-SHA-256(master, no salt, label), checked against a from-scratch RFC 5869 computation', () => {
    for (const purpose of KEY_PURPOSES) {
      // Extract with an all-zero salt of hash length (RFC 5869 2.2), then one expand block.
      const prk = createHmac('sha256', Buffer.alloc(32)).update(master).digest();
      const okm = createHmac('sha256', prk)
        .update(Buffer.concat([Buffer.from(PURPOSE_INFO[purpose]), Buffer.from([1])]))
        .digest();
      expect(derivePurposeKey(master, purpose).equals(okm), purpose).toBe(true);
    }
  });

  it('is deterministic, 32 bytes, different for every purpose and for every master key', () => {
    const keys = KEY_PURPOSES.map((p) => derivePurposeKey(master, p).toString('hex'));
    expect(new Set(keys).size).toBe(KEY_PURPOSES.length);
    for (const [i, p] of KEY_PURPOSES.entries()) {
      expect(derivePurposeKey(Buffer.from(master), p).toString('hex')).toBe(keys[i]);
      expect(derivePurposeKey(master, p)).toHaveLength(32);
    }
    const other = Buffer.from(master);
    other[0] = other[0]! ^ 1;
    expect(derivePurposeKey(other, 'card-numbers').toString('hex')).not.toBe(keys[0]);
  });

  it('refuses a master key that is not 32 bytes and an unknown purpose', () => {
    expect(() => derivePurposeKey(Buffer.alloc(31), 'card-numbers')).toThrow(/32 bytes/);
    expect(() => derivePurposeKey(master, 'passwords' as never)).toThrow(/Unknown key purpose/);
  });

  it('purposeKey records purpose and version and keeps its bytes out of JSON', () => {
    const key = purposeKey(masterKey(4, master), 'mfa-secrets');
    expect(key.purpose).toBe('mfa-secrets');
    expect(key.version).toBe(4);
    expect(key.bytes.equals(derivePurposeKey(master, 'mfa-secrets'))).toBe(true);
    expect(JSON.stringify(key)).toBe('{"purpose":"mfa-secrets","version":4}');
  });
});

describe('master keys', () => {
  it('are 32 random bytes with a version, and show no bytes in JSON', () => {
    const a = newMasterKey(1);
    const b = newMasterKey(1);
    expect(a.bytes).toHaveLength(32);
    expect(a.bytes.equals(b.bytes)).toBe(false);
    expect(JSON.stringify(a)).toBe('{"version":1}');
    expect({ ...a }).toEqual({ version: 1 });
  });

  it('have whole-number versions from 1, written without leading zeros', () => {
    expect(() => newMasterKey(0)).toThrow(/version/);
    expect(() => newMasterKey(1.5)).toThrow(/version/);
    expect(isKeyVersion(7)).toBe(true);
    expect(parseKeyVersion('12')).toBe(12);
    for (const bad of ['0', '01', '-1', '1.0', '', ' 1', '1e3']) expect(parseKeyVersion(bad), bad).toBeNull();
  });
});
