/**
 * The certification report: for everyone in scope, each required module's status, whether they
 * are fully certified for each role, and so whether their record access is active.
 *
 * Built in one pass as the facts are read, a chunk of people at a time (so the raw rows of the
 * whole scope are never held at once), with the summary counted in the same pass. A row keeps
 * only what filtering, sorting and the summary need, its cells as numbers (status, days, expiry in
 * ms, due day) in arrays shared by its chunk: the cells are written out as objects, and in words
 * (`presentRow`), only for the rows that are shown or exported. The statuses come from the same
 * rules as trainingStatus (training/status.ts), on day numbers and milliseconds rather than strings.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { type CellStatus, type ModuleCell, type ReportModule, type ReportRow, type ReportSummary } from '../../contract/reports.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';
import { DAY } from '../clock.js';
import { formatDay } from '../format.js';
import { RECORD_RULES } from '../policy/recordRules.js';
import {
  completedStatusCode,
  dayNumber,
  dayString,
  daysFromCivil,
  daysInMonth,
  dueDayOf,
  EXPIRING,
  OVERDUE,
  PASSED,
  pendingStatusCode,
} from '../training/status.js';
import { inScope, type ReportScope } from './scope.js';

export type { CellStatus, ModuleCell, ReportModule, ReportRow, ReportSummary };

/** A module cell without its words: what filters, sorts and the summary use. */
export type CellFact = Omit<ModuleCell, 'text'>;
/** A report row without the words of its cells (its cells are held compactly and written out when asked for). */
export type ReportFactRow = FactRow;

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
  return {
    staffId: r.staffId,
    name: r.name,
    employeeId: r.employeeId,
    department: r.department,
    roles: r.roles,
    modules: r.modules.map((c) => ({ ...c, text: cellText(c) })),
    lastCompletedAt: r.lastCompletedAt,
    lastScore: r.lastScore,
    certifiedRoles: r.certifiedRoles,
    uncertifiedRoles: r.uncertifiedRoles,
    fullyCertified: r.fullyCertified,
    recordAccessActive: r.recordAccessActive,
    hasRecordRole: r.hasRecordRole,
  };
}

type Chunk = {
  people: { id: number; display_name: string; employee_id: string; hire_date: string; department: string }[];
  roleRows: { staff_id: number; role_key: string; granted_at: string }[];
  completions: { staff_id: number; module_id: string; major: number; completed_at: string; expires_at: string; score: number }[];
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
 * roles and completions a chunk of people at a time, each chunk handed to the sink before the
 * next is read. The bench times these alone (with a consumer that does nothing) as the report's floor.
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
    sink.chunk({ people, roleRows, completions });
  }
}

/**
 * Date.parse for the one shape every stored time has ("2026-11-24T09:30:00.000Z", from
 * toISOString), read digit by digit without a Date: the report reads one per module per person,
 * and this is several times as fast. NaN for any other shape (whose toISOString would not give
 * the stored text back).
 */
function canonicalTimeMs(iso: string): number {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(4) !== 45 ||
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 ||
    iso.charCodeAt(13) !== 58 ||
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 ||
    iso.charCodeAt(23) !== 90
  )
    return NaN;
  const y0 = iso.charCodeAt(0) - 48;
  const y1 = iso.charCodeAt(1) - 48;
  const y2 = iso.charCodeAt(2) - 48;
  const y3 = iso.charCodeAt(3) - 48;
  const m0 = iso.charCodeAt(5) - 48;
  const m1 = iso.charCodeAt(6) - 48;
  const d0 = iso.charCodeAt(8) - 48;
  const d1 = iso.charCodeAt(9) - 48;
  const h0 = iso.charCodeAt(11) - 48;
  const h1 = iso.charCodeAt(12) - 48;
  const i0 = iso.charCodeAt(14) - 48;
  const i1 = iso.charCodeAt(15) - 48;
  const s0 = iso.charCodeAt(17) - 48;
  const s1 = iso.charCodeAt(18) - 48;
  const f0 = iso.charCodeAt(20) - 48;
  const f1 = iso.charCodeAt(21) - 48;
  const f2 = iso.charCodeAt(22) - 48;
  // Negative when any of them is not a digit (below 0, or above 9 so that 9 - it is below 0): one test for all.
  const notDigits =
    y0 |
    y1 |
    y2 |
    y3 |
    m0 |
    m1 |
    d0 |
    d1 |
    h0 |
    h1 |
    i0 |
    i1 |
    s0 |
    s1 |
    f0 |
    f1 |
    f2 |
    ((9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1) | (9 - h0)) |
    ((9 - h1) | (9 - i0) | (9 - i1) | (9 - s0) | (9 - s1) | (9 - f0) | (9 - f1) | (9 - f2));
  if (notDigits < 0) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  const h = h0 * 10 + h1;
  const mi = i0 * 10 + i1;
  const sec = s0 * 10 + s1;
  const ms = f0 * 100 + f1 * 10 + f2;
  // (Years before 1000 are left to Date.parse: toISOString would not write them back as stored.)
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return NaN;
  return daysFromCivil(y, mo, d) * DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/** Date.parse, read digit by digit for the shape stored times have (test/unit/reportSort.test.ts compares them). */
export function parseStoredTime(iso: string): number {
  const ms = canonicalTimeMs(iso);
  return Number.isNaN(ms) ? Date.parse(iso) : ms;
}

/**
 * Values by a few short strings (module ids, role keys, department names), found by length and then
 * by comparison: each string read from the database is fresh, and a Map would hash every one.
 */
class FewStrings<V> {
  private readonly byLength: { key: string; value: V }[][] = [];

  get(key: string): V | undefined {
    const same = this.byLength[key.length];
    if (same) for (let j = 0; j < same.length; j++) if (same[j]!.key === key) return same[j]!.value;
    return undefined;
  }

  set(key: string, value: V): void {
    const same = (this.byLength[key.length] ??= []);
    const entry = same.find((e) => e.key === key);
    if (entry) entry.value = value;
    else same.push({ key, value });
  }

  entries(): [string, V][] {
    return this.byLength.flatMap((same) => (same ? same.map((e): [string, V] => [e.key, e.value]) : []));
  }
}

const ROLE_BIT = new FewStrings<number>();
ROLE_KEYS.forEach((k, i) => ROLE_BIT.set(k, 1 << i));
const RECORD_ROLE_MASK = ROLE_KEYS.reduce((m, k, i) => (RECORD_RULES[k] ? m | (1 << i) : m), 0);
const STATUSES = ['current', 'expiring', 'expired', 'overdue', 'never'] as const satisfies readonly CellStatus[];
const rolesOfMask = (mask: number): RoleKey[] => ROLE_KEYS.filter((_, i) => mask & (1 << i));

/** Cell statuses as numbers: indexes in STATUSES. */
const [CURRENT, CELL_EXPIRING, CELL_EXPIRED, CELL_OVERDUE, NEVER] = [0, 1, 2, 3, 4];

type ModuleMeta = { id: string; major: number; publishedDay: number; requiredMask: number };

/**
 * The cells of a chunk of people, held compactly (a number per field, the cells of a row side by
 * side) rather than as an object each: the rows of a whole organization are held while it is paged,
 * and only the shown or exported ones need their cells as objects.
 */
class CellStore {
  size = 0;
  private module: Uint16Array;
  /** Index in STATUSES. */
  private status: Uint8Array;
  /** Days left (expiring) or late (overdue). */
  private days: Int32Array;
  /** The expiry in ms (NaN: none), for expiries in the stored shape (so toISOString gives the stored text back). */
  private expiresMs: Float64Array;
  /** The due day (NaN: none, or the expiry's day is the due day). */
  private dueDay: Float64Array;
  /** Expiries stored in any other shape, as stored, by cell. */
  private oddExpiry: Map<number, string> | null = null;

  constructor(
    private readonly mods: readonly ModuleMeta[],
    capacity: number,
  ) {
    this.module = new Uint16Array(capacity);
    this.status = new Uint8Array(capacity);
    this.days = new Int32Array(capacity);
    this.expiresMs = new Float64Array(capacity);
    this.dueDay = new Float64Array(capacity);
  }

  push(module: number, status: number, days: number, expiresMs: number, oddExpiry: string | null, dueDay: number): void {
    const k = this.size++;
    this.module[k] = module;
    this.status[k] = status;
    this.days[k] = days;
    this.expiresMs[k] = oddExpiry === null ? expiresMs : NaN;
    this.dueDay[k] = dueDay;
    if (oddExpiry !== null) (this.oddExpiry ??= new Map()).set(k, oddExpiry);
  }

  /** Keeps only the cells used (a copy out of the chunk-sized arrays). */
  trim(): void {
    this.module = this.module.slice(0, this.size);
    this.status = this.status.slice(0, this.size);
    this.days = this.days.slice(0, this.size);
    this.expiresMs = this.expiresMs.slice(0, this.size);
    this.dueDay = this.dueDay.slice(0, this.size);
  }

  moduleId(k: number): string {
    return this.mods[this.module[k]!]!.id;
  }

  statusOf(k: number): CellStatus {
    return STATUSES[this.status[k]!]!;
  }

  daysOf(k: number): number | null {
    const status = this.status[k]!;
    return status === CELL_EXPIRING || status === CELL_OVERDUE ? this.days[k]! : null;
  }

  cell(k: number): CellFact {
    const status = this.statusOf(k);
    const ms = this.expiresMs[k]!;
    const expiresAt = this.oddExpiry?.get(k) ?? (Number.isNaN(ms) ? null : new Date(ms).toISOString());
    return {
      moduleId: this.moduleId(k),
      status,
      days: this.daysOf(k),
      expiresAt,
      dueDate: status === 'current' || status === 'expiring' ? null : expiresAt ? expiresAt.slice(0, 10) : dayString(this.dueDay[k]!),
    };
  }
}

/** A report row without the words of its cells; its cells are written out when asked for (`modules`). */
export class FactRow {
  constructor(
    readonly staffId: number,
    readonly name: string,
    readonly employeeId: string,
    readonly department: string,
    readonly roles: RoleKey[],
    readonly lastCompletedAt: string | null,
    readonly lastScore: number | null,
    readonly certifiedRoles: RoleKey[],
    readonly uncertifiedRoles: RoleKey[],
    readonly fullyCertified: boolean,
    readonly recordAccessActive: boolean,
    readonly hasRecordRole: boolean,
    private readonly store: CellStore,
    private readonly first: number,
    private readonly count: number,
  ) {}

  /** Its cells, one per module its roles require, in module order (new objects on each call). */
  get modules(): CellFact[] {
    const cells: CellFact[] = [];
    for (let k = this.first; k < this.first + this.count; k++) cells.push(this.store.cell(k));
    return cells;
  }

  /** What sorting by a module reads of its cell, without writing the cell out (undefined: not required of them). */
  cellOf(moduleId: string): { status: CellStatus; days: number | null } | undefined {
    for (let k = this.first; k < this.first + this.count; k++) {
      if (this.store.moduleId(k) === moduleId) return { status: this.store.statusOf(k), days: this.store.daysOf(k) };
    }
    return undefined;
  }

  /** The modules required of them. */
  moduleIds(): string[] {
    const ids: string[] = [];
    for (let k = this.first; k < this.first + this.count; k++) ids.push(this.store.moduleId(k));
    return ids;
  }

  /** Whether a cell (of that module, when given) has that status (any status, when none is given). */
  has(status: CellStatus | undefined, moduleId?: string): boolean {
    for (let k = this.first; k < this.first + this.count; k++)
      if ((!status || this.store.statusOf(k) === status) && (!moduleId || this.store.moduleId(k) === moduleId)) return true;
    return false;
  }
}

const ROLE_COUNT = ROLE_KEYS.length;

/** The whole scope's rows and summary, as of `now`. */
export function certificationFactRows(db: Kysely<Database>, scope: ReportScope, dueDays: number, now: Date): Promise<CertificationFacts> {
  return foldCertificationFacts((sink) => certificationFacts(db, scope, sink), dueDays, now);
}

/** The rows and summary from the report's facts as `read` hands them on (the report's queries, or facts kept to time the folding alone). */
export async function foldCertificationFacts(
  read: (sink: FactSink) => Promise<void>,
  dueDays: number,
  now: Date,
): Promise<CertificationFacts> {
  const nowMs = now.getTime();
  const rows: ReportFactRow[] = [];
  const cellsByStatus = [0, 0, 0, 0, 0];
  const peopleWithStatus = [0, 0, 0, 0, 0];
  const depts = new FewStrings<{ name: string; people: number; certified: number }>();
  const buckets = [0, 0, 0];
  let fullyCertifiedCount = 0;
  // Role lists are shared between people with the same roles (rows are read, never changed).
  const roleLists: RoleKey[][] = [];
  const rolesFor = (mask: number) => roleLists[mask] ?? (roleLists[mask] = rolesOfMask(mask));

  // Set when the module list is known (before the first chunk arrives).
  let mods: ModuleMeta[] = [];
  const moduleIndex = new FewStrings<number>();
  /** Per role bit: the indexes of the modules a person holding it needs current to be certified for it. */
  let neededFor: number[][] = [];

  let modules: ReportModule[] = [];
  const start: FactSink['start'] = (list, moduleRoles) => {
    modules = list.map((m) => ({ moduleId: m.module_id, number: Number(m.number), title: m.title }));
    list.forEach((m, i) => moduleIndex.set(m.module_id, i));
    mods = list.map((m) => ({
      id: m.module_id,
      major: Number(m.current_major),
      publishedDay: dayNumber(m.major_published_at),
      requiredMask: 0,
    }));
    for (const mr of moduleRoles) {
      const i = moduleIndex.get(mr.module_id);
      const bit = ROLE_BIT.get(mr.role_key);
      if (i !== undefined && bit !== undefined) mods[i]!.requiredMask |= bit;
    }
    // Certified for a role: every module it requires (or everyone's "staff" requires) is current.
    const staffBit = ROLE_BIT.get('staff')!;
    neededFor = ROLE_KEYS.map((_, b) => mods.flatMap((m, i) => (m.requiredMask & ((1 << b) | staffBit) ? [i] : [])));
  };
  const chunk = ({ people, roleRows, completions }: Chunk) => {
    const n = mods.length;
    const count = people.length;
    if (count === 0) return;
    // Staff id -> index in this chunk: an array over the id range when the chunk is dense, else a map.
    const lo = Number(people[0]!.id);
    const hi = Number(people[count - 1]!.id);
    let slotOf: (id: number) => number;
    if (hi - lo < 4 * count) {
      const slots = new Int32Array(hi - lo + 1).fill(-1);
      for (let i = 0; i < count; i++) slots[Number(people[i]!.id) - lo] = i;
      slotOf = (id) => (id >= lo && id <= hi ? slots[id - lo]! : -1);
    } else {
      const slots = new Map<number, number>();
      for (let i = 0; i < count; i++) slots.set(Number(people[i]!.id), i);
      slotOf = (id) => slots.get(id) ?? -1;
    }
    const roleMask = new Int32Array(count);
    // The day each role was granted, read when a due date needs it (most cells are current and never do).
    const grantedAt: string[] = new Array<string>(count * ROLE_COUNT);
    const grantedDay = new Float64Array(count * ROLE_COUNT).fill(NaN);
    for (const r of roleRows) {
      const i = slotOf(Number(r.staff_id));
      const bit = ROLE_BIT.get(r.role_key);
      if (i < 0 || bit === undefined) continue;
      roleMask[i] = roleMask[i]! | bit;
      grantedAt[i * ROLE_COUNT + 31 - Math.clz32(bit)] = r.granted_at;
    }
    // The latest completion of each person and module (its index in `completions`), at i * n + module.
    const latest = new Int32Array(count * n).fill(-1);
    for (let j = 0; j < completions.length; j++) {
      const c = completions[j]!;
      const i = slotOf(Number(c.staff_id));
      const m = moduleIndex.get(c.module_id);
      if (i < 0 || m === undefined) continue;
      const prev = latest[i * n + m]!;
      if (prev < 0 || c.completed_at > completions[prev]!.completed_at) latest[i * n + m] = j;
    }
    // (Progress makes training "in progress" rather than "not started": the report shows both as never or expired.)
    const store = new CellStore(mods, count * n);
    // current[m] === i + 1: person i's module m is current (no clearing between people).
    const current = new Int32Array(n);
    for (let i = 0; i < count; i++) {
      const p = people[i]!;
      const mask = roleMask[i]!;
      let hireDay = NaN;
      let lastCompletedAt: string | null = null;
      let lastScore: number | null = null;
      let fullyCertified = true;
      let seen = 0; // statuses present, one bit each, for the people-by-status counts
      const first = store.size;
      for (let m = 0; m < n; m++) {
        const mod = mods[m]!;
        const requiring = mask & mod.requiredMask;
        if (requiring === 0) continue;
        const ci = latest[i * n + m]!;
        const c = ci < 0 ? undefined : completions[ci]!;
        const major = c ? Number(c.major) : 0;
        let status: number;
        let days = 0;
        let expiresMs = NaN;
        let oddExpiry: string | null = null;
        let dueDay = NaN;
        if (c && major >= mod.major) {
          // Parsed once: for the status, the days left and the expiry buckets alike.
          expiresMs = canonicalTimeMs(c.expires_at);
          if (Number.isNaN(expiresMs)) {
            oddExpiry = c.expires_at;
            expiresMs = Date.parse(oddExpiry);
          }
          const code = completedStatusCode(nowMs, expiresMs);
          status = code === PASSED ? CURRENT : code === EXPIRING ? CELL_EXPIRING : CELL_EXPIRED;
          if (status === CELL_EXPIRING) days = Math.ceil((expiresMs - nowMs) / DAY);
          if (status !== CELL_EXPIRED) current[m] = i + 1;
          const left = (expiresMs - nowMs) / DAY;
          if (left >= 0 && left < 90) buckets[Math.floor(left / 30)]! += 1;
        } else {
          // Assigned on the earliest day a role requiring it was granted (not before the hire date).
          if (Number.isNaN(hireDay)) hireDay = dayNumber(p.hire_date);
          let assignedDay = Infinity;
          for (let b = 0; b < ROLE_COUNT; b++) {
            if (!(requiring & (1 << b))) continue;
            let g = grantedDay[i * ROLE_COUNT + b]!;
            if (Number.isNaN(g)) g = grantedDay[i * ROLE_COUNT + b] = dayNumber(grantedAt[i * ROLE_COUNT + b]!);
            const day = g < hireDay ? hireDay : g;
            if (day < assignedDay) assignedDay = day;
          }
          dueDay = dueDayOf(assignedDay, mod.publishedDay, dueDays, c !== undefined);
          if (pendingStatusCode(nowMs, dueDay, false) === OVERDUE) {
            status = CELL_OVERDUE;
            days = Math.max(1, -Math.ceil(((dueDay + 1) * DAY - 1 - nowMs) / DAY));
          } else status = c ? CELL_EXPIRED : NEVER;
        }
        store.push(m, status, days, expiresMs, oddExpiry, dueDay);
        cellsByStatus[status]! += 1;
        seen |= 1 << status;
        if (status !== CURRENT && status !== CELL_EXPIRING) fullyCertified = false;
        if (c && (!lastCompletedAt || c.completed_at > lastCompletedAt)) {
          lastCompletedAt = c.completed_at;
          lastScore = Number(c.score);
        }
      }
      let certifiedMask = 0;
      for (let b = 0; b < ROLE_COUNT; b++) {
        if (!(mask & (1 << b))) continue;
        const needed = neededFor[b]!;
        let all = true;
        for (let q = 0; q < needed.length && all; q++) all = current[needed[q]!] === i + 1;
        if (all) certifiedMask |= 1 << b;
      }
      for (let st = 0; st < STATUSES.length; st++) if (seen & (1 << st)) peopleWithStatus[st]! += 1;
      if (fullyCertified) fullyCertifiedCount += 1;
      let d = depts.get(p.department);
      if (!d) depts.set(p.department, (d = { name: p.department, people: 0, certified: 0 }));
      d.people += 1;
      if (fullyCertified) d.certified += 1;
      const recordMask = mask & RECORD_ROLE_MASK;
      rows.push(
        new FactRow(
          Number(p.id),
          p.display_name,
          p.employee_id,
          // One string per department, not one per person (the rows of a whole organization are held while it is paged).
          d.name,
          rolesFor(mask),
          lastCompletedAt,
          lastScore,
          rolesFor(certifiedMask),
          rolesFor(mask & ~certifiedMask),
          fullyCertified,
          recordMask !== 0 && (recordMask & certifiedMask) === recordMask,
          recordMask !== 0,
          store,
          first,
          store.size - first,
        ),
      );
    }
    store.trim();
  };

  await read({ start, chunk });
  const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((a / b) * 1000) / 10);
  const byStatus = Object.fromEntries(STATUSES.map((s, i) => [s, cellsByStatus[i]!])) as Record<CellStatus, number>;
  const peopleByStatus = Object.fromEntries(STATUSES.map((s, i) => [s, peopleWithStatus[i]!])) as Record<CellStatus, number>;
  const summary: ReportSummary = {
    people: rows.length,
    fullyCertified: fullyCertifiedCount,
    compliancePercent: pct(fullyCertifiedCount, rows.length),
    byStatus,
    peopleByStatus,
    byDepartment: depts
      .entries()
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
