/**
 * Multi-factor sign-in (PCI DSS 8.4, 8.5): the code after the password with an injected clock
 * (window edges, each code once), recovery codes used once, enrolment at first sign-in by QR code or
 * typed key, who must use a factor, and step-up before sensitive actions, all through the router.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import type { EnrolmentStart, SecondFactorStatus } from '../../electron/contract/auth.js';
import { totpStep } from '../../electron/services/auth/totp.js';
import { MINUTE, SECOND } from '../../electron/services/clock.js';
import { CONTENT_DIR } from '../support/paths.js';
import { decodeQrDataUrl } from '../support/qrDecode.js';
import { auditEvents, createTestApp, signedIn, stepUp, testDialects, valueOf, windowOf, type TestApp } from '../support/testApp.js';
import { codeAtStep, demoTotpSecret } from '../support/totpCodes.js';

const ROSA = demoTotpSecret('rosa.diaz')!;

/** A window past the password of `username`, waiting for the code. */
async function atCodeStep(app: TestApp, username: string, window: string) {
  const call = windowOf(app, window);
  expect(valueOf<{ state: string }>(await call('auth.signIn', { username, password: DEMO_PASSWORD })).state).toBe('needs_code');
  return call;
}

/** Someone whose role requires a second factor but who has none yet (a synthetic demo clerk). */
async function unenrolledClerk(app: TestApp): Promise<string> {
  const row = await app.handle.db
    .selectFrom('staff')
    .innerJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
    .leftJoin('totp_factors', 'totp_factors.staff_id', 'staff.id')
    .select('staff.username')
    .where('staff_roles.role_key', '=', 'records_clerk')
    .where('totp_factors.staff_id', 'is', null)
    .orderBy('staff.id')
    .executeTakeFirstOrThrow();
  return row.username;
}

describe.each(testDialects())('on %s', (dialect) => {
  describe('the code after the password', () => {
    it('accepts a code one step either side of now and refuses two steps away, as the clock says', async () => {
      const app = await createTestApp({ dialect });
      const step = totpStep(app.clock.now());
      const w = await atCodeStep(app, 'rosa.diaz', 'w1');
      for (const away of [-2, 2]) {
        expect(await w('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step + away) })).toMatchObject({
          ok: false,
          code: 'INVALID_CREDENTIALS',
        });
      }
      expect(await w('training.myCurriculum')).toMatchObject({ ok: false, code: 'SECOND_FACTOR_REQUIRED' });
      expect(valueOf<{ state: string }>(await w('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step - 1) })).state).toBe(
        'active',
      );
      expect(await w('training.myCurriculum')).toMatchObject({ ok: true });

      // The last millisecond of the step: the next step's code is still one step ahead, the one after is not.
      app.clock.set(new Date((step + 1) * 30 * SECOND - 1));
      const w2 = await atCodeStep(app, 'rosa.diaz', 'w2');
      expect(await w2('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step + 2) })).toMatchObject({ ok: false });
      expect(await w2('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step + 1) })).toMatchObject({ ok: true });
    });

    it('accepts each code once: the same code, or an older one, is refused as replayed and counted', async () => {
      const app = await createTestApp({ dialect });
      const step = totpStep(app.clock.now());
      const code = codeAtStep(ROSA, step);
      valueOf(await (await atCodeStep(app, 'rosa.diaz', 'w1'))('auth.verifyCode', { kind: 'totp', code }));

      const again = await atCodeStep(app, 'rosa.diaz', 'w2');
      expect(await again('auth.verifyCode', { kind: 'totp', code })).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
      expect(await again('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step - 1) })).toMatchObject({ ok: false });
      const refusals = (await auditEvents(app, 'rosa.diaz')).filter((e) => e.event === 'auth.second_factor' && e.outcome === 'denied');
      expect(refusals.map((e) => e.reason)).toEqual([
        'code already used (failed attempt 1 of 10)',
        'code already used (failed attempt 2 of 10)',
      ]);
      // The next step's code is new, so it works.
      expect(await again('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, step + 1) })).toMatchObject({ ok: true });
    });

    it('lets two windows racing with one code in only once', async () => {
      const app = await createTestApp({ dialect });
      const code = codeAtStep(ROSA, totpStep(app.clock.now()));
      const a = await atCodeStep(app, 'rosa.diaz', 'wa');
      const b = await atCodeStep(app, 'rosa.diaz', 'wb');
      const results = await Promise.all([a('auth.verifyCode', { kind: 'totp', code }), b('auth.verifyCode', { kind: 'totp', code })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it('takes a recovery code once; a used or made-up one is refused', async () => {
      const app = await createTestApp({ dialect });
      const carl = await signedIn(app, 'carl.patel');
      const { recoveryCodes } = valueOf<{ recoveryCodes: string[] }>(await carl('auth.regenerateRecoveryCodes', {}, randomUUID()));
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      valueOf(await carl('auth.signOut'));

      const w1 = await atCodeStep(app, 'carl.patel', 'w1');
      // Typing is forgiving: lower case and no dash are the same code.
      const typed = recoveryCodes[3]!.toLowerCase().replace('-', '');
      expect(valueOf<{ state: string }>(await w1('auth.verifyCode', { kind: 'recovery', code: typed })).state).toBe('active');
      expect(valueOf<SecondFactorStatus>(await w1('auth.secondFactor')).recoveryCodesLeft).toBe(9);

      const w2 = await atCodeStep(app, 'carl.patel', 'w2');
      expect(await w2('auth.verifyCode', { kind: 'recovery', code: recoveryCodes[3]! })).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
      expect(await w2('auth.verifyCode', { kind: 'recovery', code: 'AAAAA-AAAAA' })).toMatchObject({ ok: false });
      expect(valueOf<{ state: string }>(await w2('auth.verifyCode', { kind: 'recovery', code: recoveryCodes[4]! })).state).toBe('active');

      const entries = await auditEvents(app, 'carl.patel');
      const used = entries.filter((e) => e.event === 'auth.second_factor' && e.outcome === 'allowed').map((e) => e.reason);
      expect(used).toEqual([
        'code from the authenticator app accepted; signed in',
        'recovery code used (9 left); signed in',
        'recovery code used (8 left); signed in',
      ]);
      // Neither the codes nor anything derived from them is in the audit trail.
      const trail = JSON.stringify(entries);
      for (const c of recoveryCodes) expect(trail).not.toContain(c.replace('-', ''));

      // New codes replace the old ones entirely.
      const fresh = valueOf<{ recoveryCodes: string[] }>(await w2('auth.regenerateRecoveryCodes', {}, randomUUID())).recoveryCodes;
      valueOf(await w2('auth.signOut'));
      const w3 = await atCodeStep(app, 'carl.patel', 'w3');
      expect(await w3('auth.verifyCode', { kind: 'recovery', code: recoveryCodes[5]! })).toMatchObject({ ok: false });
      expect(await w3('auth.verifyCode', { kind: 'recovery', code: fresh[0]! })).toMatchObject({ ok: true });
    });

    it('ends a sign-in left at the code step for 15 minutes', async () => {
      const app = await createTestApp({ dialect });
      const w = await atCodeStep(app, 'rosa.diaz', 'w1');
      app.clock.advance(15 * MINUTE);
      expect(await w('auth.verifyCode', { kind: 'totp', code: codeAtStep(ROSA, totpStep(app.clock.now())) })).toMatchObject({
        ok: false,
        code: 'UNAUTHENTICATED',
      });
      expect(valueOf(await w('auth.current'))).toBeNull();
    });
  });

  describe('enrolment', () => {
    it('takes a clerk from the password to a QR code and key, a first code, and recovery codes shown once', async () => {
      const app = await createTestApp({ dialect });
      const username = await unenrolledClerk(app);
      const w = windowOf(app, 'w1');
      expect(valueOf<{ state: string }>(await w('auth.signIn', { username, password: DEMO_PASSWORD })).state).toBe('must_enrol');
      expect(await w('records.myAccess')).toMatchObject({ ok: false, code: 'ENROLMENT_REQUIRED' });
      const status = valueOf<SecondFactorStatus>(await w('auth.secondFactor'));
      expect(status).toMatchObject({ enrolled: false, required: true, requiredBecause: 'Your role as Records clerk requires it.' });

      const start = valueOf<EnrolmentStart>(await w('auth.beginEnrolment', {}, randomUUID()));
      const secret = start.manualKey.replace(/ /g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(decodeQrDataUrl(start.qrCode)!);
      expect(`${uri.protocol}//${uri.host}`).toBe('otpauth://totp');
      expect(uri.searchParams.get('secret')).toBe(secret);
      expect(decodeURIComponent(uri.pathname)).toBe(`/Clearance:${username}`);
      // A reload shows the same key: the app may already have scanned it.
      expect(valueOf<EnrolmentStart>(await w('auth.beginEnrolment', {}, randomUUID())).manualKey).toBe(start.manualKey);

      // The secret is sealed at rest with the multi-factor key, bound to its row.
      const row = await app.handle.db.selectFrom('totp_factors').selectAll().where('status', '=', 'pending').executeTakeFirstOrThrow();
      expect(row.secret_sealed).toMatch(/^cv1\.1\./);
      expect(row.secret_sealed).not.toContain(secret);

      const step = totpStep(app.clock.now());
      expect(await w('auth.confirmEnrolment', { code: codeAtStep(secret, step + 3) }, randomUUID())).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
      const done = valueOf<{ recoveryCodes: string[]; session: { state: string } }>(
        await w('auth.confirmEnrolment', { code: codeAtStep(secret, step) }, randomUUID()),
      );
      expect(done.session.state).toBe('active');
      expect(done.recoveryCodes).toHaveLength(10);
      expect(await w('records.myAccess')).toMatchObject({ ok: true });
      expect(valueOf<SecondFactorStatus>(await w('auth.secondFactor'))).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
      expect(await w('auth.beginEnrolment', {}, randomUUID())).toMatchObject({ ok: false, code: 'CONFLICT' });

      // The stored codes are hashes; neither the secret nor a code is in the audit trail.
      const hashes = await app.handle.db.selectFrom('recovery_codes').select('code_hash').execute();
      expect(hashes.every((h) => h.code_hash.startsWith('scrypt$'))).toBe(true);
      const trail = JSON.stringify(await auditEvents(app, username));
      expect(trail).not.toContain(secret);
      for (const c of done.recoveryCodes) expect(trail).not.toContain(c);
      expect((await auditEvents(app, username)).map((e) => `${e.event}:${e.outcome}`)).toEqual([
        'auth.sign_in:allowed',
        'ipc.refused:denied',
        'auth.mfa_enrolment:allowed',
        'auth.mfa_enrolment:allowed',
        'auth.mfa_enrolment:denied',
        'auth.mfa_enrolment:allowed',
      ]);

      // Next time: password, then the code.
      valueOf(await w('auth.signOut'));
      app.clock.advance(30 * SECOND);
      expect(valueOf<{ state: string }>(await w('auth.signIn', { username, password: DEMO_PASSWORD })).state).toBe('needs_code');
      expect(
        valueOf<{ state: string }>(await w('auth.verifyCode', { kind: 'totp', code: codeAtStep(secret, totpStep(app.clock.now())) })).state,
      ).toBe('active');
    });

    it('asks a new hire in a record role to change the one-time password first, then to enrol', async () => {
      const app = await createTestApp({ dialect });
      const nora = await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'nora.hill').executeTakeFirstOrThrow();
      await app.handle.db
        .insertInto('staff_roles')
        .values({ staff_id: nora.id, role_key: 'records_clerk', granted_at: '2026-11-24', granted_by: null })
        .execute();
      const w = windowOf(app, 'w1');
      expect(valueOf<{ state: string }>(await w('auth.signIn', { username: 'nora.hill', password: NEW_HIRE_FIRST_PASSWORD })).state).toBe(
        'must_change',
      );
      const changed = await w('auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: 'Nora-secure-2026' });
      expect(valueOf<{ state: string }>(changed).state).toBe('must_enrol');
    });

    it('is optional for a staff member, and required for everyone once the setting says so', async () => {
      const app = await createTestApp({ dialect });
      const jordan = await signedIn(app, 'jordan.blake');
      expect(valueOf<SecondFactorStatus>(await jordan('auth.secondFactor'))).toMatchObject({
        enrolled: false,
        required: false,
        requiredBecause: null,
      });
      expect(await jordan('training.myCurriculum')).toMatchObject({ ok: true });

      await app.handle.db
        .insertInto('settings')
        .values({ key: 'mfa.requiredForAll', value: '1', updated_at: app.clock.now().toISOString() })
        .execute();
      expect(await jordan('training.myCurriculum')).toMatchObject({ ok: false, code: 'ENROLMENT_REQUIRED' });
      expect(valueOf<SecondFactorStatus>(await jordan('auth.secondFactor')).requiredBecause).toBe(
        'Your organization requires it for everyone.',
      );
    });

    it('asks for enrolment at once when a role that requires it is granted during a session, or the factor is reset', async () => {
      const app = await createTestApp({ dialect });
      const sam = await signedIn(app, 'sam.okafor');
      const id = (await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'sam.okafor').executeTakeFirstOrThrow()).id;
      await app.handle.db
        .insertInto('staff_roles')
        .values({ staff_id: id, role_key: 'live_help_operator', granted_at: '2026-11-24', granted_by: null })
        .execute();
      expect(await sam('records.myAccess')).toMatchObject({ ok: false, code: 'ENROLMENT_REQUIRED' });
      expect(valueOf<{ state: string }>(await sam('auth.current')).state).toBe('must_enrol');

      const rosa = await signedIn(app, 'rosa.diaz');
      const rosaId = (await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'rosa.diaz').executeTakeFirstOrThrow())
        .id;
      const alex = {
        id: (await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'alex.morgan').executeTakeFirstOrThrow()).id,
        username: 'alex.morgan',
      };
      expect(await app.services.secondFactors.reset(alex, rosaId, 'lost phone', 'test-ws')).toEqual({ hadFactor: true });
      expect(await rosa('records.myAccess')).toMatchObject({ ok: false, code: 'ENROLMENT_REQUIRED' });
      const reset = (await auditEvents(app, 'alex.morgan')).at(-1)!;
      expect(reset).toMatchObject({ event: 'auth.mfa_reset', resource_id: String(rosaId), reason: 'second factor reset: lost phone' });
    });
  });

  describe('secrets at rest', () => {
    it('keeps no authenticator secret or recovery code readable in any table, or in the SQLite file', async () => {
      const app = await createTestApp({ dialect });
      const username = await unenrolledClerk(app);
      const w = windowOf(app, 'w1');
      valueOf(await w('auth.signIn', { username, password: DEMO_PASSWORD }));
      const secret = valueOf<EnrolmentStart>(await w('auth.beginEnrolment', {}, randomUUID())).manualKey.replace(/ /g, '');
      const { recoveryCodes } = valueOf<{ recoveryCodes: string[] }>(
        await w('auth.confirmEnrolment', { code: codeAtStep(secret, totpStep(app.clock.now())) }, randomUUID()),
      );
      const secrets = [secret, ...DEMO_ACCOUNTS.flatMap((a) => (a.totpSecret ? [a.totpSecret] : []))];
      const needles = [
        ...secrets,
        ...secrets.map((s) => base32Bytes(s).toString('latin1')),
        ...recoveryCodes,
        ...recoveryCodes.map((c) => c.replace('-', '')),
      ];
      for (const table of ['totp_factors', 'recovery_codes', 'audit_log', 'sessions', 'settings'] as const) {
        const dump = JSON.stringify(await app.handle.db.selectFrom(table).selectAll().execute());
        for (const needle of needles) expect(dump.includes(needle), `${table} holds a secret or code`).toBe(false);
      }
      if (dialect === 'sqlite') {
        await app.stop();
        const files = [app.sqlitePath, `${app.sqlitePath}-wal`].filter((f) => existsSync(f));
        const bytes = Buffer.concat(files.map((f) => readFileSync(f))).toString('latin1');
        for (const needle of needles) expect(bytes.includes(needle), 'a secret or code is readable in the database file').toBe(false);
      }
    });
  });

  describe('step-up', () => {
    it('asks for a code again before a reveal once 15 minutes have passed since the last one, then runs the same request once', async () => {
      const app = await createTestApp({ dialect, contentDir: CONTENT_DIR });
      const rosa = await signedIn(app, 'rosa.diaz');
      const id = Number(
        (
          await app.handle.db
            .selectFrom('personal_records as r')
            .innerJoin('departments as d', 'd.id', 'r.department_id')
            .select('r.id')
            .where('d.code', '=', 'REC')
            .orderBy('r.id')
            .executeTakeFirstOrThrow()
        ).id,
      );
      valueOf(await rosa('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'investigation' } }, randomUUID()));
      // Within 15 minutes of the sign-in code, no second code.
      valueOf(await rosa('records.reveal', { subject: 'PersonalRecord', id, field: 'ssn' }, randomUUID()));

      app.clock.advance(10 * MINUTE);
      valueOf(await rosa('auth.activity'));
      app.clock.advance(5 * MINUTE);
      const requestId = randomUUID();
      const reveal = () => rosa('records.reveal', { subject: 'PersonalRecord', id, field: 'ssn' }, requestId);
      const due = await reveal();
      expect(due).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
      if (!due.ok) expect(due.message).toMatch(/code from your authenticator app/);

      expect(await rosa('auth.stepUp', { kind: 'totp', code: '000000' }, randomUUID())).toMatchObject({
        ok: false,
        code: 'INVALID_CREDENTIALS',
      });
      await stepUp(app, rosa, 'rosa.diaz');
      const reveals = async () =>
        (await auditEvents(app, 'rosa.diaz')).filter((e) => e.event === 'record.reveal' && e.outcome === 'allowed').length;
      expect(await reveals()).toBe(1);
      valueOf(await reveal());
      valueOf(await reveal());
      expect(await reveals()).toBe(2);

      const events = (await auditEvents(app, 'rosa.diaz')).map((e) => `${e.event}:${e.outcome}`);
      expect(events).toContain('ipc.refused:denied');
      expect(events).toContain('auth.step_up:denied');
      expect(events).toContain('auth.step_up:allowed');
    });

    it('keeps break-glass at reason and password, and asks for a code when the last one is older than 15 minutes', async () => {
      const app = await createTestApp({ dialect });
      const rosa = await signedIn(app, 'rosa.diaz');
      const id = Number(
        (
          await app.handle.db
            .selectFrom('personal_records as r')
            .innerJoin('departments as d', 'd.id', 'r.department_id')
            .select('r.id')
            .where('d.code', '=', 'CS')
            .orderBy('r.id')
            .executeTakeFirstOrThrow()
        ).id,
      );
      app.clock.advance(14 * MINUTE);
      valueOf(await rosa('auth.activity'));
      app.clock.advance(2 * MINUTE);
      const input = { subject: 'PersonalRecord', id, reason: 'Citizen on the phone in distress', password: DEMO_PASSWORD };
      const requestId = randomUUID();
      expect(await rosa('records.breakGlass', input, requestId)).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
      expect(await app.handle.db.selectFrom('break_glass_grants').selectAll().execute()).toEqual([]);
      await stepUp(app, rosa, 'rosa.diaz');
      expect(await rosa('records.breakGlass', input, requestId)).toMatchObject({ ok: true });
    });

    it('applies to administrator actions and to new recovery codes, and its window is a setting', async () => {
      const app = await createTestApp({ dialect });
      await app.handle.db
        .insertInto('settings')
        .values({ key: 'mfa.stepUpMinutes', value: '5', updated_at: app.clock.now().toISOString() })
        .execute();
      const alex = await signedIn(app, 'alex.morgan');
      app.clock.advance(5 * MINUTE);
      expect(await alex('roster.apply', { csv: 'employee_id\n' }, randomUUID())).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
      expect(await alex('admin.setDatabase', { kind: 'embedded' }, randomUUID())).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
      expect(await alex('auth.regenerateRecoveryCodes', {}, randomUUID())).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
      // Reading is not an action that asks again.
      expect(await alex('admin.databaseStatus')).toMatchObject({ ok: true });
      await stepUp(app, alex, 'alex.morgan');
      expect(await alex('auth.regenerateRecoveryCodes', {}, randomUUID())).toMatchObject({ ok: true });
    });
  });
});

/** The bytes a base32 secret stands for (what an authenticator app computes codes from). */
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
