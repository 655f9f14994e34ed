import { describe, expect, it } from 'vitest';
import { URI } from 'otpauth';
import {
  currentTotp,
  newTotpSecret,
  normalizeTotpInput,
  totpIssuer,
  totpStep,
  totpUri,
  verifyTotp,
} from '../../electron/services/auth/totp.js';
import { qrSvg, qrSvgDataUrl } from '../../electron/services/auth/qrCode.js';
import { decodeSvgQr } from '../support/qrDecode.js';

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);
const STEP_MS = 30_000;

describe('TOTP codes (RFC 6238)', () => {
  it('uses the RFC test secret as base32', () => {
    expect(base32Decode(RFC_SECRET_BASE32)).toEqual(RFC_SECRET);
  });

  // The RFC lists 8-digit codes; a 6-digit code is their last six digits (the same HOTP value mod 10^6).
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('at T=%i the code is the last six digits of %s, and it verifies for that step', (t, eight) => {
    const six = eight.slice(-6);
    expect(currentTotp(RFC_SECRET_BASE32, at(t))).toBe(six);
    expect(verifyTotp(RFC_SECRET_BASE32, six, at(t), { window: 0 })).toEqual({ ok: true, step: Math.floor(t / 30) });
  });

  it('counts 30-second steps since the epoch', () => {
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29.999))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
    expect(totpStep(at(59))).toBe(1);
  });
});

describe('verifying a typed code', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-11-24T09:00:15.000Z');
  const step = totpStep(now);
  const codeAt = (stepOffset: number) => currentTotp(secret, new Date(now.getTime() + stepOffset * STEP_MS));

  it('accepts the current code and reports its step', () => {
    expect(verifyTotp(secret, codeAt(0), now)).toEqual({ ok: true, step });
  });

  it('with the default window of 1, accepts the previous and the next step and refuses two steps away', () => {
    expect(verifyTotp(secret, codeAt(-1), now)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(1), now)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, codeAt(-2), now)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, codeAt(2), now)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('moves the window with the clock: the last millisecond of a step and the first of the next', () => {
    const lastMs = new Date((step + 1) * STEP_MS - 1);
    const firstMsOfNext = new Date((step + 1) * STEP_MS);
    expect(verifyTotp(secret, codeAt(-1), lastMs)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(2), lastMs)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, codeAt(-1), firstMsOfNext)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, codeAt(2), firstMsOfNext)).toEqual({ ok: true, step: step + 2 });
  });

  it('with window 0 accepts only the current step; a wider window accepts further', () => {
    expect(verifyTotp(secret, codeAt(0), now, { window: 0 })).toMatchObject({ ok: true });
    expect(verifyTotp(secret, codeAt(-1), now, { window: 0 })).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyTotp(secret, codeAt(2), now, { window: 2 })).toEqual({ ok: true, step: step + 2 });
    expect(verifyTotp(secret, codeAt(3), now, { window: 2 })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code accepted once when it is typed again (replay)', () => {
    const first = verifyTotp(secret, codeAt(0), now);
    expect(first).toEqual({ ok: true, step });
    const again = verifyTotp(secret, codeAt(0), new Date(now.getTime() + 5_000), { lastUsedStep: step });
    expect(again).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses an older code after a newer one was accepted, and accepts the next newer one', () => {
    expect(verifyTotp(secret, codeAt(-1), now, { lastUsedStep: step })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(-1), now, { lastUsedStep: step + 1 })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(secret, codeAt(1), now, { lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
    // A last-used step long ago does not get in the way.
    expect(verifyTotp(secret, codeAt(0), now, { lastUsedStep: step - 1000 })).toEqual({ ok: true, step });
    expect(verifyTotp(secret, codeAt(0), now, { lastUsedStep: null })).toEqual({ ok: true, step });
  });

  it('calls a code that is neither current nor used simply wrong, even when a used step exists', () => {
    const other = newTotpSecret();
    expect(verifyTotp(secret, currentTotp(other, now), now, { lastUsedStep: step })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('ignores spaces in the input and refuses anything else than exactly six digits', () => {
    const code = codeAt(0);
    expect(verifyTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toEqual({ ok: true, step });
    expect(verifyTotp(secret, `${code.slice(0, 3)}\t${code.slice(3)}`, now)).toEqual({ ok: true, step });
    const dashed = `${code.slice(0, 3)}-${code.slice(3)}`;
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345a', dashed, '１２３４５６', `0${code}`]) {
      expect(verifyTotp(secret, bad, now), JSON.stringify(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(normalizeTotpInput(' 123 456 ')).toBe('123456');
  });

  it('refuses an unusable window, and a secret that is not base32 or too short, as programming errors', () => {
    expect(() => verifyTotp(secret, codeAt(0), now, { window: -1 })).toThrow(RangeError);
    expect(() => verifyTotp(secret, codeAt(0), now, { window: 1.5 })).toThrow(RangeError);
    expect(() => verifyTotp(secret, codeAt(0), now, { window: 50 })).toThrow(RangeError);
    expect(() => verifyTotp('not base32!', '123456', now)).toThrow(RangeError);
    expect(() => verifyTotp('GEZDGNBV', '123456', now)).toThrow(/128 bits/);
  });
});

describe('TOTP secrets', () => {
  it('are 160 random bits in base32 without padding', () => {
    const secrets = Array.from({ length: 200 }, () => newTotpSecret());
    for (const s of secrets) {
      expect(s).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(s)).toHaveLength(20);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    // 32,000 random bits: the count of ones is within 6 standard deviations (~537) of half.
    const ones = secrets.reduce((n, s) => n + [...base32Decode(s)].reduce((m, byte) => m + popcount(byte), 0), 0);
    expect(Math.abs(ones - 16_000)).toBeLessThan(540);
  });
});

describe('otpauth:// URI for authenticator apps', () => {
  const secret = newTotpSecret();

  it('names the issuer and the account and carries the secret and parameters', () => {
    const uri = totpUri({ issuer: totpIssuer('Office of the Privacy Commissioner'), account: 'alice@example.org', secret });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Clearance (Office of the Privacy Commissioner):alice@example.org');
    expect(url.searchParams.get('issuer')).toBe('Clearance (Office of the Privacy Commissioner)');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
  });

  it('is read back by an authenticator library, which then produces the codes the server accepts', () => {
    const uri = totpUri({ issuer: 'Clearance', account: 'bob', secret });
    const parsed = URI.parse(uri);
    expect(parsed.issuer).toBe('Clearance');
    expect(parsed.label).toBe('bob');
    const now = new Date('2026-11-24T09:00:00.000Z');
    const appCode = parsed.generate({ timestamp: now.getTime() });
    expect(verifyTotp(secret, appCode, now)).toEqual({ ok: true, step: totpStep(now) });
  });

  it('issuer is "Clearance" alone or with the organization, colons removed', () => {
    expect(totpIssuer()).toBe('Clearance');
    expect(totpIssuer('  ')).toBe('Clearance');
    expect(totpIssuer('Ministry:  Health ')).toBe('Clearance (Ministry Health)');
  });

  it('refuses a colon or an empty name, which would make the label ambiguous', () => {
    expect(() => totpUri({ issuer: 'Clearance', account: 'a:b', secret })).toThrow(RangeError);
    expect(() => totpUri({ issuer: 'Clear:ance', account: 'ab', secret })).toThrow(RangeError);
    expect(() => totpUri({ issuer: 'Clearance', account: ' ', secret })).toThrow(RangeError);
  });
});

describe('enrolment QR code', () => {
  const uri = totpUri({
    issuer: totpIssuer('Office of the Privacy Commissioner'),
    account: 'privacy.officer@example.org',
    secret: newTotpSecret(),
  });

  it('is an SVG that a QR reader decodes back to the otpauth URI', async () => {
    const svg = await qrSvg(uri);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|on\w+=|href=|style=/i);
    expect(decodeSvgQr(svg)).toBe(uri);
  });

  it('as a data: URL holds the same SVG, base64, for an <img> under img-src data:', async () => {
    const url = await qrSvgDataUrl(uri);
    const prefix = 'data:image/svg+xml;base64,';
    expect(url.startsWith(prefix)).toBe(true);
    const svg = Buffer.from(url.slice(prefix.length), 'base64').toString('utf8');
    expect(decodeSvgQr(svg)).toBe(uri);
  });
});

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b; b >>= 1) n += b & 1;
  return n;
}

function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '')) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
