/**
 * THE privacy-monitoring rules, in one place: what each looks for in the audit trail, its query
 * and its threshold. Each rule looks at one local day of the trail and returns its hits: a person,
 * the entries that are the evidence, and why the rule fired, in words. The runner
 * (monitoringService.ts) turns hits into alerts, one per rule, person and day.
 *
 * Queries are dialect-neutral SQL (SQLite and PostgreSQL run the same tests). Times in the trail
 * are UTC ISO strings, so a local day is a range of strings [from, to).
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { MonitorRuleKey } from '../../contract/monitoring.js';
import { DAY } from '../clock.js';
import { RECORD_RULES, SUBJECT_NAMES } from '../policy/recordRules.js';
import type { RecordSubject } from '../../contract/records.js';
import { isWeekend, localClock, localTime, type LocalDay } from './localDays.js';

/** Entries that show a person looking at, using or taking out a record. */
const RECORD_USE = ['record.open', 'record.reveal', 'record.process'] as const;
/** What the volume rule counts: opening a record and exporting a list. */
const OPENS_AND_EXPORTS = ['record.open', 'record.export'] as const;
/** Roles whose holders are each other's peers for the volume rule (everyone holds `staff`). */
const RECORD_ROLES = Object.keys(RECORD_RULES);
const BASELINE_DAYS = 30;

export interface NumberSetting {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  /** 1 for whole numbers. */
  step: number;
}

/** A department's working hours; outside them (and all weekend, when set) is after hours. */
export interface WorkingHours {
  start: string;
  end: string;
  weekendsAreAfterHours: boolean;
}

export interface RuleQuery {
  db: Kysely<Database>;
  day: LocalDay;
  timeZone: string;
  /** This rule's setting, or its default. */
  value(key: string): number;
  departments: readonly { id: number; name: string; hours: WorkingHours }[];
}

export interface Hit {
  staffId: number;
  /** Why the rule fired, in words. */
  why: string;
  /** How many entries the finding counts (the evidence may be capped). */
  count: number;
  entries: { seq: number; at: string }[];
}

export interface MonitoringRule {
  key: MonitorRuleKey;
  name: string;
  /** What it looks for, in words, for the privacy officer's rules screen. */
  description: string;
  settings: readonly NumberSetting[];
  find(q: RuleQuery): Promise<Hit[]>;
}

// ---------------------------------------------------------------------------------------------
// Shared SQL: the day's record use, the person each record is about, and comparing names.

/** Case- and space-insensitive equality; false when either side is null. */
function sameText(a: Expression<unknown>, b: Expression<unknown>): Expression<SqlBool> {
  return sql<SqlBool>`lower(trim(${a})) = lower(trim(${b}))`;
}

/** The last word of a name: rtrim strips the trailing non-space characters, leaving what precedes the surname. */
function surname(name: Expression<unknown>): Expression<string> {
  return sql<string>`lower(replace(trim(${name}), rtrim(trim(${name}), replace(trim(${name}), ' ', '')), ''))`;
}

/** A phone number's digits only. */
function digits(phone: Expression<unknown>): Expression<string> {
  return sql<string>`replace(replace(replace(replace(replace(replace(${phone}, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`;
}

/** The person each record is about, across the three kinds of record (type and id as the trail names them). */
function recordPeople(db: Kysely<Database>) {
  const text = (column: string) => sql<string | null>`${sql.ref(column)}`;
  const none = sql<string | null>`cast(null as text)`;
  return db
    .selectFrom('personal_records')
    .select([
      sql<string>`'PersonalRecord'`.as('record_type'),
      sql<string>`cast(id as text)`.as('record_key'),
      text('full_name').as('name'),
      text('email').as('email'),
      text('phone').as('phone'),
      text('mailing_address').as('address'),
    ])
    .unionAll(
      db
        .selectFrom('live_help_transcripts')
        .select([
          sql<string>`'LiveHelpTranscript'`.as('record_type'),
          sql<string>`cast(id as text)`.as('record_key'),
          text('visitor_name').as('name'),
          text('transcript_email').as('email'),
          none.as('phone'),
          none.as('address'),
        ]),
    )
    .unionAll(
      db
        .selectFrom('card_transactions')
        .select([
          sql<string>`'CardTransaction'`.as('record_type'),
          sql<string>`cast(id as text)`.as('record_key'),
          text('cardholder_name').as('name'),
          none.as('email'),
          none.as('phone'),
          none.as('address'),
        ]),
    );
}

/** The day's allowed record use, each entry with the person who did it and the person the record is about. */
function recordUseWithPeople(db: Kysely<Database>, day: LocalDay) {
  return db
    .selectFrom('audit_log as a')
    .innerJoin('staff as s', 's.id', 'a.actor_id')
    .innerJoin(recordPeople(db).as('p'), (j) =>
      j.onRef('p.record_type', '=', 'a.resource_type').onRef('p.record_key', '=', 'a.resource_id'),
    )
    .where('a.at', '>=', day.from)
    .where('a.at', '<', day.to)
    .where('a.outcome', '=', 'allowed')
    .where('a.event', 'in', RECORD_USE);
}

interface MatchRow {
  seq: number;
  at: string;
  actor_id: number | null;
  accessor: string;
  resource_type: string | null;
  resource_id: string | null;
  person: string | null;
  detail?: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
const list = (items: readonly string[]) => {
  const unique = [...new Set(items)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`;
};
const kindOf = (type: string | null) => (type && type in SUBJECT_NAMES ? SUBJECT_NAMES[type as RecordSubject] : 'record');

/** Groups matched entries by the person who made them; a person with at least `minimum` records is a hit. */
function hitsByPerson(
  rows: readonly MatchRow[],
  minimum: number,
  why: (accessor: string, records: number, rows: MatchRow[]) => string,
): Hit[] {
  const byPerson = new Map<number, MatchRow[]>();
  for (const r of rows) byPerson.set(Number(r.actor_id), [...(byPerson.get(Number(r.actor_id)) ?? []), r]);
  const hits: Hit[] = [];
  for (const [staffId, mine] of byPerson) {
    const records = new Set(mine.map((r) => `${r.resource_type}:${r.resource_id}`)).size;
    if (records < minimum) continue;
    hits.push({
      staffId,
      why: why(mine[0]!.accessor, records, mine),
      count: mine.length,
      entries: mine.map((r) => ({ seq: Number(r.seq), at: r.at })),
    });
  }
  return hits;
}

const minimumRecords: NumberSetting = {
  key: 'minimum',
  label: 'Alert from this many records in a day',
  default: 1,
  min: 1,
  max: 100,
  step: 1,
};

/** Counts grouped per person, for the rules that count entries. */
async function countsByPerson(
  db: Kysely<Database>,
  where: { from: string; to: string; events?: readonly string[]; outcome: 'allowed' | 'denied' },
  actorIds?: readonly number[],
): Promise<Map<number, number>> {
  let q = db
    .selectFrom('audit_log')
    .select(['actor_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('at', '>=', where.from)
    .where('at', '<', where.to)
    .where('outcome', '=', where.outcome)
    .where('actor_id', 'is not', null);
  if (where.events) q = q.where('event', 'in', where.events);
  if (actorIds) q = q.where('actor_id', 'in', actorIds.length ? actorIds : [-1]);
  const rows = await q.groupBy('actor_id').execute();
  return new Map(rows.map((r) => [Number(r.actor_id), Number(r.n)]));
}

async function entriesOf(
  db: Kysely<Database>,
  staffId: number,
  where: { from: string; to: string; events?: readonly string[]; outcome: 'allowed' | 'denied' },
) {
  let q = db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'event', 'reason', 'details'])
    .where('actor_id', '=', staffId)
    .where('at', '>=', where.from)
    .where('at', '<', where.to)
    .where('outcome', '=', where.outcome);
  if (where.events) q = q.where('event', 'in', where.events);
  return (await q.orderBy('seq').execute()).map((r) => ({ ...r, seq: Number(r.seq) }));
}

async function staffNames(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.display_name]));
}

const minusDays = (iso: string, days: number) => new Date(new Date(iso).getTime() - days * DAY).toISOString();

// ---------------------------------------------------------------------------------------------
// The rules.

const self: MonitoringRule = {
  key: 'self',
  name: 'Own record',
  description: "Someone opens a record about a person with their own name or e-mail address (the person's own data).",
  settings: [minimumRecords],
  async find({ db, day, value }) {
    const rows = await recordUseWithPeople(db, day)
      .where((eb) => eb.or([sameText(eb.ref('p.name'), eb.ref('s.display_name')), sameText(eb.ref('p.email'), eb.ref('s.email'))]))
      .select(['a.seq', 'a.at', 'a.actor_id', 's.display_name as accessor', 'a.resource_type', 'a.resource_id', 'p.name as person'])
      .orderBy('a.seq')
      .execute();
    return hitsByPerson(
      rows,
      value('minimum'),
      (accessor, n, mine) =>
        `${accessor} opened ${plural(n, 'record')} about a person with their own name or e-mail: ${list(mine.map((r) => `${kindOf(r.resource_type)} about ${r.person}`))}.`,
    );
  },
};

const coworker: MonitoringRule = {
  key: 'coworker',
  name: 'Coworker',
  description: 'Someone opens a record about a person whose name or e-mail address matches another staff member.',
  settings: [minimumRecords],
  async find({ db, day, value }) {
    const rows = await recordUseWithPeople(db, day)
      .innerJoin('staff as o', (j) =>
        j
          .onRef('o.id', '<>', 'a.actor_id')
          .on((eb) => eb.or([sameText(eb.ref('p.name'), eb.ref('o.display_name')), sameText(eb.ref('p.email'), eb.ref('o.email'))])),
      )
      .innerJoin('departments as od', 'od.id', 'o.department_id')
      .select([
        'a.seq',
        'a.at',
        'a.actor_id',
        's.display_name as accessor',
        'a.resource_type',
        'a.resource_id',
        'o.display_name as person',
        'od.name as detail',
      ])
      .orderBy('a.seq')
      .execute();
    const once = [...new Map(rows.map((r) => [Number(r.seq), r])).values()];
    return hitsByPerson(
      once,
      value('minimum'),
      (accessor, n, mine) =>
        `${accessor} opened ${plural(n, 'record')} about a coworker: ${list(mine.map((r) => `${kindOf(r.resource_type)} about ${r.person}, a staff member in ${r.detail}`))}.`,
    );
  },
};

const family: MonitoringRule = {
  key: 'family',
  name: 'Family member',
  description:
    "Someone opens a record about a person with the same surname and the same phone number or home address as their own (from the staff member's HR details).",
  settings: [minimumRecords],
  async find({ db, day, value }) {
    const rows = await recordUseWithPeople(db, day)
      .where((eb) =>
        eb.and([
          eb(surname(eb.ref('p.name')), '=', surname(eb.ref('s.display_name'))),
          eb.not(sameText(eb.ref('p.name'), eb.ref('s.display_name'))),
          eb.or([
            eb.and([eb(digits(eb.ref('s.phone')), '<>', ''), eb(digits(eb.ref('p.phone')), '=', digits(eb.ref('s.phone')))]),
            sameText(eb.ref('p.address'), eb.ref('s.home_address')),
          ]),
        ]),
      )
      .select((eb) => [
        'a.seq',
        'a.at',
        'a.actor_id',
        's.display_name as accessor',
        'a.resource_type',
        'a.resource_id',
        'p.name as person',
        eb
          .case()
          .when(sameText(eb.ref('p.address'), eb.ref('s.home_address')))
          .then(sql.lit('home address'))
          .else(sql.lit('phone number'))
          .end()
          .as('detail'),
      ])
      .orderBy('a.seq')
      .execute();
    return hitsByPerson(
      rows,
      value('minimum'),
      (accessor, n, mine) =>
        `${accessor} opened ${plural(n, 'record')} about someone with their surname and their own ${list(mine.map((r) => r.detail ?? ''))}: ${list(mine.map((r) => `${kindOf(r.resource_type)} about ${r.person}`))}.`,
    );
  },
};

const watchList: MonitoringRule = {
  key: 'watch_list',
  name: 'Watch list',
  description:
    "Someone opens a record about a person on the privacy officer's watch list (for example a public figure), by name or e-mail.",
  settings: [minimumRecords],
  async find({ db, day, value }) {
    const rows = await recordUseWithPeople(db, day)
      .innerJoin('watch_list as w', (j) =>
        j.on((eb) =>
          eb.and([
            eb('w.removed_at', 'is', null),
            eb.or([sameText(eb.ref('p.name'), eb.ref('w.name')), sameText(eb.ref('p.email'), eb.ref('w.email'))]),
          ]),
        ),
      )
      .select(['a.seq', 'a.at', 'a.actor_id', 's.display_name as accessor', 'a.resource_type', 'a.resource_id', 'w.name as person'])
      .orderBy('a.seq')
      .execute();
    const once = [...new Map(rows.map((r) => [Number(r.seq), r])).values()];
    return hitsByPerson(
      once,
      value('minimum'),
      (accessor, n, mine) =>
        `${accessor} opened ${plural(n, 'record')} about someone on the watch list: ${list(mine.map((r) => `${kindOf(r.resource_type)} about ${r.person}`))}.`,
    );
  },
};

const volume: MonitoringRule = {
  key: 'volume',
  name: 'Unusual volume',
  description: `Someone opens or exports more in a day than a multiple of their own daily average over the previous ${BASELINE_DAYS} days and of the average of the others in their role.`,
  settings: [
    { key: 'multiple', label: 'Multiple of the usual daily volume', default: 3, min: 1.5, max: 20, step: 0.5 },
    { key: 'minimum', label: 'Never below this many in a day', default: 20, min: 1, max: 10_000, step: 1 },
  ],
  async find({ db, day, value }) {
    const multiple = value('multiple');
    const today = await countsByPerson(db, { from: day.from, to: day.to, events: OPENS_AND_EXPORTS, outcome: 'allowed' });
    const candidates = [...today].filter(([, n]) => n >= value('minimum'));
    if (candidates.length === 0) return [];
    const baseline = { from: minusDays(day.from, BASELINE_DAYS), to: day.from, events: OPENS_AND_EXPORTS, outcome: 'allowed' as const };
    const hits: Hit[] = [];
    for (const [staffId, n] of candidates) {
      const own = ((await countsByPerson(db, baseline, [staffId])).get(staffId) ?? 0) / BASELINE_DAYS;
      // Peers: everyone else holding one of the person's record roles.
      const peers = (
        await db
          .selectFrom('staff_roles as peer')
          .select('peer.staff_id')
          .distinct()
          .where('peer.staff_id', '<>', staffId)
          .where('peer.role_key', 'in', RECORD_ROLES)
          .where('peer.role_key', 'in', (eb) =>
            eb.selectFrom('staff_roles as mine').select('mine.role_key').where('mine.staff_id', '=', staffId),
          )
          .execute()
      ).map((p) => Number(p.staff_id));
      const peerTotal = [...(await countsByPerson(db, baseline, peers)).values()].reduce((sum, c) => sum + c, 0);
      const peerDaily = peers.length ? peerTotal / (BASELINE_DAYS * peers.length) : 0;
      if (n <= multiple * own || n <= multiple * peerDaily) continue;
      const entries = await entriesOf(db, staffId, { from: day.from, to: day.to, events: OPENS_AND_EXPORTS, outcome: 'allowed' });
      const name = (await staffNames(db, [staffId])).get(staffId) ?? 'Someone';
      const ratio = (avg: number) => (avg > 0 ? `${(n / avg).toFixed(1)} times` : 'far above');
      hits.push({
        staffId,
        count: n,
        entries: entries.map((e) => ({ seq: e.seq, at: e.at })),
        why:
          `${name} opened or exported ${n} times in the day: ${ratio(own)} their own daily average of the previous ${BASELINE_DAYS} days (${own.toFixed(1)})` +
          (peers.length
            ? ` and ${ratio(peerDaily)} the daily average of the ${plural(peers.length, 'other person', 'other people')} in their role (${peerDaily.toFixed(1)}).`
            : '; nobody else holds their role.') +
          ` The rule fires above ${multiple} times both, from ${value('minimum')} a day.`,
      });
    }
    return hits;
  },
};

const afterHours: MonitoringRule = {
  key: 'after_hours',
  name: 'After hours',
  description: "Someone opens, reveals, processes or exports records outside their department's working hours (set per department).",
  settings: [minimumRecords],
  async find({ db, day, value, departments, timeZone }) {
    const hits: Hit[] = [];
    const weekend = isWeekend(day.day);
    for (const dept of departments) {
      const { start, end, weekendsAreAfterHours } = dept.hours;
      const wholeDay = weekend && weekendsAreAfterHours;
      const opens = localTime(day.day, start, timeZone);
      const closes = localTime(day.day, end, timeZone);
      const rows = await db
        .selectFrom('audit_log as a')
        .innerJoin('staff as s', 's.id', 'a.actor_id')
        .select(['a.seq', 'a.at', 'a.actor_id', 's.display_name as accessor', 'a.resource_type', 'a.resource_id', 'a.event'])
        .where('s.department_id', '=', dept.id)
        .where('a.outcome', '=', 'allowed')
        .where('a.event', 'in', [...RECORD_USE, 'record.export'])
        .where('a.at', '>=', day.from)
        .where('a.at', '<', day.to)
        .$if(!wholeDay, (q) => q.where((eb) => eb.or([eb('a.at', '<', opens), eb('a.at', '>=', closes)])))
        .orderBy('a.seq')
        .execute();
      const hours = `${start} to ${end}${weekendsAreAfterHours ? ' on weekdays' : ''}`;
      hits.push(
        ...hitsByPerson(
          rows.map((r) => ({ ...r, person: null })),
          value('minimum'),
          (accessor, n, mine) =>
            `${accessor} used ${plural(n, 'record')} outside the working hours of ${dept.name} (${hours}${wholeDay ? '; this day is a weekend' : ''}), ` +
            `between ${localClock(mine[0]!.at, timeZone)} and ${localClock(mine[mine.length - 1]!.at, timeZone)}.`,
        ),
      );
    }
    return hits;
  },
};

const repeatedDenials: MonitoringRule = {
  key: 'repeated_denials',
  name: 'Repeated denials',
  description:
    'Someone is refused many times in a day (records they may not open, lists, reveals, screens of other roles): it can be someone probing. Wrong passwords are not counted here: the lockout handles them.',
  settings: [{ key: 'threshold', label: 'Denials in a day', default: 5, min: 2, max: 1000, step: 1 }],
  async find({ db, day, value }) {
    const threshold = value('threshold');
    const rows = await db
      .selectFrom('audit_log')
      .select(['actor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('at', '>=', day.from)
      .where('at', '<', day.to)
      .where('outcome', '=', 'denied')
      .where('actor_id', 'is not', null)
      .where('event', 'not like', 'auth.%')
      .where('event', '<>', 'ipc.refused')
      .groupBy('actor_id')
      .having((eb) => eb.fn.countAll(), '>=', threshold)
      .execute();
    const names = await staffNames(
      db,
      rows.map((r) => Number(r.actor_id)),
    );
    const hits: Hit[] = [];
    for (const r of rows) {
      const staffId = Number(r.actor_id);
      const entries = (await entriesOf(db, staffId, { from: day.from, to: day.to, outcome: 'denied' })).filter(
        (e) => !e.event.startsWith('auth.') && e.event !== 'ipc.refused',
      );
      hits.push({
        staffId,
        count: Number(r.n),
        entries: entries.map((e) => ({ seq: e.seq, at: e.at })),
        why: `${names.get(staffId) ?? 'Someone'} was refused ${Number(r.n)} times in the day (the rule fires from ${threshold}). Reasons given: ${list(entries.map((e) => e.reason))}`,
      });
    }
    return hits;
  },
};

const breakGlassFrequency: MonitoringRule = {
  key: 'break_glass_frequency',
  name: 'Frequent break-glass',
  description: `Someone breaks the glass (emergency access) often: the rule counts their break-glass grants in the ${BASELINE_DAYS} days up to a day on which they broke it.`,
  settings: [{ key: 'threshold', label: `Break-glass grants in ${BASELINE_DAYS} days`, default: 3, min: 1, max: 100, step: 1 }],
  async find({ db, day, value }) {
    const threshold = value('threshold');
    const window = { from: minusDays(day.to, BASELINE_DAYS), to: day.to, events: ['record.break_glass'], outcome: 'allowed' as const };
    const today = await countsByPerson(db, { ...window, from: day.from });
    const inWindow = await countsByPerson(db, window, [...today.keys()]);
    const names = await staffNames(db, [...today.keys()]);
    const hits: Hit[] = [];
    for (const [staffId, n] of inWindow) {
      if (n < threshold) continue;
      const entries = await entriesOf(db, staffId, window);
      hits.push({
        staffId,
        count: n,
        entries: entries.map((e) => ({ seq: e.seq, at: e.at })),
        why: `${names.get(staffId) ?? 'Someone'} broke the glass ${plural(n, 'time')} in the ${BASELINE_DAYS} days up to this day (the rule fires from ${threshold}).`,
      });
    }
    return hits;
  },
};

const exportVolume: MonitoringRule = {
  key: 'export_volume',
  name: 'Export of many records',
  description: 'Someone exports many records in a day, counting the rows of every export they made that day.',
  settings: [{ key: 'threshold', label: 'Records exported in a day', default: 200, min: 1, max: 1_000_000, step: 1 }],
  async find({ db, day, value }) {
    const threshold = value('threshold');
    const exporters = await countsByPerson(db, { from: day.from, to: day.to, events: ['record.export'], outcome: 'allowed' });
    const names = await staffNames(db, [...exporters.keys()]);
    const hits: Hit[] = [];
    for (const staffId of exporters.keys()) {
      const entries = await entriesOf(db, staffId, { from: day.from, to: day.to, events: ['record.export'], outcome: 'allowed' });
      // Each export's entry records how many rows it held (details.rows, canonical JSON written by the records service).
      const rows = entries.reduce((sum, e) => sum + Number((JSON.parse(e.details) as { rows?: unknown }).rows ?? 0), 0);
      if (rows < threshold) continue;
      hits.push({
        staffId,
        count: rows,
        entries: entries.map((e) => ({ seq: e.seq, at: e.at })),
        why: `${names.get(staffId) ?? 'Someone'} exported ${rows} records in ${plural(entries.length, 'export')} in the day (the rule fires from ${threshold}).`,
      });
    }
    return hits;
  },
};

/** Every rule, in the order the privacy officer's screens list them. */
export const MONITORING_RULES: readonly MonitoringRule[] = [
  self,
  coworker,
  family,
  watchList,
  volume,
  afterHours,
  repeatedDenials,
  breakGlassFrequency,
  exportVolume,
];

export function ruleOf(key: MonitorRuleKey): MonitoringRule {
  return MONITORING_RULES.find((r) => r.key === key)!;
}
