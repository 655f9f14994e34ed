/**
 * Audit checkpoints: a signed statement "the trail of this database had entry `seq` with hash
 * `headHash` at `at`, as workstation `workstation` saw it when it started / ran / stopped". The
 * signature is Ed25519 with the deployment's checkpoint key (derived from the master key, never
 * stored), so someone with the database but not the key can neither forge nor alter one. The same
 * signed line is kept in the database and in a witness file outside it.
 */
import { verifyCheckpointSignature } from '../keys/checkpointKeys.js';
import { canonicalJson } from './canonical.js';

export const CHECKPOINT_KINDS = ['start', 'interval', 'stop'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

/** What a checkpoint states; every field is covered by the signature. */
export interface CheckpointBody {
  /** Which database the trail lives in (an absolute SQLite path, or host:port/database). */
  database: string;
  seq: number;
  headHash: string;
  at: string;
  workstation: string;
  kind: CheckpointKind;
  keyVersion: number;
  /** The folder whose witness file holds this checkpoint too; null when it could not be written there. */
  witness: string | null;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 over checkpointMessage(body), base64. */
  signature: string;
  /** The signer's public key, base64: for people reading the witness. Verification never trusts it. */
  publicKey: string;
}

/** Domain separation: these bytes can never be mistaken for another signed message of ours. */
const MESSAGE_PREFIX = 'clearance/audit-checkpoint/v1\n';

export function checkpointMessage(body: CheckpointBody): Buffer {
  const fields = {
    database: body.database,
    seq: body.seq,
    headHash: body.headHash,
    at: body.at,
    workstation: body.workstation,
    kind: body.kind,
    keyVersion: body.keyVersion,
    witness: body.witness,
  };
  return Buffer.from(MESSAGE_PREFIX + canonicalJson(fields), 'utf8');
}

export interface CheckpointSigner {
  readonly keyVersion: number;
  readonly publicKeyBase64: string;
  sign(message: Uint8Array): Buffer;
}

export function signCheckpoint(body: Omit<CheckpointBody, 'keyVersion'>, signer: CheckpointSigner): SignedCheckpoint {
  const full: CheckpointBody = { ...body, keyVersion: signer.keyVersion };
  return { ...full, signature: signer.sign(checkpointMessage(full)).toString('base64'), publicKey: signer.publicKeyBase64 };
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/**
 * Checks a checkpoint against the public key this workstation expects for its key version (never
 * the one written beside it, which whoever has the file could replace).
 */
export function checkSignature(cp: SignedCheckpoint, trustedPublicKey: (version: number) => string | null): SignatureCheck {
  const key = trustedPublicKey(cp.keyVersion);
  if (!key) return 'unknown-key';
  return verifyCheckpointSignature(key, checkpointMessage(cp), cp.signature) ? 'valid' : 'invalid';
}

/** One line of the witness file: the signed checkpoint as JSON with sorted keys. */
export function witnessLine(cp: SignedCheckpoint): string {
  return `${canonicalJson({ ...cp })}\n`;
}

/** A witness line read back, or why it is not one. */
export function parseWitnessLine(line: string): SignedCheckpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'not a checkpoint';
  const v = value as Record<string, unknown>;
  const text = (k: string) => typeof v[k] === 'string';
  const whole = (k: string) => typeof v[k] === 'number' && Number.isSafeInteger(v[k]);
  if (!text('database') || !whole('seq') || !text('headHash') || !text('at') || !text('workstation')) return 'a field is missing';
  if (!(CHECKPOINT_KINDS as readonly unknown[]).includes(v.kind) || !whole('keyVersion')) return 'a field is missing';
  if (!(v.witness === null || text('witness')) || !text('signature') || !text('publicKey')) return 'a field is missing';
  return {
    database: v.database as string,
    seq: v.seq as number,
    headHash: v.headHash as string,
    at: v.at as string,
    workstation: v.workstation as string,
    kind: v.kind as CheckpointKind,
    keyVersion: v.keyVersion as number,
    witness: v.witness as string | null,
    signature: v.signature as string,
    publicKey: v.publicKey as string,
  };
}
