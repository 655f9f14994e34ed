import { createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../electron/services/errors.js';
import {
  comparisonFingerprint,
  enrolmentFingerprint,
  requestReference,
  generateWorkstationKeyPair,
  unwrapMasterKey,
  workstationPublicKey,
  wrapMasterKey,
  wrappedKeyVersion,
} from '../../electron/services/keys/enrolment.js';
import { WrappedKeyRejectedError } from '../../electron/services/keys/keyErrors.js';
import { newMasterKey } from '../../electron/services/keys/masterKey.js';

const REQUEST = 'enrol-2026-0042';

function refusal(fn: () => unknown): WrappedKeyRejectedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WrappedKeyRejectedError);
    return error as WrappedKeyRejectedError;
  }
  throw new Error('expected the wrapped key to be refused');
}

/** Flips one bit of the decoded body at `offset` (0-31 ephemeral key, 32-43 iv, 44-59 tag, 60-91 ciphertext). */
function flip(wrapped: string, offset: number): string {
  const [format, version, body] = wrapped.split('.');
  const raw = Buffer.from(body!, 'base64url');
  raw[offset] = raw[offset]! ^ 0x01;
  return `${format}.${version}.${raw.toString('base64url')}`;
}

describe('workstation key pairs', () => {
  it('are raw 32-byte X25519 keys, fresh each time', () => {
    const a = generateWorkstationKeyPair();
    const b = generateWorkstationKeyPair();
    expect(a.privateKey).toHaveLength(32);
    expect(a.publicKey).toHaveLength(32);
    expect(a.privateKey.equals(b.privateKey)).toBe(false);
    expect(workstationPublicKey(a.privateKey).equals(a.publicKey)).toBe(true);
  });

  it('import raw private keys correctly (RFC 7748 section 6.1)', () => {
    const alice = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex');
    expect(workstationPublicKey(alice).toString('hex')).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
  });
});

describe('enrolment fingerprint', () => {
  it('is the first 8 hex of SHA-256(public key), upper case, grouped 4-4', () => {
    const { publicKey } = generateWorkstationKeyPair();
    const fingerprint = enrolmentFingerprint(publicKey);
    expect(fingerprint).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    const digest = createHash('sha256').update(publicKey).digest('hex').toUpperCase();
    expect(fingerprint.replace('-', '')).toBe(digest.slice(0, 8));
    expect(enrolmentFingerprint(Buffer.from(publicKey))).toBe(fingerprint);
    expect(enrolmentFingerprint(generateWorkstationKeyPair().publicKey)).not.toBe(fingerprint);
  });

  it('refuses something that is not a 32-byte public key', () => {
    expect(() => enrolmentFingerprint(Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => comparisonFingerprint(Buffer.alloc(33))).toThrow(/32 bytes/);
  });

  it('compares 64 bits (four groups) and names the request by its first two groups, which are the short fingerprint', () => {
    const { publicKey } = generateWorkstationKeyPair();
    const long = comparisonFingerprint(publicKey);
    expect(long).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    const digest = createHash('sha256').update(publicKey).digest('hex').toUpperCase();
    expect(long.replaceAll('-', '')).toBe(digest.slice(0, 16));
    expect(requestReference(long)).toBe(enrolmentFingerprint(publicKey));
  });
});

describe('wrapping the master key for a new workstation', () => {
  it('round-trips version and bytes to the workstation that made the request', () => {
    const master = newMasterKey(3);
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(master, station.publicKey, REQUEST);
    expect(wrapped).toMatch(/^ck1\.3\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(wrapped.split('.')[2]!, 'base64url')).toHaveLength(32 + 12 + 16 + 32);
    expect(wrappedKeyVersion(wrapped)).toBe(3);
    const unwrapped = unwrapMasterKey(wrapped, station.privateKey, REQUEST);
    expect(unwrapped.version).toBe(3);
    expect(unwrapped.bytes.equals(master.bytes)).toBe(true);
    expect(JSON.stringify(unwrapped)).toBe('{"version":3}');
  });

  it('follows the documented construction: X25519, HKDF(salt = ephemeral | recipient, info clearance/v1/enrolment-wrap), AES-256-GCM', () => {
    // Unwraps by hand, independently of enrolment.ts, to pin the format for other implementations.
    const master = newMasterKey(5);
    const station = generateWorkstationKeyPair();
    const raw = Buffer.from(wrapMasterKey(master, station.publicKey, REQUEST).split('.')[2]!, 'base64url');
    const ephemeral = raw.subarray(0, 32);
    const shared = diffieHellman({
      privateKey: createPrivateKey({
        key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), station.privateKey]),
        format: 'der',
        type: 'pkcs8',
      }),
      publicKey: createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), ephemeral]),
        format: 'der',
        type: 'spki',
      }),
    });
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, station.publicKey]), 'clearance/v1/enrolment-wrap', 32));
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(32, 44), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(JSON.stringify(['ck1', REQUEST, 5])));
    decipher.setAuthTag(raw.subarray(44, 60));
    expect(Buffer.concat([decipher.update(raw.subarray(60)), decipher.final()]).equals(master.bytes)).toBe(true);
  });

  it('never contains the master key in clear and uses a fresh ephemeral key each time', () => {
    const master = newMasterKey(1);
    const station = generateWorkstationKeyPair();
    const a = wrapMasterKey(master, station.publicKey, REQUEST);
    const b = wrapMasterKey(master, station.publicKey, REQUEST);
    expect(a.slice(0, 50)).not.toBe(b.slice(0, 50));
    for (const wrapped of [a, b]) {
      expect(Buffer.from(wrapped.split('.')[2]!, 'base64url').includes(master.bytes)).toBe(false);
      expect(wrapped).not.toContain(master.bytes.toString('base64url'));
    }
  });

  it('refuses any altered byte: ephemeral key, iv, tag or ciphertext', () => {
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    for (const offset of [0, 31, 32, 43, 44, 59, 60, 91]) {
      expect(refusal(() => unwrapMasterKey(flip(wrapped, offset), station.privateKey, REQUEST)).reason, `offset ${offset}`).toBe(
        'integrity',
      );
    }
  });

  it('refuses a changed version label (the version is bound as associated data)', () => {
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    expect(refusal(() => unwrapMasterKey(wrapped.replace(/^ck1\.1\./, 'ck1.2.'), station.privateKey, REQUEST)).reason).toBe('integrity');
  });

  it("refuses another workstation's private key", () => {
    const station = generateWorkstationKeyPair();
    const intruder = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    expect(refusal(() => unwrapMasterKey(wrapped, intruder.privateKey, REQUEST)).reason).toBe('integrity');
  });

  it('refuses another request id', () => {
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    expect(refusal(() => unwrapMasterKey(wrapped, station.privateKey, 'enrol-2026-0043')).reason).toBe('integrity');
  });

  it('refuses malformed text', () => {
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    const short = wrapped.slice(0, -4);
    for (const bad of ['', 'ck1.1.', 'cv1.1.AAAA', 'ck1.0.AAAA', short, `${wrapped}AAAA`]) {
      expect(refusal(() => unwrapMasterKey(bad, station.privateKey, REQUEST)).reason, bad).toBe('malformed');
    }
    expect(refusal(() => wrappedKeyVersion('ck1.x.AAAA')).reason).toBe('malformed');
  });

  it('refuses a low-order (all-zero) public key on either side', () => {
    const station = generateWorkstationKeyPair();
    let caught: unknown;
    try {
      wrapMasterKey(newMasterKey(1), Buffer.alloc(32), REQUEST);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('INVALID_INPUT');
    const wrapped = wrapMasterKey(newMasterKey(1), station.publicKey, REQUEST);
    const raw = Buffer.from(wrapped.split('.')[2]!, 'base64url');
    raw.fill(0, 0, 32);
    expect(refusal(() => unwrapMasterKey(`ck1.1.${raw.toString('base64url')}`, station.privateKey, REQUEST)).reason).toBe('integrity');
  });

  it('says nothing secret when it refuses', () => {
    const master = newMasterKey(1);
    const station = generateWorkstationKeyPair();
    const wrapped = wrapMasterKey(master, station.publicKey, REQUEST);
    const message = refusal(() => unwrapMasterKey(wrapped, generateWorkstationKeyPair().privateKey, REQUEST)).message;
    for (const secret of [
      master.bytes.toString('hex'),
      master.bytes.toString('base64'),
      station.privateKey.toString('hex'),
      station.privateKey.toString('base64'),
    ]) {
      expect(message).not.toContain(secret);
    }
  });
});
