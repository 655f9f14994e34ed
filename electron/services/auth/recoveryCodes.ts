/**
 * One-time recovery codes, for signing in when the authenticator is lost (PCI DSS 8.4, 8.5).
 *
 * A code looks like `7KQ4M-9XD2P`: ten characters from Crockford's base-32 alphabet (no I, L, O or U,
 * so nothing reads as another character), 50 random bits. Typing is forgiving: case, spaces and
 * dashes are ignored, and O, I and L are read as 0, 1 and 1 (they never occur in a code, so this can
 * only help the right code match).
 *
 * Why scrypt and not a fast keyed hash: 50 bits resist online guessing easily (the lockout stops that),
 * but a stolen database would let an attacker try all 2^50 codes offline, and with the salt stored beside
 * the hashes, HMAC-SHA-256 at ~10^10 guesses a second on one GPU would find one of ten codes in hours.
 * NIST SP 800-63B 5.1.2.2 asks for exactly this: look-up secrets under 112 bits are salted and hashed
 * with a key-derivation function. To keep a check fast, one salt serves all of a person's codes, so a
 * typed code costs one scrypt (~40 ms) however many codes remain, compared against each hash in turn.
 * (Sharing the salt gives an attacker at most the 10-fold help of testing each guess against ten hashes.)
 *
 * The caller stores the salt and the hashes, shows the codes once, and removes a hash once it has matched.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Crockford's base-32 alphabet: digits and capitals without I, L, O, U. */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters of 5 bits: 50 bits per code. */
export const RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

const SCHEME = 'scrypt';
const N = 2 ** 14;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const maxmem = (n: number, r: number) => 256 * n * r;

/** `count` distinct codes, formatted for reading: `XXXXX-XXXXX`. */
export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new RangeError('Ask for between 1 and 100 recovery codes.');
  const codes = new Set<string>();
  while (codes.size < count) codes.add(formatRecoveryCode(randomCode()));
  return [...codes];
}

/** A new random salt for one person's set of codes, base64. Make a new one with each new set. */
export function newRecoveryCodeSalt(): string {
  return randomBytes(SALT_BYTES).toString('base64');
}

/**
 * The canonical form of a typed code (ten alphabet characters, no dash), or null when it cannot be a code.
 * Ignores case, spaces and dashes; reads O as 0 and I or L as 1.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const canonical = input
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (canonical.length !== RECOVERY_CODE_LENGTH) return null;
  for (const ch of canonical) if (!RECOVERY_CODE_ALPHABET.includes(ch)) return null;
  return canonical;
}

/** The stored form of one code: `scrypt$N$r$p$<base64 key>`; the parameters travel with it so they can be raised later. */
export async function hashRecoveryCode(code: string, salt: string): Promise<string> {
  const canonical = normalizeRecoveryCode(code);
  if (canonical === null) throw new RangeError('Not a recovery code.');
  const key = await derive(canonical, saltBytes(salt), KEY_LENGTH, N, R, P);
  return [SCHEME, N, R, P, key.toString('base64')].join('$');
}

/** The stored forms of a set of codes, in the same order, all with the same salt. */
export async function hashRecoveryCodes(codes: readonly string[], salt: string): Promise<string[]> {
  return Promise.all(codes.map((code) => hashRecoveryCode(code, salt)));
}

/**
 * The index in `hashes` of the code the person typed, or null when it matches none (or is not a code).
 * Every hash is compared, in constant time each, so the time taken does not tell which one matched.
 */
export async function matchRecoveryCode(input: string, hashes: readonly string[], salt: string): Promise<number | null> {
  const canonical = normalizeRecoveryCode(input);
  if (canonical === null) return null;
  const salted = saltBytes(salt);
  // One derivation per parameter set (normally one for the whole set), not one per stored hash.
  const derived = new Map<string, Buffer>();
  let found: number | null = null;
  for (const [index, stored] of hashes.entries()) {
    const parsed = parseStored(stored);
    if (!parsed) continue;
    const params = `${parsed.n}$${parsed.r}$${parsed.p}$${parsed.key.length}`;
    let actual = derived.get(params);
    if (!actual) {
      actual = await derive(canonical, salted, parsed.key.length, parsed.n, parsed.r, parsed.p);
      derived.set(params, actual);
    }
    if (timingSafeEqual(actual, parsed.key) && found === null) found = index;
  }
  return found;
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
  return code;
}

function formatRecoveryCode(canonical: string): string {
  const half = RECOVERY_CODE_LENGTH / 2;
  return `${canonical.slice(0, half)}-${canonical.slice(half)}`;
}

function parseStored(stored: string): { n: number; r: number; p: number; key: Buffer } | null {
  const [scheme, n, r, p, key, ...rest] = stored.split('$');
  if (scheme !== SCHEME || !n || !r || !p || !key || rest.length > 0) return null;
  const parsed = { n: Number(n), r: Number(r), p: Number(p), key: Buffer.from(key, 'base64') };
  if (![parsed.n, parsed.r, parsed.p].every((v) => Number.isInteger(v) && v > 0) || parsed.key.length < 16) return null;
  return parsed;
}

function saltBytes(salt: string): Buffer {
  const bytes = Buffer.from(salt, 'base64');
  if (bytes.length < SALT_BYTES) throw new RangeError('The recovery-code salt is shorter than 128 bits.');
  return bytes;
}

function derive(canonical: string, salt: Buffer, keylen: number, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: maxmem(n, r) };
  return new Promise((resolve, reject) => {
    scryptCallback(canonical, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
