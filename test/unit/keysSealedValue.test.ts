import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SealedValueRejectedError, UnknownKeyVersionError } from '../../electron/services/keys/keyErrors.js';
import { masterKey, newMasterKey } from '../../electron/services/keys/masterKey.js';
import { derivePurposeKey, purposeKey, type SealPurpose } from '../../electron/services/keys/purposes.js';
import { isSealedValue, openValue, sealedValueVersion, sealValue } from '../../electron/services/keys/sealedValue.js';

const PAN = '4111111111111111';
const CONTEXT = 'card_transactions.pan:ORD-123';
const v1 = newMasterKey(1);
const v2 = newMasterKey(2);
const held = new Map([
  [1, v1],
  [2, v2],
]);
const keyFor = (purpose: SealPurpose) => (version: number) => {
  const master = held.get(version);
  return master ? purposeKey(master, purpose) : undefined;
};
const seal = (plain = PAN, context = CONTEXT, master = v1, purpose: SealPurpose = 'card-numbers') =>
  sealValue(purposeKey(master, purpose), plain, context);
const open = (sealed: string, context = CONTEXT, purpose: SealPurpose = 'card-numbers') =>
  openValue(purpose, sealed, context, keyFor(purpose)).toString('utf8');

/** Flips one bit of the decoded body at `offset` (0-11 iv, 12-27 tag, 28.. ciphertext). */
function flip(sealed: string, offset: number): string {
  const [format, version, body] = sealed.split('.');
  const raw = Buffer.from(body!, 'base64url');
  raw[offset] = raw[offset]! ^ 0x01;
  return `${format}.${version}.${raw.toString('base64url')}`;
}

function rejection(fn: () => unknown): SealedValueRejectedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SealedValueRejectedError);
    return error as SealedValueRejectedError;
  }
  throw new Error('expected the value to be refused');
}

describe('sealed values', () => {
  it('round-trip text and bytes, and are written cv1.<version>.<base64url>', () => {
    const sealed = seal();
    expect(sealed).toMatch(/^cv1\.1\.[A-Za-z0-9_-]+$/);
    expect(isSealedValue(sealed)).toBe(true);
    expect(open(sealed)).toBe(PAN);
    const bytes = Buffer.from([0, 255, 1, 254]);
    expect(
      openValue('mfa-secrets', sealValue(purposeKey(v2, 'mfa-secrets'), bytes, 'users.totp:7'), 'users.totp:7', keyFor('mfa-secrets')),
    ).toEqual(bytes);
    expect(open(seal(''))).toBe('');
  });

  it('use a fresh IV each time, so equal values do not look equal at rest', () => {
    expect(seal()).not.toBe(seal());
  });

  it('hide the plaintext', () => {
    const sealed = seal();
    expect(sealed).not.toContain(PAN);
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString('latin1')).not.toContain(PAN);
  });

  it('are AES-256-GCM of iv|tag|ciphertext under the purpose key, AAD = JSON [format, purpose, version, context]', () => {
    // Pins the stored format independently of sealedValue.ts, for whoever migrates or audits it.
    const sealed = seal(PAN, CONTEXT, v2);
    const raw = Buffer.from(sealed.split('.')[2]!, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', derivePurposeKey(v2.bytes, 'card-numbers'), raw.subarray(0, 12), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(JSON.stringify(['cv1', 'card-numbers', 2, CONTEXT])));
    decipher.setAuthTag(raw.subarray(12, 28));
    expect(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString()).toBe(PAN);
    expect(raw).toHaveLength(12 + 16 + PAN.length);
  });

  it('refuse an altered iv, tag or ciphertext', () => {
    const sealed = seal();
    for (const offset of [0, 11, 12, 27, 28, 28 + PAN.length - 1]) {
      expect(rejection(() => open(flip(sealed, offset))).reason, `offset ${offset}`).toBe('integrity');
    }
  });

  it('refuse a truncated tag or a body cut short', () => {
    const [format, version, body] = seal().split('.');
    const raw = Buffer.from(body!, 'base64url');
    const withoutCiphertext = `${format}.${version}.${raw.subarray(0, 28).toString('base64url')}`;
    expect(rejection(() => open(withoutCiphertext)).reason).toBe('integrity');
    expect(rejection(() => open(`${format}.${version}.${raw.subarray(0, 20).toString('base64url')}`)).reason).toBe('malformed');
  });

  it('refuse another context (another row or column)', () => {
    const sealed = seal();
    for (const context of ['card_transactions.pan:ORD-124', 'card_transactions.pan:ORD-12', 'other.pan:ORD-123']) {
      expect(rejection(() => open(sealed, context)).reason, context).toBe('integrity');
    }
  });

  it('refuse another purpose, even if the bytes were moved to a column of that purpose', () => {
    const sealed = seal();
    expect(rejection(() => open(sealed, CONTEXT, 'sensitive-fields')).reason).toBe('integrity');
    expect(rejection(() => open(sealed, CONTEXT, 'mfa-secrets')).reason).toBe('integrity');
  });

  it('refuse a value whose version label was changed to another held version', () => {
    const relabelled = seal().replace(/^cv1\.1\./, 'cv1.2.');
    expect(rejection(() => open(relabelled)).reason).toBe('integrity');
  });

  it('refuse an unknown key version with a typed UNAVAILABLE error naming only the version', () => {
    const sealed = seal(PAN, CONTEXT, masterKey(9, Buffer.alloc(32, 7)));
    expect(sealedValueVersion(sealed)).toBe(9);
    let caught: unknown;
    try {
      open(sealed);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownKeyVersionError);
    expect((caught as UnknownKeyVersionError).version).toBe(9);
    expect((caught as UnknownKeyVersionError).code).toBe('UNAVAILABLE');
    expect((caught as Error).message).toMatch(/version 9/);
  });

  it('refuse malformed text and read no version from it', () => {
    for (const bad of ['', PAN, 'cv1.1.', 'cv2.1.AAAA', 'cv1.0.AAAA', 'cv1.01.AAAA', 'cv1.x.AAAA', 'cv1.1.AA+A', 'cv1.1.AAAA.BBBB']) {
      expect(isSealedValue(bad), bad).toBe(false);
      expect(rejection(() => sealedValueVersion(bad)).reason, bad).toBe('malformed');
      expect(rejection(() => open(bad)).reason, bad).toBe('malformed');
    }
  });

  it('say nothing secret in their error messages', () => {
    const sealed = seal();
    const messages: string[] = [];
    for (const attempt of [
      () => open(flip(sealed, 30)),
      () => open(sealed, 'x:1'),
      () => open('cv1.1.AA'),
      () => open(seal(PAN, CONTEXT, masterKey(5, Buffer.alloc(32)))),
    ]) {
      try {
        attempt();
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toHaveLength(4);
    const secrets = [
      PAN,
      CONTEXT,
      'ORD-123',
      v1.bytes.toString('hex'),
      v1.bytes.toString('base64'),
      derivePurposeKey(v1.bytes, 'card-numbers').toString('hex'),
    ];
    for (const message of messages) for (const secret of secrets) expect(message).not.toContain(secret);
  });

  it('need a context, and refuse keys that are not for sealing', () => {
    expect(() => seal(PAN, '')).toThrow(/context/);
    expect(() => sealValue(purposeKey(v1, 'lookup-hashes') as never, PAN, CONTEXT)).toThrow(/do not seal/);
  });
});

describe('purpose keys kept as crypto key objects', () => {
  it('each purpose key of each version seals and opens under its own key object, never another’s', () => {
    const ring = new Map<string, ReturnType<typeof purposeKey<SealPurpose>>>();
    for (const [version, master] of held)
      for (const purpose of ['card-numbers', 'sensitive-fields'] as const) ring.set(`${version}/${purpose}`, purposeKey(master, purpose));
    const sealed = [...ring].map(([id, key]) => [id, sealValue(key, `value ${id}`, CONTEXT)] as const);
    // Opened with the same key objects again (kept), and with fresh ones (made from the bytes): the same plaintext.
    for (const [id, value] of sealed) {
      const [version, purpose] = id.split('/') as [string, SealPurpose];
      const kept = (v: number) => ring.get(`${v}/${purpose}`);
      expect(openValue(purpose, value, CONTEXT, kept).toString('utf8')).toBe(`value ${id}`);
      expect(openValue(purpose, value, CONTEXT, keyFor(purpose)).toString('utf8')).toBe(`value ${id}`);
      const other = purpose === 'card-numbers' ? 'sensitive-fields' : 'card-numbers';
      expect(() => openValue(other, value, CONTEXT, (v) => ring.get(`${v}/${other}`))).toThrow(SealedValueRejectedError);
      expect(Number(version)).toBe(sealedValueVersion(value));
    }
  });
});
