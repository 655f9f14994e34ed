/**
 * The certification report: for everyone in scope, each required module's status, whether they
 * are fully certified for each role, and so whether their record access is active.
 *
 * Built in one pass as the facts are read, a chunk of people at a time (so the raw rows of the
 * whole scope are never held at once), with the summary counted in the same pass. A row keeps
 * only what filtering, sorting and the summary need; the words of its cells (dates formatted for
 * people) are written only for the rows that are shown or exported (`presentRow`).
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { type CellStatus, type ModuleCell, type ReportModule, type ReportRow, type ReportSummary } from '../../contract/reports.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';
import { DAY } from '../clock.js';
import { formatDay } from '../format.js';
import { RECORD_RULES } from '../policy/recordRules.js';
import { trainingStatus } from '../training/status.js';
import { inScope, type ReportScope } from './scope.js';

export type { CellStatus, ModuleCell, ReportModule, ReportRow, ReportSummary };

/** A module cell without its words: what filters, sorts and the summary use. */
export type CellFact = Omit<ModuleCell, 'text'>;
/** A report row without the words of its cells. */
export type ReportFactRow = Omit<ReportRow, 'modules'> & { modules: CellFact[] };

export interface CertificationReport {
  modules: ReportModule[];
  rows: ReportRow[];
}

export interface CertificationFacts {
  modules: ReportModule[];
  /** Everyone in scope, with their cells, in no particular order (sort them with sortReportRows). */
  rows: ReportFactRow[];
  summary: ReportSummary;
}

/** People whose facts are read per round of queries: bounds the raw rows held at once (and the ids bound in one IN list). */
export const FACT_CHUNK = 2000;

/** The words of a cell, as the screen, the CSV and the PDF show them. */
export function cellText(c: CellFact): string {
  switch (c.status) {
    case 'current':
      return 'current';
    case 'expiring':
      return `expiring in ${c.days} day${c.days === 1 ? '' : 's'}`;
    case 'overdue':
      return `overdue by ${c.days} day${c.days === 1 ? '' : 's'}`;
    case 'expired':
      // Expired, or an earlier major version completed and the new one not yet (then there is no expiry).
      return c.expiresAt ? `expired ${formatDay(c.expiresAt)}` : `new version due ${formatDay(c.dueDate!)}`;
    case 'never':
      return `never (due ${formatDay(c.dueDate!)})`;
  }
}

/** A row as the screen and the files show it: its cells with their words. */
export function presentRow(r: ReportFactRow): ReportRow {
  return { ...r, modules: r.modules.map((c) => ({ ...c, text: cellText(c) })) };
}

type Chunk = {
  people: { id: number; display_name: string; employee_id: string; hire_date: string; department: string }[];
  roleRows: { staff_id: number; role_key: string; granted_at: string }[];
  completions: { staff_id: number; module_id: string; major: number; completed_at: string; expires_at: string; score: number }[];
  progress: { staff_id: number; module_id: string; updated_at: string }[];
};

type ModuleFact = { module_id: string; number: number; title: string; current_major: number; major_published_at: string };
/** What the report's queries hand on as they are read: the modules first, then each chunk of people. */
export interface FactSink {
  start(modules: ModuleFact[], moduleRoles: { module_id: string; role_key: string }[]): void;
  chunk(chunk: Chunk): void;
}
const IGNORE: FactSink = { start() {}, chunk() {} };

/**
 * The report's queries, run: everything it is computed from; the people in scope at once, their
 * roles, completions and progress a chunk of people at a time, each chunk handed to the sink
 * before the next is read. The bench times these
 * alone (with a consumer that does nothing) as the report's floor.
 */
export async function certificationFacts(db: Kysely<Database>, scope: ReportScope, sink: FactSink = IGNORE): Promise<void> {
  const modules = await db.selectFrom('training_modules').selectAll().orderBy('number').execute();
  const moduleRoles = await db.selectFrom('training_module_roles').selectAll().execute();
  sink.start(modules, moduleRoles);
  // Everyone in scope in one query (the scope's condition is evaluated once), then their facts a chunk at a time.
  const everyone = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.display_name', 's.employee_id', 's.hire_date', 'd.name as department'])
    .where((eb) => inScope(scope, eb.ref('s.id')))
    .orderBy('s.id')
    .execute();
  while (everyone.length > 0) {
    // Taken off the list, so the rows read are dropped as the pass goes.
    const people = everyone.splice(0, FACT_CHUNK);
    const ids = people.map((p) => Number(p.id));
    const [lo, hi] = [ids[0]!, ids[ids.length - 1]!];
    // The chunk's people by their id range when they fill most of it (the whole organization, a
    // department); by the list of their ids when they are few in a wide range (a team).
    const dense = hi - lo < 4 * ids.length;
    const ofChunk = (col: Expression<number>) =>
      dense ? sql<SqlBool>`${col} between ${lo} and ${hi}` : sql<SqlBool>`${col} in (${sql.join(ids)})`;
    const roleRows = await db
      .selectFrom('staff_roles')
      .select(['staff_id', 'role_key', 'granted_at'])
      .where((eb) => ofChunk(eb.ref('staff_id')))
      .execute();
    const completions = await db
      .selectFrom('training_completions')
      .select(['staff_id', 'module_id', 'major', 'completed_at', 'expires_at', 'score'])
      .where((eb) => ofChunk(eb.ref('staff_id')))
      .execute();
    const progress = await db
      .selectFrom('training_progress')
      .select(['staff_id', 'module_id', 'updated_at'])
      .where((eb) => ofChunk(eb.ref('staff_id')))
      .execute();
    sink.chunk({ people, roleRows, completions, progress });
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * Date.parse for the one shape every stored time has ("2026-11-24T09:30:00.000Z", from
 * toISOString), read digit by digit: the report reads one per module per person, and this is
 * about twice as fast. Anything else goes to Date.parse (test/unit/reportSort.test.ts compares them).
 */
export function parseStoredTime(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(10) === 84 && iso.charCodeAt(23) === 90 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = two(iso, 0) * 100 + two(iso, 2);
    const mo = two(iso, 5);
    const d = two(iso, 8);
    const h = two(iso, 11);
    const mi = two(iso, 14);
    const sec = two(iso, 17);
    const ms = two(iso, 20) * 10 + digit(iso, 22);
    const sepOk = iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58 && iso.charCodeAt(19) === 46;
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (
      sepOk &&
      y >= 1000 && // (Date.UTC reads years 0-99 as 1900-1999)
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= (mo === 2 && !leap ? 28 : DAYS_IN_MONTH[mo - 1]!) &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      sec >= 0 &&
      sec <= 59 &&
      ms >= 0 &&
      ms <= 999 &&
      digit(iso, 22) >= 0 &&
      digit(iso, 22) <= 9
    )
      return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  }
  return Date.parse(iso);
}

const ROLE_BIT = new Map<string, number>(ROLE_KEYS.map((k, i) => [k, 1 << i]));
const RECORD_ROLE_MASK = ROLE_KEYS.reduce((m, k, i) => (RECORD_RULES[k] ? m | (1 << i) : m), 0);
const STATUSES = ['current', 'expiring', 'expired', 'overdue', 'never'] as const satisfies readonly CellStatus[];
const STATUS_BIT: Record<CellStatus, number> = { current: 0, expiring: 1, expired: 2, overdue: 3, never: 4 };
const rolesOfMask = (mask: number): RoleKey[] => ROLE_KEYS.filter((_, i) => mask & (1 << i));

/** The whole scope's rows and summary, as of `now`. */
export async function certificationFactRows(
  db: Kysely<Database>,
  scope: ReportScope,
  dueDays: number,
  now: Date,
): Promise<CertificationFacts> {
  const nowMs = now.getTime();
  // Due dates are few: each one's end (UTC) is computed once.
  const dayEnds = new Map<string, number>();
  const endOfDay = (day: string) => dayEnds.get(day) ?? (dayEnds.set(day, Date.parse(`${day}T00:00:00.000Z`) + DAY), dayEnds.get(day)!);
  const rows: ReportFactRow[] = [];
  const byStatus: Record<CellStatus, number> = { current: 0, expiring: 0, expired: 0, overdue: 0, never: 0 };
  const peopleByStatus: Record<CellStatus, number> = { current: 0, expiring: 0, expired: 0, overdue: 0, never: 0 };
  const depts = new Map<string, { name: string; people: number; certified: number }>();
  const buckets = [0, 0, 0];
  let fullyCertifiedCount = 0;
  // Role lists are shared between people with the same roles (rows are read, never changed).
  const roleLists = new Map<number, RoleKey[]>();
  const rolesFor = (mask: number) => roleLists.get(mask) ?? (roleLists.set(mask, rolesOfMask(mask)), roleLists.get(mask)!);

  // Set when the module list is known (before the first chunk arrives).
  let mods: { id: string; major: number; publishedAt: string; requiredMask: number }[] = [];
  let moduleIndex = new Map<string, number>();
  /** Per role bit: the indexes of the modules a person holding it needs current to be certified for it. */
  let neededFor: number[][] = [];

  let modules: ReportModule[] = [];
  const start: FactSink['start'] = (list, moduleRoles) => {
    modules = list.map((m) => ({ moduleId: m.module_id, number: Number(m.number), title: m.title }));
    moduleIndex = new Map(list.map((m, i) => [m.module_id, i]));
    mods = list.map((m) => ({ id: m.module_id, major: Number(m.current_major), publishedAt: m.major_published_at, requiredMask: 0 }));
    for (const mr of moduleRoles) {
      const i = moduleIndex.get(mr.module_id);
      const bit = ROLE_BIT.get(mr.role_key);
      if (i !== undefined && bit !== undefined) mods[i]!.requiredMask |= bit;
    }
    // Certified for a role: every module it requires (or everyone's "staff" requires) is current.
    const staffBit = ROLE_BIT.get('staff')!;
    neededFor = ROLE_KEYS.map((_, b) => mods.flatMap((m, i) => (m.requiredMask & ((1 << b) | staffBit) ? [i] : [])));
  };
  const chunk = (chunk: Chunk) => {
    const n = mods.length;
    const slot = new Map<number, number>(); // staff id -> index in this chunk
    chunk.people.forEach((p, i) => slot.set(Number(p.id), i));
    const roleMask = new Int32Array(chunk.people.length);
    const granted: string[][] = chunk.people.map(() => []);
    for (const r of chunk.roleRows) {
      const i = slot.get(Number(r.staff_id));
      const bit = ROLE_BIT.get(r.role_key);
      if (i === undefined || bit === undefined) continue;
      roleMask[i] = roleMask[i]! | bit;
      granted[i]![31 - Math.clz32(bit)] = r.granted_at.slice(0, 10);
    }
    // The latest completion and the last progress of each person and module, by index i * n + module.
    const latest: (Chunk['completions'][number] | undefined)[] = new Array(chunk.people.length * n);
    for (const c of chunk.completions) {
      const i = slot.get(Number(c.staff_id));
      const m = moduleIndex.get(c.module_id);
      if (i === undefined || m === undefined) continue;
      const prev = latest[i * n + m];
      if (!prev || c.completed_at > prev.completed_at) latest[i * n + m] = c;
    }
    const progressAt: (string | undefined)[] = new Array(chunk.people.length * n);
    for (const p of chunk.progress) {
      const i = slot.get(Number(p.staff_id));
      const m = moduleIndex.get(p.module_id);
      if (i !== undefined && m !== undefined) progressAt[i * n + m] = p.updated_at;
    }
    const current = new Uint8Array(n);
    chunk.people.forEach((p, i) => {
      const mask = roleMask[i]!;
      const cells: CellFact[] = [];
      let lastCompletedAt: string | null = null;
      let lastScore: number | null = null;
      let fullyCertified = true;
      let seen = 0; // statuses present, one bit each, for the people-by-status counts
      current.fill(0);
      for (let m = 0; m < n; m++) {
        const mod = mods[m]!;
        const requiring = mask & mod.requiredMask;
        if (requiring === 0) continue;
        // Assigned on the earliest day a role requiring it was granted (not before the hire date).
        let assignedOn = '';
        for (let b = 0; b < ROLE_KEYS.length; b++) {
          if (!(requiring & (1 << b))) continue;
          const g = granted[i]![b]!;
          const day = g < p.hire_date ? p.hire_date : g;
          if (!assignedOn || day < assignedOn) assignedOn = day;
        }
        const c = latest[i * n + m];
        const updated = progressAt[i * n + m];
        const major = c ? Number(c.major) : 0;
        // Parsed once: for the status, the days left and the expiry buckets alike.
        const expiresMs = c && major >= mod.major ? parseStoredTime(c.expires_at) : NaN;
        const s = trainingStatus({
          assignedOn,
          dueDays,
          currentMajor: mod.major,
          majorPublishedAt: mod.publishedAt,
          latest: c ? { major, completedAt: c.completed_at, expiresAt: c.expires_at, expiresMs } : null,
          started: Boolean(updated && (!c || updated > c.completed_at)),
          now,
        });
        let cell: CellFact;
        if (s.status === 'passed' || s.status === 'expiring') {
          const days = s.status === 'expiring' ? Math.ceil((expiresMs - nowMs) / DAY) : null;
          cell = { moduleId: mod.id, status: s.status === 'passed' ? 'current' : 'expiring', days, expiresAt: s.expiresAt, dueDate: null };
          current[m] = 1;
        } else if (s.status === 'expired') {
          cell = { moduleId: mod.id, status: 'expired', days: null, expiresAt: s.expiresAt, dueDate: s.dueDate };
        } else if (s.status === 'overdue') {
          const days = Math.max(1, -Math.ceil((endOfDay(s.dueDate!) - 1 - nowMs) / DAY));
          cell = { moduleId: mod.id, status: 'overdue', days, expiresAt: null, dueDate: s.dueDate };
        } else {
          cell = { moduleId: mod.id, status: c ? 'expired' : 'never', days: null, expiresAt: null, dueDate: s.dueDate };
        }
        cells.push(cell);
        byStatus[cell.status] += 1;
        seen |= 1 << STATUS_BIT[cell.status];
        if (cell.status !== 'current' && cell.status !== 'expiring') fullyCertified = false;
        if (cell.expiresAt) {
          const days = (expiresMs - nowMs) / DAY;
          if (days >= 0 && days < 90) buckets[Math.floor(days / 30)]! += 1;
        }
        if (c && (!lastCompletedAt || c.completed_at > lastCompletedAt)) {
          lastCompletedAt = c.completed_at;
          lastScore = Number(c.score);
        }
      }
      let certifiedMask = 0;
      for (let b = 0; b < ROLE_KEYS.length; b++) {
        if (!(mask & (1 << b))) continue;
        const needed = neededFor[b]!;
        let all = true;
        for (let k = 0; k < needed.length && all; k++) all = current[needed[k]!] === 1;
        if (all) certifiedMask |= 1 << b;
      }
      const recordMask = mask & RECORD_ROLE_MASK;
      rows.push({
        staffId: Number(p.id),
        name: p.display_name,
        employeeId: p.employee_id,
        // One string per department, not one per person (the rows of a whole organization are held while it is paged).
        department: (depts.get(p.department) ?? { name: p.department }).name,
        roles: rolesFor(mask),
        modules: cells,
        lastCompletedAt,
        lastScore,
        certifiedRoles: rolesFor(certifiedMask),
        uncertifiedRoles: rolesFor(mask & ~certifiedMask),
        fullyCertified,
        recordAccessActive: recordMask !== 0 && (recordMask & certifiedMask) === recordMask,
        hasRecordRole: recordMask !== 0,
      });
      for (const status of STATUSES) if (seen & (1 << STATUS_BIT[status])) peopleByStatus[status] += 1;
      if (fullyCertified) fullyCertifiedCount += 1;
      const d = depts.get(p.department) ?? { name: p.department, people: 0, certified: 0 };
      d.people += 1;
      if (fullyCertified) d.certified += 1;
      depts.set(p.department, d);
    });
  };

  await certificationFacts(db, scope, { start, chunk });
  const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((a / b) * 1000) / 10);
  const summary: ReportSummary = {
    people: rows.length,
    fullyCertified: fullyCertifiedCount,
    compliancePercent: pct(fullyCertifiedCount, rows.length),
    byStatus,
    peopleByStatus,
    byDepartment: [...depts.entries()]
      .map(([department, v]) => ({ department, people: v.people, certified: v.certified, percent: pct(v.certified, v.people) }))
      .sort((a, b) => a.department.localeCompare(b.department)),
    expiringSoon: [
      { label: 'Next 30 days', count: buckets[0]! },
      { label: '31–60 days', count: buckets[1]! },
      { label: '61–90 days', count: buckets[2]! },
    ],
  };
  return { modules, rows, summary };
}
