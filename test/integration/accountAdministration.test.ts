/**
 * Account administration through the channels the screens use, on both dialects: the staff list
 * (filtered and paged in SQL), create, edit, role grants with their preview, two-person approval of
 * privileged roles, unlock, password reset ending sessions, disable/enable, ending sessions, and
 * every separation-of-duties refusal, each audited.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import type { CreatedAccount, PersonDetail, RolePreview, RoleRequestView, StaffPage } from '../../electron/contract/accounts.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf, windowOf, type Call, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { demoTotpSecret, freshCode } from '../support/totpCodes.js';

/** A user action as the screen sends it: with its own request id. */
const act = (call: Call, channel: string, input: unknown) => call(channel, input, crypto.randomUUID());

async function lockOut(app: TestApp, username: string): Promise<void> {
  const w = windowOf(app, `attacker-${username}`);
  for (let i = 0; i < 10; i++) await w('auth.signIn', { username, password: `wrong-password-${i}` });
}

async function lastEvent(app: TestApp, event: string) {
  return app.handle.db.selectFrom('audit_log').selectAll().where('event', '=', event).orderBy('seq', 'desc').executeTakeFirstOrThrow();
}

describe.each(testDialects())('account administration on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  it('lists staff filtered by search, department, role and status, a page at a time', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const all = valueOf<StaffPage>(await alex('accounts.list', { pageSize: 100 }));
    const staffCount = (await a.handle.db.selectFrom('staff').select('id').execute()).length;
    expect(all.total).toBe(staffCount);
    expect(all.rows.map((r) => r.displayName)).toEqual(
      [...all.rows.map((r) => r.displayName)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
    );

    const page2 = valueOf<StaffPage>(await alex('accounts.list', { page: 2, pageSize: 10 }));
    expect(page2.rows.map((r) => r.username)).toEqual(all.rows.slice(10, 20).map((r) => r.username));

    const search = valueOf<StaffPage>(await alex('accounts.list', { search: 'ROSA' }));
    expect(search.rows.map((r) => r.username)).toEqual(['rosa.diaz']);
    expect(search.rows[0]).toMatchObject({
      department: 'Records Management',
      supervisor: 'Maria Lopez',
      roles: [{ name: 'Staff member' }, { name: 'Records clerk' }],
    });
    // A LIKE wildcard is taken literally.
    expect(valueOf<StaffPage>(await alex('accounts.list', { search: '%' })).total).toBe(0);

    const finance = valueOf<StaffPage>(await alex('accounts.list', { department: 'FIN', role: 'card_processor' }));
    expect(finance.total).toBeGreaterThan(1);
    for (const r of finance.rows) {
      expect(r.department).toBe('Finance & Payments');
      expect(r.roles.map((x) => x.key)).toContain('card_processor');
    }

    const mustChange = valueOf<StaffPage>(await alex('accounts.list', { status: 'must_change' }));
    expect(mustChange.rows.map((r) => r.username)).toEqual(['nora.hill']);

    await lockOut(a, 'rosa.diaz');
    const locked = valueOf<StaffPage>(await alex('accounts.list', { status: 'locked' }));
    expect(locked.rows.map((r) => r.username)).toEqual(['rosa.diaz']);
    expect(locked.rows[0]!.lockedUntil).toBe(new Date(a.clock.now().getTime() + 30 * 60_000).toISOString());
    const active = valueOf<StaffPage>(await alex('accounts.list', { status: 'active', pageSize: 100 }));
    expect(active.rows.map((r) => r.username)).not.toContain('rosa.diaz');
    expect(active.total).toBe(staffCount - 1);

    // Only administrators see it, and a refusal is audited.
    const liam = await signedIn(a, 'liam.chen');
    expect(await liam('accounts.list', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only administrators manage staff accounts.',
    });
    expect(await lastEvent(a, 'account.list')).toMatchObject({ actor_username: 'liam.chen', outcome: 'denied' });
  });

  it('creates an account with a one-time password shown once, stored hashed, and its curriculum', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const created = valueOf<CreatedAccount>(
      await act(alex, 'accounts.create', {
        displayName: 'Omar Haddad',
        username: 'omar.haddad',
        email: 'Omar.Haddad@example.org',
        employeeId: 'E3001',
        department: 'REC',
        supervisor: 'maria.lopez',
        hireDate: '2026-11-24',
        roles: ['records_clerk'],
      }),
    );
    expect(created.oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(created.granted.map((r) => r.name)).toEqual(['Staff member', 'Records clerk']);
    expect(created.pending).toEqual([]);
    expect(created.curriculum.map((m) => m.number)).toEqual([1, 2, 3, 4, 7]);
    expect(created.curriculum.every((m) => m.dueDate === '2026-12-24')).toBe(true);

    const stored = await a.handle.db
      .selectFrom('credentials as c')
      .innerJoin('staff as s', 's.id', 'c.staff_id')
      .select(['c.password_hash', 'c.must_change'])
      .where('s.username', '=', 'omar.haddad')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(created.oneTimePassword);
    expect(Number(stored.must_change)).toBe(1);
    const trail = JSON.stringify(await auditEvents(a));
    expect(trail).not.toContain(created.oneTimePassword);
    expect((await lastEvent(a, 'account.created')).reason).toContain('Staff member, Records clerk');
    expect((await lastEvent(a, 'account.role_granted')).reason).toContain('granted Records clerk to Omar Haddad (omar.haddad)');

    const omar = windowOf(a, 'omar');
    expect(await omar('auth.signIn', { username: 'omar.haddad', password: created.oneTimePassword })).toMatchObject({
      ok: true,
      value: { state: 'must_change' },
    });

    expect(
      await act(alex, 'accounts.create', {
        displayName: 'Someone Else',
        username: 'omar.haddad',
        email: 'x@example.org',
        employeeId: 'E3002',
        department: 'REC',
        supervisor: null,
        hireDate: '2026-11-24',
        roles: [],
      }),
    ).toMatchObject({ ok: false, code: 'CONFLICT', fields: { username: 'The username omar.haddad is taken.' } });
  });

  it('edits name, e-mail, department and supervisor, audits what changed, and refuses a supervisor loop', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const edited = valueOf<PersonDetail>(
      await act(alex, 'accounts.edit', {
        username: 'liam.chen',
        displayName: 'Liam Chen-Ortiz',
        email: 'liam.co@example.org',
        department: 'REC',
        supervisor: 'maria.lopez',
      }),
    );
    expect(edited).toMatchObject({
      displayName: 'Liam Chen-Ortiz',
      email: 'liam.co@example.org',
      department: 'Records Management',
      supervisor: 'Maria Lopez',
    });
    const entry = await lastEvent(a, 'account.edited');
    expect(entry.reason).toContain('department Constituent Services → Records Management');
    expect(entry.reason).toContain('supervisor sam.okafor → maria.lopez');
    // jordan.blake supervises maria.lopez: maria cannot supervise jordan.
    expect(
      await act(alex, 'accounts.edit', {
        username: 'jordan.blake',
        displayName: 'Jordan Blake',
        email: 'jordan.blake@example.org',
        department: 'PTO',
        supervisor: 'maria.lopez',
      }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { supervisor: expect.stringContaining('reports to this person already') },
    });
  });

  it('previews a grant (modules due and by when, record access only once current) and a revoke (what ends at once)', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const grant = valueOf<RolePreview>(
      await alex('accounts.rolePreview', { username: 'nora.hill', role: 'live_help_operator', change: 'grant' }),
    );
    expect(grant.person).toBe('Nora Hill');
    expect(grant.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
    const five = grant.modules.find((m) => m.number === 5)!;
    expect(five).toMatchObject({ state: 'becomes due', dueDate: '2026-12-24', currentUntil: null });
    expect(grant.modules.find((m) => m.number === 1)!.state).toContain('already required by another role');
    expect(grant.recordAccess).toMatch(
      /^Record access \(Live Help transcripts of Constituent Services\) starts only once modules 1, 2, 3, 4, 5 are current/,
    );
    expect(grant.gains[0]).toBe('list, open, export Live Help transcripts of Constituent Services');
    expect(grant.approval).toBeNull();

    // Rosa's records-clerk training is current: only Handling card data becomes due.
    const card = valueOf<RolePreview>(
      await alex('accounts.rolePreview', { username: 'rosa.diaz', role: 'card_processor', change: 'grant' }),
    );
    expect(card.modules.find((m) => m.number === 7)).toMatchObject({ state: 'current (already required by another role)', dueDate: null });
    expect(card.modules.find((m) => m.number === 7)!.currentUntil).toMatch(/^2027-/);
    expect(card.modules.find((m) => m.number === 6)).toMatchObject({ state: 'becomes due', dueDate: '2026-12-24' });
    expect(card.recordAccess).toContain('starts only once module 6 is current');

    const revoke = valueOf<RolePreview>(
      await alex('accounts.rolePreview', { username: 'carl.patel', role: 'card_processor', change: 'revoke' }),
    );
    expect(revoke.ends[0]).toContain('card transactions of Finance & Payments');
    expect(revoke.noLongerRequired).toEqual(['6. Handling card data', '7. Accessing personal-information records']);
    // A preview changes nothing.
    expect(
      (
        await a.handle.db
          .selectFrom('staff_roles as r')
          .innerJoin('staff as s', 's.id', 'r.staff_id')
          .select('r.role_key')
          .where('s.username', '=', 'carl.patel')
          .execute()
      )
        .map((r) => r.role_key)
        .sort(),
    ).toEqual(['card_processor', 'staff']);
  });

  it('grants and revokes a role with a reason; a revoke ends record access on the very next call', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const carl = await signedIn(a, 'carl.patel');
    expect(await carl('records.list', { subject: 'CardTransaction' })).toMatchObject({ ok: true });
    expect(
      await act(alex, 'accounts.changeRole', {
        username: 'carl.patel',
        role: 'card_processor',
        change: 'revoke',
        reason: 'moved to payroll',
      }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'revoked' },
    });
    expect(await carl('records.list', { subject: 'CardTransaction' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const revoked = await lastEvent(a, 'account.role_revoked');
    expect(revoked).toMatchObject({ actor_username: 'alex.morgan', resource_type: 'staff' });
    expect(revoked.reason).toBe('revoked Card processor from Carl Patel (carl.patel); access it gave ends at once: moved to payroll');
    expect(revoked.reason).not.toContain('card_processor');

    expect(
      await act(alex, 'accounts.changeRole', {
        username: 'nora.hill',
        role: 'live_help_operator',
        change: 'grant',
        reason: 'joins the Live Help team',
      }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'granted', message: 'Live Help operator granted to Nora Hill.' },
    });
    expect((await lastEvent(a, 'account.role_granted')).reason).toBe(
      'granted Live Help operator to Nora Hill (nora.hill): joins the Live Help team',
    );
    expect(
      await act(alex, 'accounts.changeRole', { username: 'nora.hill', role: 'live_help_operator', change: 'grant', reason: 'again' }),
    ).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(
      await act(alex, 'accounts.changeRole', { username: 'nora.hill', role: 'live_help_operator', change: 'grant', reason: '' }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: { reason: 'Enter a reason.' },
    });
  });

  it('refuses every change an administrator would make to their own account, and audits each refusal', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const self = { username: 'alex.morgan', reason: 'testing separation of duties' };
    const refusals: [string, unknown, string][] = [
      ['accounts.changeRole', { ...self, role: 'privacy_officer', change: 'grant' }, 'Nobody changes their own roles'],
      ['accounts.changeRole', { ...self, role: 'administrator', change: 'revoke' }, 'Nobody changes their own roles'],
      ['accounts.rolePreview', { username: 'alex.morgan', role: 'privacy_officer', change: 'grant' }, 'Nobody changes their own roles'],
      ['accounts.resetPassword', self, 'You cannot reset your own password here'],
      ['accounts.resetSecondFactor', self, 'You cannot reset your own second factor'],
      ['accounts.unlock', self, 'Nobody unlocks their own account'],
      ['accounts.setEnabled', { ...self, enabled: false }, 'You cannot disable or re-enable your own account'],
    ];
    for (const [channel, input, words] of refusals) {
      const r = await act(alex, channel, input);
      expect(r, channel).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      if (!r.ok) expect(r.message).toContain(words);
    }
    const denied = await a.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_username', '=', 'alex.morgan')
      .where('outcome', '=', 'denied')
      .where('event', 'like', 'account.%')
      .orderBy('seq')
      .execute();
    expect(denied.map((d) => d.event)).toEqual([
      'account.grantRole',
      'account.revokeRole',
      'account.grantRole',
      'account.resetPassword',
      'account.resetFactor',
      'account.unlock',
      'account.disable',
    ]);
    expect(denied.every((d) => d.resource_type === 'staff' && d.reason.endsWith('(alex.morgan)'))).toBe(true);
    const roles = await a.handle.db
      .selectFrom('staff_roles as r')
      .innerJoin('staff as s', 's.id', 'r.staff_id')
      .select('r.role_key')
      .where('s.username', '=', 'alex.morgan')
      .execute();
    expect(roles.map((r) => r.role_key).sort()).toEqual(['administrator', 'staff']);
  });

  it('grants administrator or privacy officer only with a second administrator, who is neither the one asking nor the person', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    // The only administrator: nobody else could approve, so the grant is immediate.
    expect(
      await act(alex, 'accounts.changeRole', {
        username: 'jordan.blake',
        role: 'administrator',
        change: 'grant',
        reason: 'second administrator',
      }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'granted' },
    });
    const jordan = await signedIn(a, 'jordan.blake');

    // Now a second administrator exists: the grant waits.
    const preview = valueOf<RolePreview>(
      await alex('accounts.rolePreview', { username: 'ken.ito', role: 'administrator', change: 'grant' }),
    );
    expect(preview.approval).toContain("Needs a second administrator's approval");
    expect(
      await act(alex, 'accounts.changeRole', {
        username: 'ken.ito',
        role: 'administrator',
        change: 'grant',
        reason: 'third administrator',
      }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'pending' },
    });
    expect(
      await a.handle.db
        .selectFrom('staff_roles as r')
        .innerJoin('staff as s', 's.id', 'r.staff_id')
        .select('r.role_key')
        .where('s.username', '=', 'ken.ito')
        .where('r.role_key', '=', 'administrator')
        .execute(),
    ).toEqual([]);
    const waiting = valueOf<{ items: RoleRequestView[] }>(await alex('accounts.roleRequests', {})).items;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ person: 'Ken Ito', role: { name: 'Administrator' }, requestedBy: 'Alex Morgan', mayApprove: false });
    expect(await act(alex, 'accounts.decideRoleRequest', { requestId: waiting[0]!.id, decision: 'approve' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'A grant needs a second administrator: the one who asked for it cannot approve it.',
    });
    expect(
      await act(jordan, 'accounts.decideRoleRequest', { requestId: waiting[0]!.id, decision: 'approve', note: 'checked with HR' }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'approved' },
    });
    expect((await lastEvent(a, 'account.role_requested')).actor_username).toBe('alex.morgan');
    expect(await lastEvent(a, 'account.role_approved')).toMatchObject({ actor_username: 'jordan.blake' });
    expect((await lastEvent(a, 'account.role_approved')).reason).toContain(
      'approved the grant of Administrator to Ken Ito (ken.ito) as the second administrator, asked by alex.morgan',
    );
    expect((await lastEvent(a, 'account.role_granted')).reason).toContain('approved by jordan.blake');
    // Decided once.
    expect(await act(jordan, 'accounts.decideRoleRequest', { requestId: waiting[0]!.id, decision: 'approve' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });

    // Three administrators: a grant to jordan waits, and jordan may not approve it.
    expect(
      await act(alex, 'accounts.changeRole', {
        username: 'jordan.blake',
        role: 'privacy_officer',
        change: 'grant',
        reason: 'covers for Priya',
      }),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'pending' },
    });
    const forJordan = valueOf<{ items: RoleRequestView[] }>(await jordan('accounts.roleRequests', {})).items[0]!;
    expect(forJordan).toMatchObject({ mayApprove: false, whyNot: 'Nobody approves a grant of their own roles.' });
    expect(await act(jordan, 'accounts.decideRoleRequest', { requestId: forJordan.id, decision: 'approve' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const ken = await signedIn(a, 'ken.ito');
    expect(await act(ken, 'accounts.decideRoleRequest', { requestId: forJordan.id, decision: 'refuse', note: 'not needed' })).toMatchObject(
      {
        ok: true,
        value: { outcome: 'refused' },
      },
    );
    expect(
      (
        await a.handle.db
          .selectFrom('staff_roles as r')
          .innerJoin('staff as s', 's.id', 'r.staff_id')
          .select('r.role_key')
          .where('s.username', '=', 'jordan.blake')
          .execute()
      ).map((r) => r.role_key),
    ).not.toContain('privacy_officer');
  });

  it('unlocks a locked account; resets a password with a one-time password and ends the sessions; disables, enables and ends sessions', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');

    await lockOut(a, 'rosa.diaz');
    expect(await windowOf(a, 'r1')('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      code: 'LOCKED_OUT',
    });
    expect(await act(alex, 'accounts.unlock', { username: 'rosa.diaz', reason: 'called the help desk, identity checked' })).toMatchObject({
      ok: true,
    });
    expect((await lastEvent(a, 'account.unlocked')).reason).toContain('called the help desk');
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await act(alex, 'accounts.unlock', { username: 'rosa.diaz', reason: 'again' })).toMatchObject({ ok: false, code: 'CONFLICT' });

    // Reset: her window is signed out, the old password no longer works, the new one must be changed.
    const reset = valueOf<{ oneTimePassword: string; message: string }>(
      await act(alex, 'accounts.resetPassword', { username: 'rosa.diaz', reason: 'forgot it' }),
    );
    expect(reset.message).toContain('1 open session(s) ended');
    expect(await rosa('training.myCurriculum', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await windowOf(a, 'r2')('auth.signIn', { username: 'rosa.diaz', password: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      code: 'INVALID_CREDENTIALS',
    });
    const back = windowOf(a, 'r3');
    // Her authenticator still stands: the code first, then the forced change.
    expect(await back('auth.signIn', { username: 'rosa.diaz', password: reset.oneTimePassword })).toMatchObject({
      ok: true,
      value: { state: 'needs_code' },
    });
    expect(
      await back('auth.verifyCode', {
        kind: 'totp',
        code: await freshCode(a.handle.db, a.clock, 'rosa.diaz', demoTotpSecret('rosa.diaz')!),
      }),
    ).toMatchObject({ ok: true, value: { state: 'must_change' } });
    // The old password is in the history: the forced change cannot go back to it.
    expect(await act(back, 'auth.changePassword', { currentPassword: reset.oneTimePassword, newPassword: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      code: 'PASSWORD_POLICY',
    });
    expect(JSON.stringify(await auditEvents(a))).not.toContain(reset.oneTimePassword);

    // Disable ends her sessions and refuses sign-in; enable lets her back.
    const liam = await signedIn(a, 'liam.chen');
    expect(await act(alex, 'accounts.setEnabled', { username: 'liam.chen', enabled: false, reason: 'extended leave' })).toMatchObject({
      ok: true,
    });
    expect(await liam('training.myCurriculum', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await windowOf(a, 'l2')('auth.signIn', { username: 'liam.chen', password: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      code: 'ACCOUNT_DISABLED',
    });
    const disabled = valueOf<StaffPage>(await alex('accounts.list', { status: 'disabled', search: 'liam' }));
    expect(disabled.rows[0]).toMatchObject({ username: 'liam.chen', status: 'disabled', disabledReason: 'extended leave' });
    expect(await act(alex, 'accounts.setEnabled', { username: 'liam.chen', enabled: true, reason: 'back from leave' })).toMatchObject({
      ok: true,
    });
    const liam2 = await signedIn(a, 'liam.chen', DEMO_PASSWORD, 'liam-again');
    expect((await lastEvent(a, 'account.enabled')).reason).toContain('back from leave');

    const ended = valueOf<{ ended: number }>(await act(alex, 'accounts.endSessions', { username: 'liam.chen', reason: 'lost laptop' }));
    expect(ended.ended).toBe(1);
    expect(await liam2('auth.activity', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect((await lastEvent(a, 'account.sessions_ended')).reason).toBe('ended 1 open session(s) of Liam Chen (liam.chen): lost laptop');
  });
});
