import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY } from '../../electron/services/clock.js';
import { certificationFactRows, presentRow } from '../../electron/services/reports/certificationReport.js';
import { reviewsDue } from '../../electron/services/reviews/accessReviews.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';

type Report = {
  rows: { name: string; department: string; fullyCertified: boolean; modules: { status: string }[] }[];
  summary: { people: number; compliancePercent: number; byStatus: Record<string, number> };
};

describe.each(testDialects())('oversight on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });
  const idOf = async (a: Awaited<ReturnType<typeof app>>, username: string) =>
    Number((await a.handle.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);

  it('scopes a supervisor to their own team, direct and indirect, and never another team', async () => {
    const a = await app();
    const sam = await signedIn(a, 'sam.okafor');
    const team = valueOf<Report>(await sam('reports.certification', { scope: { kind: 'team' } }));
    expect(new Set(team.rows.map((r) => r.department))).toEqual(new Set(['Constituent Services']));
    expect(team.rows.map((r) => r.name)).toContain('Liam Chen');
    expect(team.rows.map((r) => r.name)).not.toContain('Rosa Diaz');
    // Asking for the organization is refused, not quietly widened.
    expect(await sam('reports.certification', { scope: { kind: 'organization' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // Jordan supervises the supervisors: his team includes their teams (indirect reports).
    const jordan = await signedIn(a, 'jordan.blake');
    const wide = valueOf<Report>(await jordan('reports.certification', { scope: { kind: 'team' } }));
    expect(wide.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Sam Okafor', 'Liam Chen', 'Rosa Diaz', 'Carl Patel']));
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await rosa('reports.certification', { scope: { kind: 'team' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('aggregates statuses and compliance in one pass, consistent with the rows', async () => {
    const a = await app();
    a.clock.advance(40 * DAY);
    const { rows, summary } = await certificationFactRows(a.handle.db, { kind: 'organization' }, 30, a.clock.now());
    const report = { rows: rows.map(presentRow) };
    const cells = report.rows.flatMap((r) => r.modules);
    expect(summary.people).toBe(report.rows.length);
    expect(Object.values(summary.byStatus).reduce((x, y) => x + y, 0)).toBe(cells.length);
    expect(summary.fullyCertified).toBe(report.rows.filter((r) => r.fullyCertified).length);
    const nora = report.rows.find((r) => r.name === 'Nora Hill')!;
    expect(nora.modules.map((m) => m.status)).toEqual(['overdue', 'overdue', 'overdue', 'overdue']);
    expect(nora.modules[0]!.text).toMatch(/^overdue by \d+ days$/);
    const liam = report.rows.find((r) => r.name === 'Liam Chen')!;
    expect(liam).toMatchObject({ fullyCertified: true, recordAccessActive: true, certifiedRoles: ['staff', 'live_help_operator'] });
  });

  it('counts people on the summary cards, and each status filter shows as many people as its card says', async () => {
    const a = await app();
    a.clock.advance(40 * DAY);
    const priya = await signedIn(a, 'priya.shah');
    const scope = { kind: 'organization' };
    const all = valueOf<Report & { summary: { peopleByStatus: Record<string, number> } }>(await priya('reports.certification', { scope }));
    for (const status of ['overdue', 'expired', 'expiring', 'never', 'current']) {
      const filtered = valueOf<Report>(await priya('reports.certification', { scope, filter: { status } }));
      expect(filtered.rows.length, status).toBe(all.summary.peopleByStatus[status]);
      expect(all.rows.filter((r) => r.modules.some((m) => m.status === status)).length, status).toBe(all.summary.peopleByStatus[status]);
    }
    // People, not module certifications: nobody is counted twice.
    expect(Math.max(...Object.values(all.summary.peopleByStatus))).toBeLessThanOrEqual(all.summary.people);
    expect(all.summary.peopleByStatus.overdue).toBeLessThan(all.summary.byStatus.overdue!);
  });

  it('makes a review due 6 months after the last one, or after the hire date', async () => {
    const a = await app();
    const ken = await idOf(a, 'ken.ito');
    const before = await reviewsDue(a.handle.db, { kind: 'team', supervisorId: ken }, a.clock.now());
    const carl = before.find((d) => d.name === 'Carl Patel')!;
    expect(carl).toMatchObject({ lastReviewedAt: '2026-05-08T09:00:00.000Z', overdue: true }); // the demo's one overdue review, 200 days ago
    const k = await signedIn(a, 'ken.ito');
    valueOf(await k('reviews.complete', { staffId: carl.staffId, decisions: [{ role: 'card_processor', decision: 'keep' }] }));
    const after = (await reviewsDue(a.handle.db, { kind: 'team', supervisorId: ken }, a.clock.now())).find((d) => d.name === 'Carl Patel')!;
    expect(after).toMatchObject({ overdue: false, dueAt: '2027-05-24T09:00:00.000Z' });
    // Another supervisor cannot review Carl.
    const sam = await signedIn(a, 'sam.okafor');
    expect(
      await sam('reviews.complete', { staffId: carl.staffId, decisions: [{ role: 'card_processor', decision: 'revoke' }] }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await k('reviews.complete', { staffId: carl.staffId, decisions: [] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('imports nothing from a roster with one bad row', async () => {
    const a = await app();
    const snapshot = async () =>
      JSON.stringify([
        await a.handle.db.selectFrom('staff').selectAll().orderBy('id').execute(),
        await a.handle.db.selectFrom('staff_roles').selectAll().orderBy('staff_id').orderBy('role_key').execute(),
      ]);
    const alex = await signedIn(a, 'alex.morgan');
    const before = await snapshot();
    const sample = readFileSync('test/fixtures/roster-sample.csv', 'utf8');
    const bad = `${sample.trim()}\nE3002,Broken Row,broken@agency.example.gov,Records Management,E1005,2026-02-31,records_clerk,active\n`;
    const preview = valueOf<{ errors: { row: number; column: string }[] }>(await alex('roster.preview', { csv: bad }));
    expect(preview.errors).toEqual([expect.objectContaining({ row: 6, column: 'hire_date' })]);
    expect(await alex('roster.apply', { csv: bad })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await snapshot()).toBe(before);

    const done = valueOf<{
      counts: { new: number; leaver: number; changed: number };
      newAccounts: { username: string; oneTimePassword: string }[];
    }>(await alex('roster.apply', { csv: sample }));
    expect(done.counts).toMatchObject({ new: 1, leaver: 1, changed: 1 });
    const hire = await a.handle.db
      .selectFrom('staff')
      .innerJoin('credentials', 'credentials.staff_id', 'staff.id')
      .selectAll()
      .where('employee_id', '=', 'E3001')
      .executeTakeFirstOrThrow();
    expect(hire).toMatchObject({ must_change: 1, status: 'active' });
    expect(hire.password_hash).not.toContain(done.newAccounts[0]!.oneTimePassword);
    const audit = JSON.stringify(await a.handle.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain(done.newAccounts[0]!.oneTimePassword);
    expect(audit).toContain('roster.leaver');
  });

  it('disables accounts unused for 90 days', async () => {
    const a = await app();
    await signedIn(a, 'liam.chen');
    a.clock.advance(91 * DAY);
    const disabled = await a.services.roster.disableInactiveAccounts('test-ws');
    expect(disabled).toBeGreaterThan(10);
    const liam = await a.handle.db.selectFrom('staff').selectAll().where('username', '=', 'liam.chen').executeTakeFirstOrThrow();
    expect(liam).toMatchObject({ status: 'disabled', disabled_reason: 'unused for 90 days' });
    expect((await a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'staff.disabled_inactive').execute()).length).toBe(
      disabled,
    );
  });
});
