import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkpointKeyPair, ed25519KeyPairFromSeed, verifyCheckpointSignature } from '../../electron/services/keys/checkpointKeys.js';
import { newMasterKey } from '../../electron/services/keys/masterKey.js';
import { derivePurposeKey } from '../../electron/services/keys/purposes.js';

const message = Buffer.from('{"seq":1000,"head":"9f2c…","at":"2026-11-24T09:00:00.000Z"}');

describe('audit checkpoint keys', () => {
  it('import a raw seed correctly (RFC 8032 Ed25519 test 1)', () => {
    const pair = ed25519KeyPairFromSeed(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
    expect(pair.publicKeyRaw.toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(pair.sign(Buffer.alloc(0)).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });

  it('are derived from the master key: same master, same public key; the seed is the audit-checkpoints purpose key', () => {
    const master = newMasterKey(1);
    const a = checkpointKeyPair(master.bytes);
    const b = checkpointKeyPair(Buffer.from(master.bytes));
    expect(a.publicKeyBase64).toBe(b.publicKeyBase64);
    expect(a.publicKeyRaw).toHaveLength(32);
    expect(Buffer.from(a.publicKeyBase64, 'base64').equals(a.publicKeyRaw)).toBe(true);
    expect(a.publicKeyBase64).toBe(ed25519KeyPairFromSeed(derivePurposeKey(master.bytes, 'audit-checkpoints')).publicKeyBase64);
    expect(checkpointKeyPair(newMasterKey(2).bytes).publicKeyBase64).not.toBe(a.publicKeyBase64);
  });

  it('sign so that the public key verifies, as bytes or base64', () => {
    const pair = checkpointKeyPair(newMasterKey(1).bytes);
    const signature = pair.sign(message);
    expect(signature).toHaveLength(64);
    expect(verifyCheckpointSignature(pair.publicKeyRaw, message, signature)).toBe(true);
    expect(verifyCheckpointSignature(pair.publicKeyBase64, message, signature.toString('base64'))).toBe(true);
  });

  it('do not verify an altered message, an altered signature or another key', () => {
    const pair = checkpointKeyPair(newMasterKey(1).bytes);
    const other = checkpointKeyPair(newMasterKey(1).bytes);
    const signature = pair.sign(message);
    const altered = Buffer.from(message);
    altered[5] = altered[5]! ^ 1;
    const badSignature = Buffer.from(signature);
    badSignature[10] = badSignature[10]! ^ 1;
    expect(verifyCheckpointSignature(pair.publicKeyRaw, altered, signature)).toBe(false);
    expect(verifyCheckpointSignature(pair.publicKeyRaw, Buffer.concat([message, Buffer.from(' ')]), signature)).toBe(false);
    expect(verifyCheckpointSignature(pair.publicKeyRaw, message, badSignature)).toBe(false);
    expect(verifyCheckpointSignature(other.publicKeyRaw, message, signature)).toBe(false);
  });

  it('treat a malformed public key or signature as not valid', () => {
    const pair = checkpointKeyPair(newMasterKey(1).bytes);
    const signature = pair.sign(message);
    expect(verifyCheckpointSignature(pair.publicKeyRaw.subarray(0, 31), message, signature)).toBe(false);
    expect(verifyCheckpointSignature(pair.publicKeyRaw, message, signature.subarray(0, 63))).toBe(false);
    expect(verifyCheckpointSignature('', message, '')).toBe(false);
  });

  it('show only the public key in JSON and inspect', () => {
    const master = newMasterKey(1);
    const pair = checkpointKeyPair(master.bytes);
    const seed = derivePurposeKey(master.bytes, 'audit-checkpoints');
    const shown = [JSON.stringify(pair), inspect(pair, { showHidden: true, depth: 10 }), String(Object.keys(pair))];
    for (const text of shown) {
      for (const secret of [seed.toString('hex'), seed.toString('base64'), master.bytes.toString('hex'), master.bytes.toString('base64')]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(JSON.stringify(pair)).toBe(JSON.stringify({ publicKey: pair.publicKeyBase64 }));
  });

  it('hand out a copy of the public key, so a caller cannot change the pair', () => {
    const pair = checkpointKeyPair(newMasterKey(1).bytes);
    const before = pair.publicKeyBase64;
    pair.publicKeyRaw.fill(0);
    expect(pair.publicKeyBase64).toBe(before);
  });
});
