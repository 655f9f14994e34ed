/**
 * Time-based one-time passwords (RFC 6238) for the second sign-in factor (PCI DSS 8.4, 8.5).
 *
 * Pure functions: the caller gives the time (`now`) and the last accepted step, and stores the
 * step this returns, so a code is accepted at most once and never after a newer one (8.5.1: replay).
 * The secret is a base32 string; keeping it encrypted at rest is the caller's business.
 *
 * HMAC-SHA-1, 6 digits, 30-second steps: the parameters every authenticator app supports (several
 * ignore any others in the URI). HMAC-SHA-1 remains a sound PRF for HOTP; SHA-1's collision
 * weakness does not apply to it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** 160 bits, the length RFC 4226 recommends for an HMAC-SHA-1 key. */
export const TOTP_SECRET_BYTES = 20;
/** Steps accepted on each side of the current one, for clock drift and typing time. */
export const TOTP_DEFAULT_WINDOW = 1;
/** More than this would let a code live for minutes; refuse it as a programming error. */
const MAX_WINDOW = 5;
/** RFC 4226 section 4, R6: the shared secret is at least 128 bits. */
const MIN_SECRET_BYTES = 16;

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

export interface VerifyTotpOptions {
  /** Steps accepted on each side of the current one (default 1: a code is good for about 30 s either side). */
  window?: number;
  /** The step of the last code this account had accepted; that step and every earlier one are refused. */
  lastUsedStep?: number | null;
}

/** A new random secret, base32 without padding (32 characters for 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ buffer: bufferOf(randomBytes(TOTP_SECRET_BYTES)) }).base32;
}

/** The time step (RFC 6238 "T") that `now` falls in: whole 30-second periods since the Unix epoch. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The issuer shown in authenticator apps: "Clearance", followed by the organization's name when there is one. */
export function totpIssuer(organization?: string | null): string {
  // A colon separates issuer from account in the URI label, so it may not appear in either (Key Uri Format).
  const org = (organization ?? '').replace(/:/g, ' ').replace(/\s+/g, ' ').trim();
  return org ? `Clearance (${org})` : 'Clearance';
}

/**
 * The otpauth:// URI an authenticator app reads from the QR code, e.g.
 * otpauth://totp/Clearance:alice?issuer=Clearance&secret=…&algorithm=SHA1&digits=6&period=30
 * The issuer is both in the label and in the parameter, as the Key Uri Format recommends.
 */
export function totpUri({ issuer, account, secret }: { issuer: string; account: string; secret: string }): string {
  if (!issuer.trim() || !account.trim()) throw new RangeError('A TOTP URI needs an issuer and an account name.');
  if (issuer.includes(':') || account.includes(':')) throw new RangeError('A TOTP issuer or account name may not contain a colon.');
  return new TOTP({
    issuer,
    label: account,
    issuerInLabel: true,
    secret: secretOf(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The code for `now`. For tests and the browser harness only: the server never needs to show a code. */
export function currentTotp(secret: string, now: Date): string {
  return codeForStep(secretOf(secret), totpStep(now));
}

/**
 * Checks a typed code against the steps within `window` of `now`. Spaces in the input are ignored; anything
 * else than exactly six digits is 'malformed'. A code that matches only a step at or before `lastUsedStep`
 * is 'replayed'. On success the caller stores `step` as the new `lastUsedStep` (in the same transaction
 * that lets the person in, so two racing sign-ins cannot both use one code).
 * Whether 'malformed', 'wrong' and 'replayed' count toward the lockout is the caller's rule.
 */
export function verifyTotp(secret: string, code: string, now: Date, options: VerifyTotpOptions = {}): TotpVerification {
  const window = options.window ?? TOTP_DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`A TOTP window must be a whole number of steps from 0 to ${MAX_WINDOW}.`);
  }
  const lastUsedStep = options.lastUsedStep ?? null;
  const typed = normalizeTotpInput(code);
  if (typed === null) return { ok: false, reason: 'malformed' };

  const key = secretOf(secret);
  const current = totpStep(now);
  // Nearest step first, so that on the (one in a million) chance two steps share a code, the current one wins.
  const candidates = [current];
  for (let d = 1; d <= window; d++) candidates.push(current - d, current + d);

  let replayed = false;
  for (const step of candidates) {
    if (step < 0 || !sameCode(codeForStep(key, step), typed)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) {
      replayed = true;
      continue;
    }
    return { ok: true, step };
  }
  return { ok: false, reason: replayed ? 'replayed' : 'wrong' };
}

/** The six digits of a typed code with spaces removed, or null when it is not exactly six digits. */
export function normalizeTotpInput(code: string): string | null {
  const digits = code.replace(/\s+/g, '');
  return /^[0-9]{6}$/.test(digits) ? digits : null;
}

function codeForStep(secret: Secret, step: number): string {
  return HOTP.generate({ secret, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, counter: step });
}

function sameCode(expected: string, typed: string): boolean {
  const a = Buffer.from(expected, 'ascii');
  const b = Buffer.from(typed, 'ascii');
  return a.length === b.length && timingSafeEqual(a, b);
}

function secretOf(base32: string): Secret {
  let secret: Secret;
  try {
    secret = Secret.fromBase32(base32);
  } catch {
    throw new RangeError('The TOTP secret is not valid base32.');
  }
  if (secret.bytes.length < MIN_SECRET_BYTES) throw new RangeError('The TOTP secret is shorter than 128 bits.');
  return secret;
}

/** A fresh ArrayBuffer holding exactly these bytes (a Buffer may be a view on a larger shared pool). */
function bufferOf(bytes: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}
