/**
 * Privacy monitoring on both dialects: each rule with a case that must raise an alert and one that
 * must not, through the real router (people open records; the privacy officer runs the rules),
 * and what an alert leads to: one alert per rule, person and day, evidence in words, judgements,
 * grants ended, the supervisor told, suppressions, the watch list and the dashboard.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import type { AlertDetail, AlertView, MonitorRuleKey, NoticeView, RulesView, RunView } from '../../electron/contract/monitoring.js';
import type { OpenResult } from '../../electron/contract/records.js';
import type { DashboardView } from '../../electron/contract/dashboard.js';
import { DAY, HOUR, MINUTE } from '../../electron/services/clock.js';
import { noDesktop } from '../../electron/services/desktop.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';

const purpose = { code: 'respond_to_citizen' as const };
const NY = 'America/New_York';

async function deptId(a: TestApp, code: string): Promise<number> {
  return Number((await a.handle.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
}

async function staffId(a: TestApp, username: string): Promise<number> {
  return Number((await a.handle.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
}

/** The n-th personal record of a department (by id), renamed to be about someone in particular. */
async function recordAbout(
  a: TestApp,
  dept: string,
  n: number,
  person: Partial<{ full_name: string; email: string; phone: string; mailing_address: string }>,
): Promise<number> {
  const rows = await a.handle.db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', await deptId(a, dept))
    .orderBy('id')
    .execute();
  const id = Number(rows[n]!.id);
  if (Object.keys(person).length) await a.handle.db.updateTable('personal_records').set(person).where('id', '=', id).execute();
  return id;
}

async function open(call: Call, id: number): Promise<OpenResult> {
  return valueOf<OpenResult>(await call('records.open', { subject: 'PersonalRecord', id, purpose }));
}

async function run(priya: Call): Promise<RunView> {
  return valueOf<RunView>(await priya('monitoring.run'));
}

async function alerts(priya: Call, rule?: MonitorRuleKey, status: 'open' | 'closed' | 'all' = 'all'): Promise<AlertView[]> {
  return valueOf<{ items: AlertView[] }>(await priya('monitoring.alerts', { status, ...(rule ? { rule } : {}) })).items;
}

async function setTimeZone(a: TestApp, zone: string): Promise<void> {
  await a.handle.db
    .insertInto('settings')
    .values({ key: 'monitoring.timeZone', value: zone, updated_at: a.clock.now().toISOString() })
    .execute();
}

/** An entry as the records service writes it, at the clock's time. */
async function recordEntry(a: TestApp, username: string, event: string, id: number | '*', details: Record<string, number> = {}) {
  await a.services.audit.record({
    actor: { id: await staffId(a, username), username },
    workstation: 'test-ws',
    event,
    outcome: 'allowed',
    resource: { type: 'PersonalRecord', id },
    reason: 'Role records_clerk may open personal-information records of Records Management',
    details,
  });
}

describe.each(testDialects())('privacy monitoring on %s', (dialect) => {
  const app = () => createTestApp({ dialect, contentDir: CONTENT_DIR });

  describe('each rule raises an alert when it should, and only then', () => {
    it('own record: a clerk opening a record about themself, not a stranger', async () => {
      const a = await app();
      const own = await recordAbout(a, 'REC', 1, { full_name: 'Someone Else', email: 'ROSA.DIAZ@agency.example.gov ' });
      const stranger = await recordAbout(a, 'REC', 2, {});
      const rosa = await signedIn(a, 'rosa.diaz');
      await open(rosa, stranger);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      expect(await alerts(priya, 'self')).toEqual([]);

      await open(rosa, own);
      expect(await run(priya)).toMatchObject({ raised: 1 });
      const [alert] = await alerts(priya, 'self');
      expect(alert).toMatchObject({ person: 'Rosa Diaz', department: 'Records Management', day: '2026-11-24', entries: 1, status: 'open' });
      expect(alert!.why).toBe(
        'Rosa Diaz opened 1 record about a person with their own name or e-mail: personal-information record about Someone Else.',
      );
    });

    it('coworker: a clerk opening a record about another staff member, not a citizen', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'REC', 1, { full_name: 'Liam Chen', email: 'l.chen@example.org' });
      const citizen = await recordAbout(a, 'REC', 2, {});
      const rosa = await signedIn(a, 'rosa.diaz');
      await open(rosa, citizen);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      expect(await alerts(priya, 'coworker')).toEqual([]);

      await open(rosa, coworker);
      await run(priya);
      const [alert] = await alerts(priya, 'coworker');
      expect(alert!.why).toBe(
        'Rosa Diaz opened 1 record about a coworker: personal-information record about Liam Chen, a staff member in Constituent Services.',
      );
      const detail = valueOf<AlertDetail>(await priya('monitoring.alert', { alertId: alert!.alertId }));
      expect(detail.evidence).toEqual([
        expect.objectContaining({ action: 'Opened a record', record: 'personal-information record: Liam Chen', outcome: 'allowed' }),
      ]);
    });

    it('family: same surname and the same phone or address as the clerk, not a namesake elsewhere', async () => {
      const a = await app();
      // Rosa's own phone and home address come from HR, through the roster import's optional columns.
      const alex = await signedIn(a, 'alex.morgan');
      const roster = [
        'employee_id,name,email,department,supervisor_employee_id,hire_date,roles,status,phone,home_address',
        'E1201,Rosa Diaz,rosa.diaz@agency.example.gov,Records Management,E1005,2025-07-12,records_clerk,active,(502) 555-0147,"12 Elm Street, Frankfort, KY 40601"',
      ].join('\n');
      const preview = valueOf<{ changes: { changes: string[] }[] }>(await alex('roster.preview', { csv: roster }));
      expect(preview.changes[0]!.changes).toEqual(['phone updated', 'home address updated']);
      valueOf(await alex('roster.apply', { csv: roster }));
      const change = await a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'roster.change').executeTakeFirstOrThrow();
      expect(change.reason).toBe('phone updated; home address updated');
      const namesake = await recordAbout(a, 'REC', 1, { full_name: 'Miguel Diaz', phone: '502-555-9999', mailing_address: '1 Main St' });
      const samePhoneOtherName = await recordAbout(a, 'REC', 2, { full_name: 'Ana Ortiz', phone: '502.555.0147' });
      const brother = await recordAbout(a, 'REC', 3, { full_name: 'Miguel  Diaz', phone: '+502 555 0147', mailing_address: 'x' });
      const mother = await recordAbout(a, 'REC', 4, {
        full_name: 'Carmen Diaz',
        phone: '',
        mailing_address: '12 elm street, frankfort, ky 40601',
      });
      const rosa = await signedIn(a, 'rosa.diaz');
      await open(rosa, namesake);
      await open(rosa, samePhoneOtherName);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      expect(await alerts(priya, 'family')).toEqual([]);

      await open(rosa, brother);
      await open(rosa, mother);
      await run(priya);
      const [alert] = await alerts(priya, 'family');
      expect(alert).toMatchObject({ person: 'Rosa Diaz', entries: 2 });
      expect(alert!.why).toBe(
        'Rosa Diaz opened 2 records about someone with their surname and their own phone number, home address: personal-information record about Miguel  Diaz, personal-information record about Carmen Diaz.',
      );
    });

    it("watch list: a record about someone on the privacy officer's list, and no longer once they are taken off", async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const priya = await signedIn(a, 'priya.shah');
      const harper = await recordAbout(a, 'REC', 0, {});
      const other = await recordAbout(a, 'REC', 5, {});
      const list = valueOf<{ items: { entryId: number; name: string }[] }>(
        await priya('monitoring.watchAdd', { name: 'Evelyn Harper', email: 'evelyn.harper@example.org', note: 'State senator' }),
      );
      await open(rosa, other);
      await run(priya);
      expect(await alerts(priya, 'watch_list')).toEqual([]);

      await open(rosa, harper);
      await run(priya);
      const [alert] = await alerts(priya, 'watch_list');
      expect(alert!.why).toBe(
        'Rosa Diaz opened 1 record about someone on the watch list: personal-information record about Evelyn Harper.',
      );

      valueOf(await priya('monitoring.watchRemove', { entryId: list.items[0]!.entryId }));
      a.clock.advance(DAY);
      const rosaTomorrow = await signedIn(a, 'rosa.diaz');
      await open(rosaTomorrow, harper);
      await run(await signedIn(a, 'priya.shah'));
      expect(await alerts(await signedIn(a, 'priya.shah'), 'watch_list')).toHaveLength(1);
      const audit = await a.handle.db
        .selectFrom('audit_log')
        .select('reason')
        .where('event', 'like', 'monitoring.watch_%')
        .orderBy('seq')
        .execute();
      expect(audit.map((e) => e.reason)).toEqual([
        'Evelyn Harper (evelyn.harper@example.org) added to the watch list: State senator',
        'Evelyn Harper taken off the watch list',
      ]);
    });

    it("volume: far above one's own 30-day baseline and one's peers', but not above only one of them", async () => {
      const a = await app();
      await setTimeZone(a, 'UTC');
      const record = await recordAbout(a, 'REC', 1, {});
      const clerks = (
        await a.handle.db
          .selectFrom('staff')
          .innerJoin('staff_roles', 'staff_roles.staff_id', 'staff.id')
          .select('staff.username')
          .where('staff_roles.role_key', '=', 'records_clerk')
          .where('staff.username', '<>', 'rosa.diaz')
          .orderBy('staff.id')
          .execute()
      ).map((c) => c.username);
      expect(clerks).toHaveLength(4);
      const [busy, alsoBusy, newStarter] = clerks as [string, string, string];
      // The 30 days before: Rosa opens 2 records a day, two other clerks 10 a day each, the new starter none.
      const start = a.clock.now().getTime();
      for (let d = 30; d >= 1; d--) {
        a.clock.set(new Date(start - d * DAY));
        for (let i = 0; i < 2; i++) await recordEntry(a, 'rosa.diaz', 'record.open', record);
        for (let i = 0; i < 10; i++) await recordEntry(a, busy, 'record.open', record);
        for (let i = 0; i < 10; i++) await recordEntry(a, alsoBusy, 'record.open', record);
      }
      a.clock.set(new Date(start));
      const priya = await signedIn(a, 'priya.shah');
      valueOf(await priya('monitoring.saveRule', { rule: 'volume', enabled: true, settings: { multiple: 3, minimum: 10 } }));
      // Today: Rosa 25 (over 3 × her own 2 and 3 × her peers' 5); the busy clerk 25 (under 3 × their own 10);
      // the new starter 15 (nothing of their own, but under 3 × their peers' 5.5).
      for (let i = 0; i < 25; i++)
        await recordEntry(a, 'rosa.diaz', i % 5 === 0 ? 'record.export' : 'record.open', i % 5 === 0 ? '*' : record);
      for (let i = 0; i < 25; i++) await recordEntry(a, busy, 'record.open', record);
      for (let i = 0; i < 15; i++) await recordEntry(a, newStarter, 'record.open', record);
      await run(priya);
      const found = await alerts(priya, 'volume');
      expect(found.map((x) => x.person)).toEqual(['Rosa Diaz']);
      expect(found[0]!.entries).toBe(25);
      expect(found[0]!.why).toBe(
        'Rosa Diaz opened or exported 25 times in the day: 12.5 times their own daily average of the previous 30 days (2.0) and 5.0 times the daily average of the 4 other people in their role (5.0). The rule fires above 3 times both, from 10 a day.',
      );

      // Raising the floor above 25 keeps the next day's identical volume quiet.
      const rules = valueOf<RulesView>(
        await priya('monitoring.saveRule', { rule: 'volume', enabled: true, settings: { multiple: 3, minimum: 30 } }),
      );
      expect(rules.rules.find((r) => r.key === 'volume')!.settings.map((s) => s.value)).toEqual([3, 30]);
      expect(await priya('monitoring.saveRule', { rule: 'volume', enabled: true, settings: { multiple: 100 } })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        fields: { 'settings.multiple': 'Multiple of the usual daily volume: between 1.5 and 20.' },
      });
      a.clock.advance(DAY);
      for (let i = 0; i < 25; i++) await recordEntry(a, 'rosa.diaz', 'record.open', record);
      await run(await signedIn(a, 'priya.shah'));
      expect(await alerts(await signedIn(a, 'priya.shah'), 'volume')).toHaveLength(1);
    });

    it("after hours: outside the department's working hours in the organization's time zone, not inside them", async () => {
      const a = await app();
      await setTimeZone(a, NY);
      const record = await recordAbout(a, 'REC', 1, {});
      // Tuesday 24 November, 18:30 in New York (23:30 UTC): within 07:00–19:00 there, though after 19:00 in UTC.
      a.clock.set('2026-11-24T23:30:00.000Z');
      await open(await signedIn(a, 'rosa.diaz'), record);
      await run(await signedIn(a, 'priya.shah'));
      expect(await alerts(await signedIn(a, 'priya.shah'), 'after_hours')).toEqual([]);

      // 21:30 in New York.
      a.clock.set('2026-11-25T02:30:00.000Z');
      await open(await signedIn(a, 'rosa.diaz'), record);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      const [alert] = await alerts(priya, 'after_hours');
      expect(alert).toMatchObject({ day: '2026-11-24', entries: 1 });
      expect(alert!.why).toBe(
        'Rosa Diaz used 1 record outside the working hours of Records Management (07:00 to 19:00 on weekdays), between 9:30 PM and 9:30 PM.',
      );

      // Saturday afternoon counts as after hours, unless the department works weekends.
      a.clock.set('2026-11-28T20:00:00.000Z');
      await open(await signedIn(a, 'rosa.diaz'), record);
      const saturday = await signedIn(a, 'priya.shah');
      await run(saturday);
      expect((await alerts(saturday, 'after_hours')).map((x) => x.day)).toEqual(['2026-11-28', '2026-11-24']);
      valueOf(
        await saturday('monitoring.saveHours', {
          departmentId: await deptId(a, 'REC'),
          start: '08:00',
          end: '17:00',
          weekendsAreAfterHours: false,
        }),
      );
      a.clock.set('2026-11-29T20:00:00.000Z');
      await open(await signedIn(a, 'rosa.diaz'), record);
      const sunday = await signedIn(a, 'priya.shah');
      await run(sunday);
      expect((await alerts(sunday, 'after_hours')).map((x) => x.day)).toEqual(['2026-11-28', '2026-11-24']);
    });

    it('repeated denials: five refusals in a day, not four, and wrong passwords do not count', async () => {
      const a = await app();
      const cs = await a.handle.db
        .selectFrom('personal_records')
        .select('id')
        .where('department_id', '=', await deptId(a, 'CS'))
        .orderBy('id')
        .execute();
      const rosa = await signedIn(a, 'rosa.diaz');
      for (const r of cs.slice(0, 4)) expect((await open(rosa, Number(r.id))).status).toBe('denied');
      const carl = (await signedIn(a, 'carl.patel')) as Call;
      for (let i = 0; i < 6; i++) await carl('auth.signIn', { username: 'carl.patel', password: `wrong-password-${i}` });
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      expect(await alerts(priya, 'repeated_denials')).toEqual([]);

      expect((await open(rosa, Number(cs[4]!.id))).status).toBe('denied');
      await run(priya);
      const found = await alerts(priya, 'repeated_denials');
      expect(found).toHaveLength(1);
      expect(found[0]!.why).toBe(
        'Rosa Diaz was refused 5 times in the day (the rule fires from 5). Reasons given: This record belongs to Constituent Services; your access covers Records Management only.',
      );
    });

    it('frequent break-glass: the third emergency access in 30 days, not the second', async () => {
      const a = await app();
      const cs = await a.handle.db
        .selectFrom('personal_records')
        .select('id')
        .where('department_id', '=', await deptId(a, 'CS'))
        .orderBy('id')
        .execute();
      const rosa = await signedIn(a, 'rosa.diaz');
      const breakGlass = (id: number) =>
        rosa('records.breakGlass', {
          subject: 'PersonalRecord',
          id,
          reason: 'Citizen on the phone, office closed',
          password: DEMO_PASSWORD,
        });
      valueOf(await breakGlass(Number(cs[0]!.id)));
      valueOf(await breakGlass(Number(cs[1]!.id)));
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      expect(await alerts(priya, 'break_glass_frequency')).toEqual([]);
      valueOf(await breakGlass(Number(cs[2]!.id)));
      await run(priya);
      const found = await alerts(priya, 'break_glass_frequency');
      expect(found.map((x) => [x.person, x.entries])).toEqual([['Rosa Diaz', 3]]);
      expect(found[0]!.why).toBe('Rosa Diaz broke the glass 3 times in the 30 days up to this day (the rule fires from 3).');
    });

    it('export of many records: the rows of the day’s exports together, from the threshold the officer set', async () => {
      const desktop = { ...noDesktop, saveFile: async (_k: string, name: string) => `/exports/${name}` };
      const a = await createTestApp({ dialect, desktop, contentDir: CONTENT_DIR });
      const priya = await signedIn(a, 'priya.shah');
      valueOf(await priya('monitoring.saveRule', { rule: 'export_volume', enabled: true, settings: { threshold: 60 } }));
      const rosa = await signedIn(a, 'rosa.diaz');
      const first = valueOf<{ rows: number }>(await rosa('records.export', { subject: 'PersonalRecord', format: 'csv' }));
      expect(first.rows).toBeGreaterThanOrEqual(30);
      expect(first.rows).toBeLessThan(60);
      await run(priya);
      expect(await alerts(priya, 'export_volume')).toEqual([]);
      valueOf(await rosa('records.export', { subject: 'PersonalRecord', format: 'json' }));
      await run(priya);
      const found = await alerts(priya, 'export_volume');
      expect(found).toHaveLength(1);
      expect(found[0]!.why).toBe(`Rosa Diaz exported ${2 * first.rows} records in 2 exports in the day (the rule fires from 60).`);
    });
  });

  describe('alerts', () => {
    it('are raised once per rule, person and day: re-running adds evidence, never a second alert', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'REC', 1, { full_name: 'Liam Chen' });
      const rosa = await signedIn(a, 'rosa.diaz');
      await open(rosa, coworker);
      const priya = await signedIn(a, 'priya.shah');
      expect(await run(priya)).toMatchObject({ raised: 1, updated: 0 });
      expect(await run(priya)).toMatchObject({ raised: 0, updated: 0 });
      a.clock.advance(5 * MINUTE);
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const again = await signedIn(a, 'priya.shah');
      expect(await run(again)).toMatchObject({ raised: 0, updated: 1 });
      const found = await alerts(again, 'coworker');
      expect(found).toHaveLength(1);
      expect(found[0]!.entries).toBe(2);
      // The scheduled run (no one asked) finds nothing new either.
      await a.runMonitoring();
      expect(await a.handle.db.selectFrom('monitor_alerts').selectAll().execute()).toHaveLength(1);
      const raisedEntries = await a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'monitoring.alert_raised').execute();
      expect(raisedEntries).toHaveLength(1);
      expect(raisedEntries[0]).toMatchObject({ actor_username: 'priya.shah', resource_type: 'PrivacyAlert' });
      expect(raisedEntries[0]!.reason).toMatch(/^Coworker: Rosa Diaz opened 1 record about a coworker/);
      const scheduled = await a.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event', '=', 'monitoring.run')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(scheduled).toMatchObject({ actor_username: null, reason: 'scheduled run over 1 day: 0 alerts raised, 0 updated' });
    });

    it('judged inappropriate: needs a note, ends the live break-glass grants at once and tells the supervisor', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'CS', 0, { full_name: 'Liam Chen', email: 'liam.chen@agency.example.gov' });
      const rosa = await signedIn(a, 'rosa.diaz');
      valueOf(
        await rosa('records.breakGlass', {
          subject: 'PersonalRecord',
          id: coworker,
          reason: 'Caller says it is urgent',
          password: DEMO_PASSWORD,
        }),
      );
      expect(await open(rosa, coworker)).toMatchObject({ status: 'opened', via: 'break-glass' });
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      const [alert] = await alerts(priya, 'coworker');
      expect(valueOf<AlertDetail>(await priya('monitoring.alert', { alertId: alert!.alertId })).liveGrants).toBe(1);

      expect(await priya('monitoring.decide', { alertId: alert!.alertId, outcome: 'inappropriate' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        fields: { note: 'Say why the access was inappropriate.' },
      });
      const judged = valueOf<{ alert: AlertView; grantsEnded: number; supervisorNotified: string | null }>(
        await priya('monitoring.decide', {
          alertId: alert!.alertId,
          outcome: 'inappropriate',
          note: 'No call on record; Liam is her neighbour.',
        }),
      );
      expect(judged).toMatchObject({
        grantsEnded: 1,
        supervisorNotified: 'Maria Lopez',
        alert: { status: 'inappropriate', decidedBy: 'Priya Shah' },
      });

      const denied = await open(rosa, coworker);
      expect(denied).toMatchObject({ status: 'denied', breakGlassAllowed: false });
      if (denied.status === 'denied') {
        expect(denied.reason).toContain(
          'Your emergency access to this record ended: a privacy review judged the access inappropriate (Coworker alert).',
        );
      }

      const maria = await signedIn(a, 'maria.lopez');
      const notices = valueOf<{ items: NoticeView[] }>(await maria('monitoring.notices'));
      expect(notices.items).toEqual([
        expect.objectContaining({
          person: 'Rosa Diaz',
          ruleName: 'Coworker',
          day: '2026-11-24',
          judgedBy: 'Priya Shah',
          note: 'No call on record; Liam is her neighbour.',
        }),
      ]);
      expect(valueOf<{ items: NoticeView[] }>(await (await signedIn(a, 'sam.okafor'))('monitoring.notices')).items).toEqual([]);
      expect(
        valueOf<{ items: NoticeView[] }>(await maria('monitoring.acknowledgeNotice', { noticeId: notices.items[0]!.noticeId })).items,
      ).toEqual([]);

      const events = await a.handle.db
        .selectFrom('audit_log')
        .select(['event', 'reason'])
        .where('event', 'in', ['monitoring.decide', 'break_glass.ended', 'monitoring.supervisor_notified', 'monitoring.notice_read'])
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.event)).toEqual([
        'monitoring.decide',
        'break_glass.ended',
        'monitoring.supervisor_notified',
        'monitoring.notice_read',
      ]);
      expect(events[0]!.reason).toBe(
        'Coworker alert about Rosa Diaz on 2026-11-24 judged inappropriate: No call on record; Liam is her neighbour.',
      );

      // Judged once: a second judgement is refused; the break-glass review queue shows the grant ended.
      expect(await priya('monitoring.decide', { alertId: alert!.alertId, outcome: 'appropriate' })).toMatchObject({
        ok: false,
        code: 'CONFLICT',
      });
      const queue = valueOf<{ items: { endedBecause: string | null }[] }>(await priya('review.queue', { status: 'all' }));
      expect(queue.items[0]!.endedBecause).toBe('a privacy review judged the access inappropriate (Coworker alert)');
    });

    it('needs follow-up keeps it open; new entries after a judgement open it again', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'REC', 1, { full_name: 'Liam Chen' });
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      const [alert] = await alerts(priya, 'coworker');
      valueOf(
        await priya('monitoring.decide', { alertId: alert!.alertId, outcome: 'follow_up', note: 'Ask Maria what the letter was about' }),
      );
      expect((await alerts(priya, 'coworker', 'open')).map((x) => x.status)).toEqual(['follow_up']);
      valueOf(
        await priya('monitoring.decide', { alertId: alert!.alertId, outcome: 'appropriate', note: 'Liam asked her to update his address' }),
      );
      expect(await alerts(priya, 'coworker', 'open')).toEqual([]);

      a.clock.advance(10 * MINUTE);
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const later = await signedIn(a, 'priya.shah');
      expect(await run(later)).toMatchObject({ raised: 0, updated: 1 });
      expect((await alerts(later, 'coworker', 'open')).map((x) => [x.status, x.entries])).toEqual([['open', 2]]);
      const reopened = await a.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event', '=', 'monitoring.alert_updated')
        .executeTakeFirstOrThrow();
      expect(reopened.reason).toMatch(/^Coworker: new entries for this alert; opened again \(it had been judged appropriate\)\./);
    });

    it('a suppression with a reason stops the rule for that person until the date, and a lifted one no longer does', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'REC', 1, { full_name: 'Liam Chen' });
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      const [alert] = await alerts(priya, 'coworker');
      expect(await priya('monitoring.suppress', { alertId: alert!.alertId, until: '2026-12-01', reason: 'no' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
      });
      const suppression = valueOf<{ suppressionId: number; ruleName: string; person: string }>(
        await priya('monitoring.suppress', {
          alertId: alert!.alertId,
          until: '2026-12-01',
          reason: 'Rosa handles Liam’s address change this week',
        }),
      );
      expect(suppression).toMatchObject({ ruleName: 'Coworker', person: 'Rosa Diaz' });

      a.clock.advance(2 * DAY);
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const p2 = await signedIn(a, 'priya.shah');
      await run(p2);
      expect(await alerts(p2, 'coworker')).toHaveLength(1);

      a.clock.advance(MINUTE);
      valueOf(await p2('monitoring.liftSuppression', { suppressionId: suppression.suppressionId }));
      expect(valueOf<{ items: unknown[] }>(await p2('monitoring.suppressions')).items).toEqual([]);
      a.clock.advance(HOUR);
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const p3 = await signedIn(a, 'priya.shah');
      await run(p3);
      const after = await alerts(p3, 'coworker');
      expect(after.map((x) => [x.day, x.entries])).toEqual([
        ['2026-11-26', 1],
        ['2026-11-24', 1],
      ]);
      const audit = await a.handle.db
        .selectFrom('audit_log')
        .select('reason')
        .where('event', 'in', ['monitoring.suppress', 'monitoring.suppression_lifted'])
        .orderBy('seq')
        .execute();
      expect(audit.map((e) => e.reason)).toEqual([
        'Coworker rule suppressed for Rosa Diaz until the end of 2026-12-01: Rosa handles Liam’s address change this week',
        'Coworker rule for Rosa Diaz alerts again (suppression lifted early)',
      ]);
    });

    it('are for the privacy officer only, who may not judge an alert about themself', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      for (const channel of ['monitoring.alerts', 'monitoring.run', 'monitoring.rules', 'monitoring.watchList']) {
        expect(await rosa(channel, channel === 'monitoring.alerts' ? { status: 'open' } : {})).toMatchObject({
          ok: false,
          code: 'FORBIDDEN',
        });
      }
      const denial = await a.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(denial).toMatchObject({ event: 'PrivacyAlert.read', outcome: 'denied', actor_username: 'rosa.diaz' });
      expect(denial.reason).toMatch(/^Only the privacy officer sees privacy-monitoring alerts\./);
      expect(await rosa('monitoring.notices')).toMatchObject({ ok: false, code: 'FORBIDDEN' });

      const priya = await signedIn(a, 'priya.shah');
      const cs = await recordAbout(a, 'CS', 0, { full_name: 'Priya Shah' });
      valueOf(
        await priya('records.breakGlass', {
          subject: 'PersonalRecord',
          id: cs,
          reason: 'Checking my own complaint file',
          password: DEMO_PASSWORD,
        }),
      );
      await open(priya, cs);
      await run(priya);
      const [mine] = await alerts(priya, 'self');
      expect(mine).toMatchObject({ person: 'Priya Shah', aboutYou: true });
      expect(await priya('monitoring.decide', { alertId: mine!.alertId, outcome: 'appropriate' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'You cannot judge an alert about yourself; another privacy officer must.',
      });
    });

    it('show on the dashboard as open alerts by rule and age', async () => {
      const a = await app();
      const coworker = await recordAbout(a, 'REC', 1, { full_name: 'Liam Chen' });
      await open(await signedIn(a, 'rosa.diaz'), coworker);
      const priya = await signedIn(a, 'priya.shah');
      await run(priya);
      a.clock.advance(3 * DAY);
      const cs = await a.handle.db
        .selectFrom('personal_records')
        .select('id')
        .where('department_id', '=', await deptId(a, 'CS'))
        .orderBy('id')
        .execute();
      const rosa = await signedIn(a, 'rosa.diaz');
      for (const r of cs.slice(0, 5)) await open(rosa, Number(r.id));
      const later = await signedIn(a, 'priya.shah');
      await run(later);
      const dashboard = valueOf<DashboardView>(await later('dashboard.privacy'));
      expect(dashboard.openAlerts).toMatchObject({
        total: 2,
        byRule: [
          { rule: 'coworker', name: 'Coworker', today: 0, thisWeek: 1, older: 0, oldestDays: 3 },
          { rule: 'repeated_denials', name: 'Repeated denials', today: 1, thisWeek: 0, older: 0, oldestDays: 0 },
        ],
      });
      expect(dashboard.openAlerts.lastRunAt).toBe(a.clock.now().toISOString());
    });
  });
});
