import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/services/errors.js';
import { verifyCheckpointSignature } from '../../electron/services/keys/checkpointKeys.js';
import { generateWorkstationKeyPair, unwrapMasterKey } from '../../electron/services/keys/enrolment.js';
import { SealedValueRejectedError, UnknownKeyVersionError } from '../../electron/services/keys/keyErrors.js';
import { KeyRing } from '../../electron/services/keys/keyRing.js';
import { newMasterKey, type MasterKey } from '../../electron/services/keys/masterKey.js';
import { derivePurposeKey, KEY_PURPOSES } from '../../electron/services/keys/purposes.js';
import { aesKeySealer, unavailableSealer } from '../../electron/services/keys/sealer.js';

const PAN = '5500005555555559';
const CONTEXT = 'card_transactions.pan:ORD-77';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Every spelling of every key a ring over these masters could leak. */
function secretSpellings(masters: MasterKey[]): string[] {
  const keys = masters.flatMap((m) => [m.bytes, ...KEY_PURPOSES.map((p) => derivePurposeKey(m.bytes, p))]);
  return keys.flatMap((k) => [k.toString('hex'), k.toString('base64'), k.toString('base64url'), [...k.subarray(0, 8)].join(', ')]);
}

describe('KeyRing', () => {
  const v1 = newMasterKey(1);
  const v2 = newMasterKey(2);

  it('reports what it holds', () => {
    const ring = KeyRing.of(
      new Map([
        [2, v2.bytes],
        [1, v1.bytes],
      ]),
      2,
    );
    expect(ring.available).toBe(true);
    expect(ring.currentVersion).toBe(2);
    expect(ring.heldVersions()).toEqual([1, 2]);
    expect(ring.holds(1)).toBe(true);
    expect(ring.holds(3)).toBe(false);
  });

  it('refuses a current version it does not hold, duplicate versions and short keys', () => {
    expect(() => KeyRing.of([v1], 2)).toThrow(/current master key version 2/);
    expect(() => KeyRing.of([v1, v1], 1)).toThrow(/twice/);
    expect(() => KeyRing.of(new Map([[1, Buffer.alloc(16)]]), 1)).toThrow(/32 bytes/);
  });

  it('seals under the current version and opens it again', () => {
    const ring = KeyRing.of([v1, v2], 2);
    const sealed = ring.seal('card-numbers', PAN, CONTEXT);
    expect(sealed).toMatch(/^cv1\.2\./);
    expect(ring.openText('card-numbers', sealed, CONTEXT)).toBe(PAN);
    expect(ring.open('card-numbers', sealed, CONTEXT).toString()).toBe(PAN);
    expect(ring.isCurrent(sealed)).toBe(true);
  });

  it('refuses another purpose or context', () => {
    const ring = KeyRing.of([v1], 1);
    const sealed = ring.seal('sensitive-fields', '123-45-6789', 'people.ssn:42');
    expect(caught(() => ring.open('card-numbers', sealed, 'people.ssn:42'))).toBeInstanceOf(SealedValueRejectedError);
    expect(caught(() => ring.open('sensitive-fields', sealed, 'people.ssn:43'))).toBeInstanceOf(SealedValueRejectedError);
  });

  it('copies the keys it is given, so zeroing the caller buffers changes nothing', () => {
    const bytes = Buffer.from(v1.bytes);
    const ring = KeyRing.of(new Map([[1, bytes]]), 1);
    bytes.fill(0);
    const sealed = ring.seal('card-numbers', PAN, CONTEXT);
    expect(KeyRing.of([v1], 1).openText('card-numbers', sealed, CONTEXT)).toBe(PAN);
  });

  describe('rotation', () => {
    it('reseals an old value under the current version; the old one opens only while its version is held', () => {
      const before = KeyRing.of([v1], 1);
      const old = before.seal('card-numbers', PAN, CONTEXT);

      const during = before.withMasterKey(v2);
      expect(during.currentVersion).toBe(2);
      expect(during.heldVersions()).toEqual([1, 2]);
      expect(during.isCurrent(old)).toBe(false);
      const resealed = during.reseal('card-numbers', old, CONTEXT);
      expect(resealed).toMatch(/^cv1\.2\./);
      expect(during.openText('card-numbers', resealed, CONTEXT)).toBe(PAN);
      expect(during.openText('card-numbers', old, CONTEXT)).toBe(PAN);
      expect(during.reseal('card-numbers', resealed, CONTEXT)).toBe(resealed);

      const after = during.withoutVersion(1);
      expect(after.heldVersions()).toEqual([2]);
      expect(after.openText('card-numbers', resealed, CONTEXT)).toBe(PAN);
      const error = caught(() => after.open('card-numbers', old, CONTEXT));
      expect(error).toBeInstanceOf(UnknownKeyVersionError);
      expect((error as UnknownKeyVersionError).version).toBe(1);
      expect((error as AppError).code).toBe('UNAVAILABLE');
      // The older ring objects are unchanged.
      expect(before.openText('card-numbers', old, CONTEXT)).toBe(PAN);
      expect(() => before.open('card-numbers', resealed, CONTEXT)).toThrow(UnknownKeyVersionError);
    });

    it('keeps the context and purpose binding through a reseal, and refuses a tampered value rather than resealing it', () => {
      const ring = KeyRing.of([v1, v2], 2);
      const old = KeyRing.of([v1], 1).seal('mfa-secrets', 'JBSWY3DPEHPK3PXP', 'users.totp:5');
      expect(caught(() => ring.reseal('mfa-secrets', old, 'users.totp:6'))).toBeInstanceOf(SealedValueRejectedError);
      const resealed = ring.reseal('mfa-secrets', old, 'users.totp:5');
      expect(caught(() => ring.open('mfa-secrets', resealed, 'users.totp:6'))).toBeInstanceOf(SealedValueRejectedError);
      const current = ring.seal('mfa-secrets', 'x', 'users.totp:5');
      const raw = Buffer.from(current.split('.')[2]!, 'base64url');
      raw[28] = raw[28]! ^ 1;
      const tampered = `cv1.2.${raw.toString('base64url')}`;
      expect(caught(() => ring.reseal('mfa-secrets', tampered, 'users.totp:5'))).toBeInstanceOf(SealedValueRejectedError);
    });

    it('can make a new version without making it current yet, and cannot drop the current one', () => {
      const ring = KeyRing.of([v1], 1).withMasterKey(v2, false);
      expect(ring.currentVersion).toBe(1);
      expect(ring.heldVersions()).toEqual([1, 2]);
      expect(() => ring.withMasterKey(v2)).toThrow(/already held/);
      expect(() => ring.withoutVersion(1)).toThrow(/current/);
    });
  });

  describe('lookup hashes', () => {
    it('hash under the current version, and under every held version for searching during a rotation', () => {
      const ring = KeyRing.of([v1, v2], 2);
      const current = ring.lookupHash('ssn', '123-45-6789');
      expect(current).toMatch(/^2:[0-9a-f]{64}$/);
      const all = ring.lookupHashes('ssn', '123 45 6789');
      expect(all).toHaveLength(2);
      expect(all[0]).toMatch(/^1:/);
      expect(all[1]).toBe(current);
      expect(all[0]).toBe(KeyRing.of([v1], 1).lookupHash('ssn', '123456789'));
      expect(ring.lookupHash('card-number', '123456789012')).not.toBe(ring.lookupHash('phone', '123456789012'));
    });
  });

  describe('checkpoint keys', () => {
    it('sign with the key pair of the current version by default, or of a held version', () => {
      const ring = KeyRing.of([v1, v2], 2);
      const message = Buffer.from('checkpoint 1000');
      const current = ring.checkpointKeyPair();
      expect(verifyCheckpointSignature(current.publicKeyRaw, message, current.sign(message))).toBe(true);
      expect(current.publicKeyBase64).toBe(KeyRing.of([v2], 2).checkpointKeyPair().publicKeyBase64);
      expect(ring.checkpointKeyPair(1).publicKeyBase64).toBe(KeyRing.of([v1], 1).checkpointKeyPair().publicKeyBase64);
      expect(ring.checkpointKeyPair(1).publicKeyBase64).not.toBe(current.publicKeyBase64);
      expect(caught(() => ring.checkpointKeyPair(7))).toBeInstanceOf(UnknownKeyVersionError);
    });
  });

  describe('custody', () => {
    it('wraps a held version for an enrolling workstation, which builds the same ring from it', () => {
      const approver = KeyRing.of([v1, v2], 2);
      const station = generateWorkstationKeyPair();
      const wrapped = approver.heldVersions().map((v) => approver.wrapForEnrolment(station.publicKey, 'req-9', v));
      const received = KeyRing.of(
        wrapped.map((w) => unwrapMasterKey(w, station.privateKey, 'req-9')),
        2,
      );
      const sealed = approver.seal('card-numbers', PAN, CONTEXT);
      expect(received.openText('card-numbers', sealed, CONTEXT)).toBe(PAN);
      expect(approver.wrapForEnrolment(station.publicKey, 'req-9')).toMatch(/^ck1\.2\./);
      expect(caught(() => approver.wrapForEnrolment(station.publicKey, 'req-9', 3))).toBeInstanceOf(UnknownKeyVersionError);
    });

    it('seals its versions for storage and comes back from them; an unavailable sealer gives an unavailable ring', () => {
      const sealer = aesKeySealer(Buffer.alloc(32, 3));
      const ring = KeyRing.of([v1, v2], 2);
      const stored = ring.sealFor(sealer);
      expect(stored.map((s) => s.version)).toEqual([1, 2]);
      for (const s of stored) expect(s.sealed.includes(s.version === 1 ? v1.bytes : v2.bytes)).toBe(false);
      const restored = KeyRing.fromSealed(sealer, stored, 2);
      expect(restored.openText('card-numbers', ring.seal('card-numbers', PAN, CONTEXT), CONTEXT)).toBe(PAN);

      const locked = KeyRing.fromSealed(unavailableSealer('the OS keychain is not available'), stored, 2);
      expect(locked.available).toBe(false);
      expect(caught(() => locked.seal('card-numbers', PAN, CONTEXT)).message).toContain('the OS keychain is not available');
    });
  });

  describe('unavailable', () => {
    const ring = KeyRing.unavailable('this workstation is not enrolled');
    it('is not available, holds nothing, and refuses every operation with the reason in words', () => {
      expect(ring.available).toBe(false);
      expect(ring.unavailableReason).toBe('this workstation is not enrolled');
      expect(ring.heldVersions()).toEqual([]);
      expect(ring.holds(1)).toBe(false);
      const station = generateWorkstationKeyPair();
      const attempts: [string, () => unknown][] = [
        ['currentVersion', () => ring.currentVersion],
        ['seal', () => ring.seal('card-numbers', PAN, CONTEXT)],
        ['open', () => ring.open('card-numbers', 'cv1.1.AAAA', CONTEXT)],
        ['reseal', () => ring.reseal('card-numbers', 'cv1.1.AAAA', CONTEXT)],
        ['isCurrent', () => ring.isCurrent('cv1.1.AAAA')],
        ['lookupHash', () => ring.lookupHash('ssn', '123456789')],
        ['lookupHashes', () => ring.lookupHashes('ssn', '123456789')],
        ['checkpointKeyPair', () => ring.checkpointKeyPair()],
        ['wrapForEnrolment', () => ring.wrapForEnrolment(station.publicKey, 'req-1')],
        ['sealFor', () => ring.sealFor(aesKeySealer(Buffer.alloc(32)))],
        ['withMasterKey', () => ring.withMasterKey(v1)],
      ];
      for (const [name, attempt] of attempts) {
        const error = caught(attempt);
        expect(error, name).toBeInstanceOf(AppError);
        expect((error as AppError).code, name).toBe('UNAVAILABLE');
        expect(error.message, name).toContain('this workstation is not enrolled');
      }
    });
  });

  describe('never exposes key bytes', () => {
    const masters = [v1, v2];
    const ring = KeyRing.of(masters, 2);
    // Use every derived key once, so any cache is populated before we look.
    ring.seal('card-numbers', PAN, CONTEXT);
    ring.seal('mfa-secrets', PAN, CONTEXT);
    ring.seal('sensitive-fields', PAN, CONTEXT);
    ring.lookupHashes('ssn', '123456789');
    ring.checkpointKeyPair(1);
    ring.checkpointKeyPair(2);
    const secrets = secretSpellings(masters);

    it('through JSON.stringify, String(), template strings and util.inspect (even showHidden)', () => {
      const shown = [
        JSON.stringify(ring),
        JSON.stringify({ ring }),
        String(ring),
        `${ring}`,
        inspect(ring),
        inspect(ring, { showHidden: true, depth: Infinity, getters: true }),
        inspect({ nested: [ring] }, { depth: Infinity }),
      ];
      for (const text of shown) for (const secret of secrets) expect(text).not.toContain(secret);
      expect(JSON.parse(JSON.stringify(ring))).toEqual({ available: true, currentVersion: 2, heldVersions: [1, 2] });
      expect(String(ring)).toBe('KeyRing(current v2, holds v1, v2)');
    });

    it('through own properties or property enumeration', () => {
      expect(Object.keys(ring)).toEqual([]);
      expect(Object.getOwnPropertyNames(ring)).toEqual([]);
      expect(Object.getOwnPropertySymbols(ring)).toEqual([]);
      expect(Object.entries({ ...ring })).toEqual([]);
    });

    it('through its error messages', () => {
      const sealed = ring.seal('card-numbers', PAN, CONTEXT);
      const errors = [
        caught(() => ring.open('card-numbers', sealed, 'card_transactions.pan:ORD-78')),
        caught(() => ring.open('sensitive-fields', sealed, CONTEXT)),
        caught(() => ring.open('card-numbers', sealed.replace('cv1.2.', 'cv1.9.'), CONTEXT)),
        caught(() => ring.open('card-numbers', 'cv1.2.!!', CONTEXT)),
        caught(() => ring.lookupHash('ssn', '12-345')),
        caught(() => ring.checkpointKeyPair(5)),
        caught(() => KeyRing.of([v1], 3)),
      ];
      for (const error of errors) {
        const text = `${error.message} ${inspect(error)} ${JSON.stringify(error)}`;
        for (const secret of [...secrets, PAN]) expect(text, error.message).not.toContain(secret);
      }
    });
  });
});
