/**
 * The roster import obeys the same rules as the account screens: an administrator cannot change
 * their own roles or disable themselves with it, privileged grants wait for a second
 * administrator, and a row that gives back a role an access review revoked says so and applies
 * only once confirmed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RosterPreview } from '../../electron/contract/roster.js';
import { createTestApp, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';

const HEADER = 'employee_id,name,email,department,supervisor_employee_id,hire_date,roles,status';
const ALEX = (roles: string, status = 'active') =>
  `E1002,Alex Morgan,alex.morgan@example.org,Privacy & Technology Office,E1001,2021-02-12,${roles},${status}`;
const act = (call: Call, channel: string, input: unknown) => call(channel, input, crypto.randomUUID());

async function rolesOf(a: TestApp, username: string): Promise<string[]> {
  const rows = await a.handle.db
    .selectFrom('staff_roles as r')
    .innerJoin('staff as s', 's.id', 'r.staff_id')
    .select('r.role_key')
    .where('s.username', '=', username)
    .execute();
  return rows.map((r) => r.role_key).sort();
}

describe.each(testDialects())('roster import and separation of duties on %s', (dialect) => {
  it('refuses a roster in which the administrator grants themselves privacy officer, or disables themselves', async () => {
    const a = await createTestApp({ dialect });
    const alex = await signedIn(a, 'alex.morgan');
    const selfGrant = `${HEADER}\n${ALEX('administrator;privacy_officer')}\n`;
    const preview = valueOf<RosterPreview>(await alex('roster.preview', { csv: selfGrant }));
    expect(preview.errors).toEqual([
      {
        row: 2,
        column: 'roles',
        message:
          'This row is your own account. Nobody changes their own roles: another administrator must do it (separation of duties, NIST AC-5).',
      },
    ]);
    expect(preview.changes).toEqual([]);
    expect(await act(alex, 'roster.apply', { csv: selfGrant })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await rolesOf(a, 'alex.morgan')).toEqual(['administrator', 'staff']);
    const denied = await a.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'roster.import')
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(denied.actor_username).toBe('alex.morgan');
    expect(denied.reason).toContain('Nobody changes their own roles');

    // Nor can the roster drop their administrator role, or terminate them.
    expect(valueOf<RosterPreview>(await alex('roster.preview', { csv: `${HEADER}\n${ALEX('')}\n` })).errors[0]).toMatchObject({
      column: 'roles',
    });
    expect(
      valueOf<RosterPreview>(await alex('roster.preview', { csv: `${HEADER}\n${ALEX('administrator', 'terminated')}\n` })).errors[0],
    ).toMatchObject({
      column: 'status',
      message: expect.stringContaining('You cannot disable or re-enable your own account'),
    });
    // Their own row unchanged is fine.
    expect(valueOf<RosterPreview>(await alex('roster.preview', { csv: `${HEADER}\n${ALEX('administrator')}\n` })).errors).toEqual([]);
  });

  it("makes a roster's grant of administrator wait for a second administrator where one exists", async () => {
    const a = await createTestApp({ dialect });
    const alex = await signedIn(a, 'alex.morgan');
    await act(alex, 'accounts.changeRole', {
      username: 'jordan.blake',
      role: 'administrator',
      change: 'grant',
      reason: 'second administrator',
    });
    const csv = `${HEADER}\nE1006,Ken Ito,ken.ito@example.org,Finance & Payments,E1001,2019-06-01,supervisor;administrator,active\n`;
    const preview = valueOf<RosterPreview>(await alex('roster.preview', { csv }));
    expect(preview.changes[0]!.changes).toContain("Administrator waits for a second administrator's approval");
    expect(await act(alex, 'roster.apply', { csv })).toMatchObject({ ok: true });
    expect(await rolesOf(a, 'ken.ito')).toEqual(['staff', 'supervisor']);
    const pending = await a.handle.db.selectFrom('role_requests').selectAll().where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ role_key: 'administrator' });
  });

  it('shows a re-grant of a role revoked in an access review, and applies it only once confirmed', async () => {
    const a = await createTestApp({ dialect });
    const liamId = Number(
      (await a.handle.db.selectFrom('staff').select('id').where('username', '=', 'liam.chen').executeTakeFirstOrThrow()).id,
    );
    const sam = await signedIn(a, 'sam.okafor');
    valueOf(
      await act(sam, 'reviews.complete', {
        staffId: liamId,
        decisions: [{ role: 'live_help_operator', decision: 'revoke', note: 'no longer on Live Help' }],
      }),
    );
    expect(await rolesOf(a, 'liam.chen')).toEqual(['staff']);

    const alex = await signedIn(a, 'alex.morgan');
    const csv = readFileSync('test/fixtures/roster-sample.csv', 'utf8');
    const preview = valueOf<RosterPreview>(await alex('roster.preview', { csv }));
    const liamRow = preview.changes.find((c) => c.employeeId === 'E1101')!;
    expect(liamRow.regrants).toEqual(['re-grants Live Help operator, revoked by Sam Okafor in the access review of Nov 24, 2026']);
    expect(liamRow.changes).toContain('roles added: Live Help operator');
    expect(preview.changes.filter((c) => c.regrants.length > 0)).toHaveLength(1);

    const refused = await act(alex, 'roster.apply', { csv });
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT' });
    if (!refused.ok) expect(refused.message).toContain('row 2 (Liam Chen) re-grants Live Help operator, revoked by Sam Okafor');
    expect(await rolesOf(a, 'liam.chen')).toEqual(['staff']);
    expect(await a.handle.db.selectFrom('staff').select('id').where('employee_id', '=', 'E3001').execute()).toEqual([]);

    expect(await act(alex, 'roster.apply', { csv, confirmedRegrants: ['E1101'] })).toMatchObject({ ok: true });
    expect(await rolesOf(a, 'liam.chen')).toEqual(['live_help_operator', 'staff']);
    const change = await a.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'roster.change')
      .where('resource_id', '=', String(liamId))
      .executeTakeFirstOrThrow();
    expect(change.reason).toContain('re-grants Live Help operator, revoked by Sam Okafor in the access review of Nov 24, 2026 (confirmed)');
  });
});
