/**
 * Privacy monitoring: runs the rules (rules.ts) over the audit trail on a schedule and on demand,
 * turns each hit into an alert in the privacy officer's queue (one per rule, person and local day;
 * re-running adds evidence, never a second alert), and records the officer's judgement:
 * appropriate, inappropriate (needs a note, ends the person's live break-glass grants at once and
 * tells their supervisor on the supervisor's home screen) or needs follow-up. Suppressions, the
 * watch list and the rules' settings are kept here too. Every change is audited in its transaction.
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { AlertStatus, Database } from '../../../db/schema.js';
import {
  MONITOR_RULE_KEYS,
  type AlertDetail,
  type AlertView,
  type EvidenceEntry,
  type MonitorRuleKey,
  type NoticeView,
  type OpenAlertsSummary,
  type RulesView,
  type RunView,
  type SuppressionView,
  type WatchEntryView,
} from '../../contract/monitoring.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../contract/records.js';
import type { Actor } from '../audit/auditLog.js';
import type { Caller } from '../caller.js';
import { DAY } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { authorize } from '../policy/authorize.js';
import { grantsWithState } from '../policy/breakGlassGrants.js';
import { SUBJECT_NAMES } from '../policy/recordRules.js';
import { SUBJECT_VIEWS, type Row } from '../records/recordViews.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { localDay, localDayOf, localDaysBetween, nextDay } from './localDays.js';
import {
  readMonitoringSettings,
  ruleSettingProblems,
  storeHours,
  storeRuleSettings,
  type MonitoringSettings,
} from './monitoringSettings.js';
import { MONITORING_RULES, ruleOf, type Hit, type MonitoringRule } from './rules.js';

/** The first run looks this far back; a workstation that was off for long looks back at most LOOKBACK_LIMIT_DAYS. */
const FIRST_RUN_DAYS = 7;
const LOOKBACK_LIMIT_DAYS = 31;
/** Evidence kept per alert: enough to judge; the count says how many entries the finding covers. */
const EVIDENCE_LIMIT = 500;
const EVIDENCE_SHOWN = 200;

const OPEN: readonly AlertStatus[] = ['open', 'follow_up'];
const CLOSED: readonly AlertStatus[] = ['appropriate', 'inappropriate'];
const OUTCOME_WORDS: Record<AlertStatus, string> = {
  open: 'open',
  follow_up: 'needing follow-up',
  appropriate: 'appropriate',
  inappropriate: 'inappropriate',
};

const EVENT_WORDS: Record<string, string> = {
  'record.open': 'Opened a record',
  'record.reveal': 'Revealed a protected field',
  'record.process': 'Processed a card order',
  'record.export': 'Exported a list',
  'record.list': 'Listed records',
  'record.break_glass': 'Broke the glass (emergency access)',
};

const ruleName = (key: string) => ((MONITOR_RULE_KEYS as readonly string[]).includes(key) ? ruleOf(key as MonitorRuleKey).name : key);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class MonitoringService {
  constructor(private readonly ctx: ServiceContext) {}

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  // -------------------------------------------------------------------------------------------
  // Running the rules.

  /** The scheduled run: no person asked for it, so the trail names the workstation only. */
  async runScheduled(workstation: string): Promise<RunView> {
    return this.run(null, workstation);
  }

  /** The privacy officer's "run now". */
  async runNow(principal: Principal, { workstation }: Caller): Promise<RunView> {
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    return this.run(principal, workstation);
  }

  private async run(by: Principal | null, workstation: string): Promise<RunView> {
    const { db, audit } = this.ctx;
    const startedAt = this.now();
    const settings = await readMonitoringSettings(db);
    const last = await db.selectFrom('monitor_runs').select('window_to').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const floor = new Date(new Date(startedAt).getTime() - LOOKBACK_LIMIT_DAYS * DAY).toISOString();
    const since = last ? last.window_to : new Date(new Date(startedAt).getTime() - FIRST_RUN_DAYS * DAY).toISOString();
    const windowFrom = since > floor ? since : floor;
    // From the start of the local day of the last run, so a day's counts are always whole.
    const days = localDaysBetween(windowFrom, startedAt, settings.timeZone);
    const departments = (await db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute()).map((d) => ({
      id: Number(d.id),
      name: d.name,
      hours: settings.hours(Number(d.id)),
    }));
    const actor = by ? actorOf(by) : null;
    let raised = 0;
    let updated = 0;
    for (const day of days) {
      for (const rule of MONITORING_RULES) {
        if (!settings.enabled(rule.key)) continue;
        const hits = await rule.find({
          db,
          day,
          timeZone: settings.timeZone,
          value: (key) => settings.value(rule, key),
          departments,
        });
        for (const hit of hits) {
          const result = await this.recordHit(rule, day.day, hit, actor, workstation);
          if (result === 'raised') raised += 1;
          if (result === 'updated') updated += 1;
        }
      }
    }
    const finishedAt = this.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('monitor_runs')
        .values({
          started_at: startedAt,
          finished_at: finishedAt,
          window_from: days[0]?.from ?? startedAt,
          window_to: startedAt,
          raised,
          updated,
          run_by: by?.id ?? null,
        })
        .execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'monitoring.run',
        outcome: 'allowed',
        resource: { type: 'PrivacyAlert', id: '*' },
        reason: `${by ? 'run on demand' : 'scheduled run'} over ${days.length === 1 ? '1 day' : `${days.length} days`}: ${raised} alerts raised, ${updated} updated`,
        details: { from: days[0]?.day ?? null, to: days[days.length - 1]?.day ?? null, raised, updated },
      });
    });
    const open = await db
      .selectFrom('monitor_alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', OPEN)
      .executeTakeFirstOrThrow();
    return { ranAt: startedAt, days: days.length, raised, updated, open: Number(open.n) };
  }

  /** Suppressions of this rule for this person (lifted ones count until they were lifted). */
  private async suppressionPeriods(db: Kysely<Database>, rule: MonitorRuleKey, staffId: number) {
    const rows = await db
      .selectFrom('monitor_suppressions')
      .select(['starts_at', 'ends_at', 'lifted_at'])
      .where('rule', '=', rule)
      .where('staff_id', '=', staffId)
      .execute();
    return rows.map((r) => ({ from: r.starts_at, to: r.lifted_at && r.lifted_at < r.ends_at ? r.lifted_at : r.ends_at }));
  }

  /** Turns one hit into a new alert or new evidence for the existing one; entries in a suppression period are left out. */
  private async recordHit(
    rule: MonitoringRule,
    day: string,
    hit: Hit,
    actor: Actor | null,
    workstation: string,
  ): Promise<'raised' | 'updated' | 'none'> {
    const { db, dialect, audit } = this.ctx;
    const periods = await this.suppressionPeriods(db, rule.key, hit.staffId);
    const entries = hit.entries.filter((e) => !periods.some((p) => e.at >= p.from && e.at < p.to)).sort((a, b) => a.seq - b.seq);
    if (entries.length === 0) return 'none';
    const count = Math.max(entries.length, hit.count - (hit.entries.length - entries.length));
    const evidence = entries.slice(0, EVIDENCE_LIMIT);
    const firstAt = entries[0]!.at;
    const lastAt = entries[entries.length - 1]!.at;
    const now = this.now();
    return db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, dialect, 'monitoring');
      const person = await trx.selectFrom('staff').select('username').where('id', '=', hit.staffId).executeTakeFirstOrThrow();
      const existing = await trx
        .selectFrom('monitor_alerts')
        .selectAll()
        .where('rule', '=', rule.key)
        .where('staff_id', '=', hit.staffId)
        .where('day', '=', day)
        .executeTakeFirst();
      if (!existing) {
        const row = await trx
          .insertInto('monitor_alerts')
          .values({
            rule: rule.key,
            staff_id: hit.staffId,
            day,
            status: 'open',
            why: hit.why,
            entry_count: count,
            first_at: firstAt,
            last_at: lastAt,
            raised_at: now,
            updated_at: now,
            decided_by: null,
            decided_at: null,
            decision_note: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const alertId = Number(row.id);
        for (const part of chunks(evidence, 200)) {
          await trx
            .insertInto('monitor_alert_entries')
            .values(part.map((e) => ({ alert_id: alertId, seq: e.seq })))
            .execute();
        }
        await audit.append(trx, {
          actor,
          workstation,
          event: 'monitoring.alert_raised',
          outcome: 'allowed',
          resource: { type: 'PrivacyAlert', id: alertId },
          reason: `${rule.name}: ${hit.why}`,
          details: { rule: rule.key, day, person: person.username, entries: count },
        });
        return 'raised';
      }
      const alertId = Number(existing.id);
      const known = new Set<number>();
      for (const part of chunks(evidence, 500)) {
        const rows = await trx
          .selectFrom('monitor_alert_entries')
          .select('seq')
          .where('alert_id', '=', alertId)
          .where(
            'seq',
            'in',
            part.map((e) => e.seq),
          )
          .execute();
        for (const r of rows) known.add(Number(r.seq));
      }
      const fresh = evidence.filter((e) => !known.has(e.seq));
      if (fresh.length === 0 && count <= Number(existing.entry_count)) return 'none';
      for (const part of chunks(fresh, 200)) {
        await trx
          .insertInto('monitor_alert_entries')
          .values(part.map((e) => ({ alert_id: alertId, seq: e.seq })))
          .execute();
      }
      // New activity after a judgement was not judged: the alert opens again.
      const reopened = CLOSED.includes(existing.status);
      await trx
        .updateTable('monitor_alerts')
        .set({
          why: hit.why,
          entry_count: Math.max(count, Number(existing.entry_count)),
          first_at: firstAt < existing.first_at ? firstAt : existing.first_at,
          last_at: lastAt > existing.last_at ? lastAt : existing.last_at,
          updated_at: now,
          status: reopened ? 'open' : existing.status,
        })
        .where('id', '=', alertId)
        .execute();
      await audit.append(trx, {
        actor,
        workstation,
        event: 'monitoring.alert_updated',
        outcome: 'allowed',
        resource: { type: 'PrivacyAlert', id: alertId },
        reason:
          `${rule.name}: new entries for this alert` +
          (reopened ? `; opened again (it had been judged ${OUTCOME_WORDS[existing.status]})` : '') +
          `. ${hit.why}`,
        details: { rule: rule.key, day, person: person.username, entries: count, newEntries: fresh.length, reopened },
      });
      return 'updated';
    });
  }

  // -------------------------------------------------------------------------------------------
  // The privacy officer's queue.

  private alertQuery(db: Kysely<Database>) {
    return db
      .selectFrom('monitor_alerts as m')
      .innerJoin('staff as s', 's.id', 'm.staff_id')
      .innerJoin('departments as d', 'd.id', 's.department_id')
      .leftJoin('staff as j', 'j.id', 'm.decided_by')
      .select([
        'm.id',
        'm.rule',
        'm.staff_id',
        's.display_name as person',
        'd.name as department',
        'm.day',
        'm.why',
        'm.entry_count',
        'm.first_at',
        'm.last_at',
        'm.raised_at',
        'm.status',
        'j.display_name as decided_by',
        'm.decided_at',
        'm.decision_note',
      ]);
  }

  private alertView(
    row: Awaited<ReturnType<ReturnType<MonitoringService['alertQuery']>['executeTakeFirstOrThrow']>>,
    viewer: Principal,
  ): AlertView {
    return {
      alertId: Number(row.id),
      rule: row.rule as MonitorRuleKey,
      ruleName: ruleName(row.rule),
      person: row.person,
      department: row.department,
      day: row.day,
      why: row.why,
      entries: Number(row.entry_count),
      firstAt: row.first_at,
      lastAt: row.last_at,
      raisedAt: row.raised_at,
      ageDays: Math.floor((this.ctx.clock.now().getTime() - new Date(row.raised_at).getTime()) / DAY),
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at,
      note: row.decision_note,
      aboutYou: Number(row.staff_id) === viewer.id,
    };
  }

  private async loadAlert(alertId: number) {
    const row = await this.alertQuery(this.ctx.db).where('m.id', '=', alertId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'There is no alert with that number.');
    return row;
  }

  /** Open alerts (with those needing follow-up), closed ones, or all; newest day first. */
  async alerts(
    principal: Principal,
    input: { status: 'open' | 'closed' | 'all'; rule?: MonitorRuleKey | undefined },
    { workstation }: Caller,
  ): Promise<{ items: AlertView[]; total: number }> {
    await authorize(this.ctx, principal, workstation, 'read', 'PrivacyAlert');
    let q = this.alertQuery(this.ctx.db);
    if (input.status === 'open') q = q.where('m.status', 'in', OPEN);
    if (input.status === 'closed') q = q.where('m.status', 'in', CLOSED);
    if (input.rule) q = q.where('m.rule', '=', input.rule);
    const rows = await q.orderBy('m.day', 'desc').orderBy('m.raised_at', 'desc').orderBy('m.id', 'desc').limit(500).execute();
    let total = rows.length;
    if (rows.length === 500) {
      let c = this.ctx.db.selectFrom('monitor_alerts as m').select((eb) => eb.fn.countAll<number>().as('n'));
      if (input.status === 'open') c = c.where('m.status', 'in', OPEN);
      if (input.status === 'closed') c = c.where('m.status', 'in', CLOSED);
      if (input.rule) c = c.where('m.rule', '=', input.rule);
      total = Number((await c.executeTakeFirstOrThrow()).n);
    }
    return { items: rows.map((r) => this.alertView(r, principal)), total };
  }

  /** One alert with its evidence. The evidence is the audit trail, so reading it is audited. */
  async alert(principal: Principal, alertId: number, { workstation }: Caller): Promise<AlertDetail> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'PrivacyAlert');
    const row = await this.loadAlert(alertId);
    const entries = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', 'in', (eb) => eb.selectFrom('monitor_alert_entries').select('seq').where('alert_id', '=', alertId))
      .orderBy('seq')
      .limit(EVIDENCE_SHOWN)
      .execute();
    const titles = await this.recordTitles(entries);
    const stored = await db
      .selectFrom('monitor_alert_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alert_id', '=', alertId)
      .executeTakeFirstOrThrow();
    const now = this.now();
    const live = await db
      .selectFrom(grantsWithState(db, now).as('g'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('g.staff_id', '=', Number(row.staff_id))
      .where('g.ended_because', 'is', null)
      .executeTakeFirstOrThrow();
    const suppression = await db
      .selectFrom('monitor_suppressions')
      .select((eb) => eb.fn.max('ends_at').as('until'))
      .where('rule', '=', row.rule)
      .where('staff_id', '=', Number(row.staff_id))
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    await audit.append(db, {
      actor: actorOf(principal),
      workstation,
      event: 'monitoring.alert_read',
      outcome: 'allowed',
      resource: { type: 'PrivacyAlert', id: alertId },
      reason: `privacy officer read the alert and its evidence (${entries.length} entries)`,
    });
    return {
      alert: this.alertView(row, principal),
      evidence: entries.map((e): EvidenceEntry => ({
        at: e.at,
        action: EVENT_WORDS[e.event] ?? e.event,
        record: titles.get(`${e.resource_type}:${e.resource_id}`) ?? null,
        outcome: e.outcome,
        reason: e.reason,
        workstation: e.workstation,
      })),
      evidenceTotal: Math.max(Number(row.entry_count), Number(stored.n)),
      liveGrants: Number(live.n),
      suppressedUntil: (suppression?.until as string | null | undefined) ?? null,
    };
  }

  /** "personal-information record: Liam Chen" for each record the entries name. */
  private async recordTitles(
    entries: readonly { resource_type: string | null; resource_id: string | null }[],
  ): Promise<Map<string, string>> {
    const titles = new Map<string, string>();
    for (const subject of RECORD_SUBJECTS) {
      const ids = [
        ...new Set(
          entries.filter((e) => e.resource_type === subject && /^\d+$/.test(e.resource_id ?? '')).map((e) => Number(e.resource_id)),
        ),
      ];
      if (ids.length === 0) continue;
      const view = SUBJECT_VIEWS[subject as RecordSubject];
      const rows = (await (this.ctx.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .selectFrom(view.table)
        .selectAll()
        .where('id', 'in', ids)
        .execute()) as Row[];
      for (const r of rows) titles.set(`${subject}:${String(r.id)}`, `${SUBJECT_NAMES[subject]}: ${view.title(r)}`);
    }
    return titles;
  }

  /** Records the judgement. Inappropriate ends the person's live break-glass grants and tells their supervisor. */
  async decide(
    principal: Principal,
    input: { alertId: number; outcome: 'appropriate' | 'inappropriate' | 'follow_up'; note?: string | undefined },
    { workstation }: Caller,
  ): Promise<{ alert: AlertView; grantsEnded: number; supervisorNotified: string | null }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'review', 'PrivacyAlert');
    const row = await this.loadAlert(input.alertId);
    const actor = actorOf(principal);
    if (Number(row.staff_id) === principal.id) {
      const why = 'You cannot judge an alert about yourself; another privacy officer must.';
      await audit.append(db, {
        actor,
        workstation,
        event: 'monitoring.decide',
        outcome: 'denied',
        resource: { type: 'PrivacyAlert', id: input.alertId },
        reason: why,
      });
      throw new AppError('FORBIDDEN', why);
    }
    if (CLOSED.includes(row.status)) {
      throw new AppError(
        'CONFLICT',
        `This alert was already judged ${OUTCOME_WORDS[row.status]} by ${row.decided_by ?? 'a privacy officer'}.`,
      );
    }
    const note = input.note?.trim() || null;
    if (input.outcome === 'inappropriate' && !note) {
      throw new AppError('INVALID_INPUT', 'Say why the access was inappropriate: the note goes to their supervisor.', {
        note: 'Say why the access was inappropriate.',
      });
    }
    const now = this.now();
    const name = ruleName(row.rule);
    const result = await db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('monitor_alerts')
        .set({ status: input.outcome, decided_by: principal.id, decided_at: now, decision_note: note, updated_at: now })
        .where('id', '=', input.alertId)
        .where('status', 'in', OPEN)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'This alert was judged by someone else just now.');
      await audit.append(trx, {
        actor,
        workstation,
        event: 'monitoring.decide',
        outcome: 'allowed',
        resource: { type: 'PrivacyAlert', id: input.alertId },
        reason: `${name} alert about ${row.person} on ${row.day} judged ${OUTCOME_WORDS[input.outcome]}${note ? `: ${note}` : ''}`,
        details: { rule: row.rule, day: row.day, outcome: input.outcome },
      });
      if (input.outcome !== 'inappropriate') return { grantsEnded: 0, supervisorNotified: null };
      const grantsEnded = await this.endLiveGrants(trx, Number(row.staff_id), name, actor, workstation);
      const supervisorNotified = await this.tellSupervisor(trx, Number(row.staff_id), input.alertId, row.person, actor, workstation);
      return { grantsEnded, supervisorNotified };
    });
    return { alert: this.alertView(await this.loadAlert(input.alertId), principal), ...result };
  }

  /** Ends every break-glass grant of the person that is live now, each with its audit entry. */
  private async endLiveGrants(trx: Kysely<Database>, staffId: number, rule: string, actor: Actor, workstation: string): Promise<number> {
    const now = this.now();
    const live = await trx
      .selectFrom(grantsWithState(trx, now).as('g'))
      .select(['g.id', 'g.record_type', 'g.record_id'])
      .where('g.staff_id', '=', staffId)
      .where('g.ended_because', 'is', null)
      .execute();
    const why = `a privacy review judged the access inappropriate (${rule} alert)`;
    for (const g of live) {
      await trx.updateTable('break_glass_grants').set({ ended_at: now, end_reason: why }).where('id', '=', g.id).execute();
      await this.ctx.audit.append(trx, {
        actor,
        workstation,
        event: 'break_glass.ended',
        outcome: 'allowed',
        resource: { type: g.record_type, id: g.record_id },
        reason: `break-glass No. ${g.id} ended at once: ${why}`,
        details: { grantId: Number(g.id) },
      });
    }
    return live.length;
  }

  /** Leaves a notice on the supervisor's home screen; returns their name, or null when the person has none. */
  private async tellSupervisor(
    trx: Kysely<Database>,
    staffId: number,
    alertId: number,
    person: string,
    actor: Actor,
    workstation: string,
  ): Promise<string | null> {
    const supervisor = await trx
      .selectFrom('staff as s')
      .innerJoin('staff as boss', 'boss.id', 's.supervisor_id')
      .select(['boss.id', 'boss.display_name', 'boss.username'])
      .where('s.id', '=', staffId)
      .executeTakeFirst();
    if (!supervisor) return null;
    await trx
      .insertInto('supervisor_notices')
      .values({ supervisor_id: Number(supervisor.id), staff_id: staffId, alert_id: alertId, created_at: this.now(), acknowledged_at: null })
      .execute();
    await this.ctx.audit.append(trx, {
      actor,
      workstation,
      event: 'monitoring.supervisor_notified',
      outcome: 'allowed',
      resource: { type: 'PrivacyAlert', id: alertId },
      reason: `${supervisor.display_name}, supervisor of ${person}, told on their home screen`,
      details: { supervisor: supervisor.username },
    });
    return supervisor.display_name;
  }

  // -------------------------------------------------------------------------------------------
  // Suppressions.

  /** Stops the alert's rule from alerting on its person from now until the end of `until` (a local date). */
  async suppress(
    principal: Principal,
    input: { alertId: number; until: string; reason: string },
    { workstation }: Caller,
  ): Promise<SuppressionView> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const row = await this.loadAlert(input.alertId);
    if (Number(row.staff_id) === principal.id) {
      throw new AppError('FORBIDDEN', 'You cannot suppress a rule for yourself; another privacy officer must.');
    }
    const { timeZone } = await readMonitoringSettings(db);
    const now = this.now();
    const today = localDayOf(now, timeZone);
    const latest = localDayOf(new Date(Date.parse(now) + 366 * DAY), timeZone);
    if (input.until < today || input.until > latest) {
      throw new AppError('INVALID_INPUT', 'Choose a date from today to a year from now.', {
        until: 'Choose a date from today to a year from now.',
      });
    }
    const endsAt = localDay(nextDay(input.until), timeZone).from;
    const reason = input.reason.trim();
    const name = ruleName(row.rule);
    const id = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('monitor_suppressions')
        .values({
          rule: row.rule,
          staff_id: Number(row.staff_id),
          starts_at: now,
          ends_at: endsAt,
          reason,
          created_by: principal.id,
          created_at: now,
          lifted_by: null,
          lifted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.suppress',
        outcome: 'allowed',
        resource: { type: 'PrivacyAlert', id: input.alertId },
        reason: `${name} rule suppressed for ${row.person} until the end of ${input.until}: ${reason}`,
        details: { suppressionId: Number(inserted.id), rule: row.rule, until: input.until },
      });
      return Number(inserted.id);
    });
    return (await this.suppressionViews(id))[0]!;
  }

  private async suppressionViews(id?: number): Promise<SuppressionView[]> {
    const now = this.now();
    let q = this.ctx.db
      .selectFrom('monitor_suppressions as x')
      .innerJoin('staff as s', 's.id', 'x.staff_id')
      .innerJoin('staff as b', 'b.id', 'x.created_by')
      .select(['x.id', 'x.rule', 's.display_name as person', 'x.starts_at', 'x.ends_at', 'x.reason', 'b.display_name as by']);
    q = id ? q.where('x.id', '=', id) : q.where('x.lifted_at', 'is', null).where('x.ends_at', '>', now);
    const rows = await q.orderBy('x.ends_at').execute();
    return rows.map((r) => ({
      suppressionId: Number(r.id),
      rule: r.rule as MonitorRuleKey,
      ruleName: ruleName(r.rule),
      person: r.person,
      from: r.starts_at,
      until: r.ends_at,
      reason: r.reason,
      by: r.by,
    }));
  }

  async suppressions(principal: Principal, { workstation }: Caller): Promise<{ items: SuppressionView[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'PrivacyAlert');
    return { items: await this.suppressionViews() };
  }

  async liftSuppression(principal: Principal, suppressionId: number, { workstation }: Caller): Promise<{ items: SuppressionView[] }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const [view] = await this.suppressionViews(suppressionId);
    const now = this.now();
    if (!view || view.until <= now) throw new AppError('NOT_FOUND', 'That suppression is not in force.');
    await db.transaction().execute(async (trx) => {
      const lifted = await trx
        .updateTable('monitor_suppressions')
        .set({ lifted_at: now, lifted_by: principal.id })
        .where('id', '=', suppressionId)
        .where('lifted_at', 'is', null)
        .executeTakeFirst();
      if (Number(lifted.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'That suppression is not in force.');
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.suppression_lifted',
        outcome: 'allowed',
        resource: { type: 'PrivacyAlert', id: '*' },
        reason: `${view.ruleName} rule for ${view.person} alerts again (suppression lifted early)`,
        details: { suppressionId, rule: view.rule },
      });
    });
    return { items: await this.suppressionViews() };
  }

  // -------------------------------------------------------------------------------------------
  // The watch list.

  private async watchEntries(): Promise<WatchEntryView[]> {
    const rows = await this.ctx.db
      .selectFrom('watch_list as w')
      .innerJoin('staff as b', 'b.id', 'w.added_by')
      .select(['w.id', 'w.name', 'w.email', 'w.note', 'b.display_name as added_by', 'w.added_at'])
      .where('w.removed_at', 'is', null)
      .orderBy('w.name')
      .execute();
    return rows.map((r) => ({
      entryId: Number(r.id),
      name: r.name,
      email: r.email,
      note: r.note,
      addedBy: r.added_by,
      addedAt: r.added_at,
    }));
  }

  async watchList(principal: Principal, { workstation }: Caller): Promise<{ items: WatchEntryView[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'PrivacyAlert');
    return { items: await this.watchEntries() };
  }

  async watchAdd(
    principal: Principal,
    input: { name: string; email?: string | undefined; note?: string | undefined },
    { workstation }: Caller,
  ): Promise<{ items: WatchEntryView[] }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const name = input.name.trim().replace(/\s+/g, ' ');
    const email = input.email?.trim().toLowerCase() || null;
    const already = (await this.watchEntries()).some((w) => w.name.toLowerCase() === name.toLowerCase() && (w.email ?? null) === email);
    if (already) throw new AppError('CONFLICT', `${name} is already on the watch list.`);
    const now = this.now();
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('watch_list')
        .values({
          name,
          email,
          note: input.note?.trim() || null,
          added_by: principal.id,
          added_at: now,
          removed_by: null,
          removed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.watch_add',
        outcome: 'allowed',
        resource: { type: 'WatchList', id: Number(row.id) },
        reason: `${name}${email ? ` (${email})` : ''} added to the watch list${input.note?.trim() ? `: ${input.note.trim()}` : ''}`,
      });
    });
    return { items: await this.watchEntries() };
  }

  async watchRemove(principal: Principal, entryId: number, { workstation }: Caller): Promise<{ items: WatchEntryView[] }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const entry = (await this.watchEntries()).find((w) => w.entryId === entryId);
    if (!entry) throw new AppError('NOT_FOUND', 'That person is not on the watch list.');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('watch_list')
        .set({ removed_at: this.now(), removed_by: principal.id })
        .where('id', '=', entryId)
        .where('removed_at', 'is', null)
        .execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.watch_remove',
        outcome: 'allowed',
        resource: { type: 'WatchList', id: entryId },
        reason: `${entry.name} taken off the watch list`,
      });
    });
    return { items: await this.watchEntries() };
  }

  // -------------------------------------------------------------------------------------------
  // The rules' settings.

  private async rulesView(settings: MonitoringSettings): Promise<RulesView> {
    const { db } = this.ctx;
    const departments = await db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute();
    const last = await db
      .selectFrom('monitor_runs as r')
      .leftJoin('staff as s', 's.id', 'r.run_by')
      .select(['r.started_at', 's.display_name', 'r.raised', 'r.updated'])
      .orderBy('r.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      rules: MONITORING_RULES.map((rule) => ({
        key: rule.key,
        name: rule.name,
        description: rule.description,
        enabled: settings.enabled(rule.key),
        settings: rule.settings.map((s) => ({ ...s, value: settings.value(rule, s.key) })),
      })),
      hours: departments.map((d) => ({ departmentId: Number(d.id), department: d.name, ...settings.hours(Number(d.id)) })),
      timeZone: settings.timeZone,
      lastRun: last
        ? { at: last.started_at, by: last.display_name ?? null, raised: Number(last.raised), updated: Number(last.updated) }
        : null,
    };
  }

  async rules(principal: Principal, { workstation }: Caller): Promise<RulesView> {
    await authorize(this.ctx, principal, workstation, 'read', 'PrivacyAlert');
    return this.rulesView(await readMonitoringSettings(this.ctx.db));
  }

  async saveRule(
    principal: Principal,
    input: { rule: MonitorRuleKey; enabled: boolean; settings: Record<string, number> },
    { workstation }: Caller,
  ): Promise<RulesView> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const rule = ruleOf(input.rule);
    const problems = ruleSettingProblems(rule, input.settings);
    if (Object.keys(problems).length) {
      throw new AppError(
        'INVALID_INPUT',
        Object.values(problems).join(' '),
        Object.fromEntries(Object.entries(problems).map(([k, v]) => [`settings.${k}`, v])),
      );
    }
    const now = this.now();
    await db.transaction().execute(async (trx) => {
      await storeRuleSettings(trx, rule, input.enabled, input.settings, now);
      const values = rule.settings.filter((s) => s.key in input.settings).map((s) => `${s.label}: ${input.settings[s.key]}`);
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.settings',
        outcome: 'allowed',
        resource: { type: 'MonitoringRule', id: rule.key },
        reason: `${rule.name} rule ${input.enabled ? 'on' : 'off'}${values.length ? `; ${values.join('; ')}` : ''}`,
        details: { enabled: input.enabled, settings: input.settings },
      });
    });
    return this.rulesView(await readMonitoringSettings(db));
  }

  async saveHours(
    principal: Principal,
    input: { departmentId: number; start: string; end: string; weekendsAreAfterHours: boolean },
    { workstation }: Caller,
  ): Promise<RulesView> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'PrivacyAlert');
    const dept = await db.selectFrom('departments').select(['id', 'name']).where('id', '=', input.departmentId).executeTakeFirst();
    if (!dept) throw new AppError('NOT_FOUND', 'There is no such department.');
    await db.transaction().execute(async (trx) => {
      await storeHours(
        trx,
        input.departmentId,
        { start: input.start, end: input.end, weekendsAreAfterHours: input.weekendsAreAfterHours },
        this.now(),
      );
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.settings',
        outcome: 'allowed',
        resource: { type: 'MonitoringRule', id: 'after_hours' },
        reason: `working hours of ${dept.name}: ${input.start} to ${input.end}${input.weekendsAreAfterHours ? ', weekends after hours' : ', weekends too'}`,
      });
    });
    return this.rulesView(await readMonitoringSettings(db));
  }

  // -------------------------------------------------------------------------------------------
  // Supervisors' notices and the dashboard.

  private async noticeViews(supervisorId: number): Promise<NoticeView[]> {
    const rows = await this.ctx.db
      .selectFrom('supervisor_notices as n')
      .innerJoin('monitor_alerts as m', 'm.id', 'n.alert_id')
      .innerJoin('staff as s', 's.id', 'n.staff_id')
      .innerJoin('staff as j', 'j.id', 'm.decided_by')
      .select(['n.id', 's.display_name as person', 'm.rule', 'm.day', 'j.display_name as judged_by', 'm.decided_at', 'm.decision_note'])
      .where('n.supervisor_id', '=', supervisorId)
      .where('n.acknowledged_at', 'is', null)
      .orderBy('n.created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      noticeId: Number(r.id),
      person: r.person,
      ruleName: ruleName(r.rule),
      day: r.day,
      judgedBy: r.judged_by,
      judgedAt: r.decided_at ?? '',
      note: r.decision_note ?? '',
    }));
  }

  async notices(principal: Principal, { workstation }: Caller): Promise<{ items: NoticeView[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'SupervisorNotice');
    return { items: await this.noticeViews(principal.id) };
  }

  async acknowledgeNotice(principal: Principal, noticeId: number, { workstation }: Caller): Promise<{ items: NoticeView[] }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'SupervisorNotice');
    const notice = (await this.noticeViews(principal.id)).find((n) => n.noticeId === noticeId);
    if (!notice) throw new AppError('NOT_FOUND', 'There is no unread notice with that number for you.');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('supervisor_notices')
        .set({ acknowledged_at: this.now() })
        .where('id', '=', noticeId)
        .where('supervisor_id', '=', principal.id)
        .execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'monitoring.notice_read',
        outcome: 'allowed',
        resource: { type: 'SupervisorNotice', id: noticeId },
        reason: `${principal.displayName} read the privacy review finding about ${notice.person}`,
      });
    });
    return { items: await this.noticeViews(principal.id) };
  }

  /** Open alerts by rule and age (waiting since raised: under a day, up to 7 days, older). The caller authorizes. */
  async openAlertsSummary(): Promise<OpenAlertsSummary> {
    const { db } = this.ctx;
    const rows = await db.selectFrom('monitor_alerts').select(['rule', 'raised_at']).where('status', 'in', OPEN).execute();
    const last = await db.selectFrom('monitor_runs').select('started_at').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const now = this.ctx.clock.now().getTime();
    const byRule = MONITORING_RULES.map((rule) => {
      const ages = rows.filter((r) => r.rule === rule.key).map((r) => (now - new Date(r.raised_at).getTime()) / DAY);
      return {
        rule: rule.key,
        name: rule.name,
        today: ages.filter((a) => a < 1).length,
        thisWeek: ages.filter((a) => a >= 1 && a < 7).length,
        older: ages.filter((a) => a >= 7).length,
        oldestDays: ages.length ? Math.floor(Math.max(...ages)) : 0,
      };
    }).filter((r) => r.today + r.thisWeek + r.older > 0);
    return { total: rows.length, byRule, lastRunAt: last?.started_at ?? null };
  }
}
