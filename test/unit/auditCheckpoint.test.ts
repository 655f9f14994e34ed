import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  parseWitnessLine,
  signCheckpoint,
  witnessLine,
  type CheckpointBody,
  type SignedCheckpoint,
} from '../../electron/services/audit/checkpoint.js';
import { checkpointKeyPair } from '../../electron/services/keys/checkpointKeys.js';

const pair = checkpointKeyPair(Buffer.alloc(32, 3));
const signer = { keyVersion: 2, publicKeyBase64: pair.publicKeyBase64, sign: (m: Uint8Array) => pair.sign(m) };
const trusted = (version: number) => (version === 2 ? pair.publicKeyBase64 : null);
const body: Omit<CheckpointBody, 'keyVersion'> = {
  database: '/var/lib/clearance/clearance.db',
  seq: 1042,
  headHash: 'ab'.repeat(32),
  at: '2026-11-24T09:00:00.000Z',
  workstation: 'PRIV-WS-04',
  kind: 'interval',
  witness: '\\\\records-fs\\audit-witness',
};

describe('a signed audit checkpoint', () => {
  it('verifies with the key this workstation trusts for its version', () => {
    const cp = signCheckpoint(body, signer);
    expect(cp.keyVersion).toBe(2);
    expect(checkSignature(cp, trusted)).toBe('valid');
  });

  it('does not verify once any field is changed, or with the public key written beside it replaced', () => {
    const cp = signCheckpoint(body, signer);
    const changes: Partial<SignedCheckpoint>[] = [
      { database: '/tmp/other.db' },
      { seq: 1041 },
      { headHash: 'cd'.repeat(32) },
      { at: '2026-11-24T09:00:01.000Z' },
      { workstation: 'PRIV-WS-05' },
      { kind: 'stop' },
      { witness: null },
    ];
    for (const change of changes) expect(checkSignature({ ...cp, ...change }, trusted), JSON.stringify(change)).toBe('invalid');
    // Someone with the file signs with a key of their own and writes its public key beside it: the stored key is not trusted.
    const theirs = checkpointKeyPair(Buffer.alloc(32, 4));
    const forged = signCheckpoint(body, { ...signer, publicKeyBase64: theirs.publicKeyBase64, sign: (m) => theirs.sign(m) });
    expect(checkSignature(forged, trusted)).toBe('invalid');
  });

  it('cannot be checked with a key version this workstation does not hold', () => {
    expect(checkSignature({ ...signCheckpoint(body, signer), keyVersion: 7 }, trusted)).toBe('unknown-key');
  });

  it('is one JSON line in the witness, read back as it was written', () => {
    const cp = signCheckpoint(body, signer);
    const line = witnessLine(cp);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(parseWitnessLine(line.trimEnd())).toEqual(cp);
    expect(parseWitnessLine('not json')).toBe('not JSON');
    expect(parseWitnessLine(JSON.stringify({ ...cp, kind: 'sometime' }))).toBe('a field is missing');
    expect(parseWitnessLine(JSON.stringify({ ...cp, seq: '1042' }))).toBe('a field is missing');
  });
});
