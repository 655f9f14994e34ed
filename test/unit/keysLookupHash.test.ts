import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/services/errors.js';
import { lookupHash, lookupHashVersion, LOOKUP_DOMAINS, type normalizeLookupValue } from '../../electron/services/keys/lookupHash.js';
import { masterKey } from '../../electron/services/keys/masterKey.js';
import { derivePurposeKey, purposeKey } from '../../electron/services/keys/purposes.js';

const v1 = masterKey(1, Buffer.alloc(32, 0x11));
const v2 = masterKey(2, Buffer.alloc(32, 0x22));
const k1 = purposeKey(v1, 'lookup-hashes');
const k2 = purposeKey(v2, 'lookup-hashes');

describe('lookup hashes', () => {
  it('are <version>:<64 hex>, HMAC-SHA-256 under the lookup-hashes key over "domain NUL normalized value"', () => {
    const hash = lookupHash(k1, 'ssn', '123-45-6789');
    expect(hash).toMatch(/^1:[0-9a-f]{64}$/);
    const expected = createHmac('sha256', derivePurposeKey(v1.bytes, 'lookup-hashes')).update('ssn\u0000123456789').digest('hex');
    expect(hash).toBe(`1:${expected}`);
    expect(lookupHashVersion(hash)).toBe(1);
    expect(lookupHash(k2, 'ssn', '123-45-6789')).toMatch(/^2:/);
  });

  it('are stable, and equal for the same value however it is typed', () => {
    const same = (domain: Parameters<typeof lookupHash>[1], values: string[]) => {
      const hashes = new Set(values.map((v) => lookupHash(k1, domain, v)));
      expect(hashes.size, `${domain}: ${values.join(' | ')}`).toBe(1);
    };
    same('ssn', ['123-45-6789', '123456789', ' 123 45 6789 ']);
    same('card-number', ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111']);
    same('date-of-birth', ['1980-02-29', ' 1980-02-29 ']);
    same('email', ['Ana.Lopez@Example.GOV', ' ana.lopez@example.gov ']);
    same('phone', ['+1 (555) 010-2030', '15550102030', '1.555.010.2030']);
    same('name', ['Ana  María López', ' ana maría LÓPEZ ', 'Ana\tMaría\nLópez', 'Ana Mari\u0301a Lo\u0301pez']);
  });

  it('differ for different values', () => {
    expect(lookupHash(k1, 'ssn', '123-45-6789')).not.toBe(lookupHash(k1, 'ssn', '123-45-6780'));
    expect(lookupHash(k1, 'name', 'Ana López')).not.toBe(lookupHash(k1, 'name', 'Ana Lopez'));
  });

  it('differ between domains for the same characters', () => {
    const digits = '4111111111111111';
    expect(lookupHash(k1, 'card-number', digits)).not.toBe(lookupHash(k1, 'phone', '411111111111111'));
    expect(lookupHash(k1, 'email', 'ana')).not.toBe(lookupHash(k1, 'name', 'ana'));
    expect(lookupHash(k1, 'ssn', '123456789')).not.toBe(lookupHash(k1, 'phone', '123456789'));
  });

  it('differ between key versions (what a rotation has to re-hash)', () => {
    expect(lookupHash(k1, 'ssn', '123456789').slice(2)).not.toBe(lookupHash(k2, 'ssn', '123456789').slice(2));
  });

  it('refuse values that are not valid for the domain, without echoing them', () => {
    const bad: [Parameters<typeof normalizeLookupValue>[0], string][] = [
      ['ssn', '12345678'],
      ['ssn', '123-45-678x'],
      ['card-number', '4111 1111 111'],
      ['date-of-birth', '1981-02-29'],
      ['date-of-birth', '02/03/1980'],
      ['email', '   '],
      ['phone', '555-CALL-NOW'],
      ['name', ' \t '],
    ];
    for (const [domain, value] of bad) {
      let caught: unknown;
      try {
        lookupHash(k1, domain, value);
      } catch (error) {
        caught = error;
      }
      expect(caught, `${domain} ${value}`).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('INVALID_INPUT');
      if (value.trim()) expect((caught as AppError).message).not.toContain(value.trim());
    }
  });

  it('know a fixed set of domains and need the lookup-hashes key', () => {
    expect([...LOOKUP_DOMAINS].sort()).toEqual(['card-number', 'date-of-birth', 'email', 'name', 'phone', 'record-field', 'ssn']);
    expect(() => lookupHash(k1, 'passport' as never, 'X')).toThrow(/Unknown lookup domain/);
    expect(() => lookupHash(purposeKey(v1, 'card-numbers') as never, 'ssn', '123456789')).toThrow(/lookup-hashes/);
  });

  it('read their version, and nothing from other text', () => {
    expect(lookupHashVersion(`12:${'a'.repeat(64)}`)).toBe(12);
    for (const bad of ['', '1:abc', `0:${'a'.repeat(64)}`, `1:${'A'.repeat(64)}`, 'a'.repeat(64)])
      expect(lookupHashVersion(bad), bad).toBeNull();
  });
});
