/**
 * Training status rules (PCI DSS 12.6.3, NIST AT-2/AT-4), as pure functions of the records and
 * the clock. Status is always computed, never stored.
 */
import type { TrainingStatus } from '../../contract/training.js';
import { DAY } from '../clock.js';

export const EXPIRING_WINDOW_DAYS = 30;

export interface CompletionFact {
  major: number;
  completedAt: string;
  expiresAt: string;
  /** expiresAt in milliseconds, when the caller has it already (a report reads it once per cell). */
  expiresMs?: number;
}

export interface StatusInput {
  /** The day the module was assigned: hire date, or the day the role requiring it was granted. */
  assignedOn: string;
  dueDays: number;
  currentMajor: number;
  /** When the current major version was published. */
  majorPublishedAt: string;
  /** The most recent completion of any version, if any. */
  latest: CompletionFact | null;
  started: boolean;
  now: Date;
}

export interface StatusResult {
  status: TrainingStatus;
  /** YYYY-MM-DD the training is due by, when it is not current. */
  dueDate: string | null;
  expiresAt: string | null;
  /** Completed only an earlier major version. */
  stale: boolean;
  /** True when the completion counts for access today. */
  current: boolean;
}

/** A day as a number: days since 1970-01-01 (UTC). Due dates are counted in these, by integer addition. */
export type DayNumber = number;

/**
 * Days since 1970-01-01 of a day of the proleptic Gregorian calendar, without a Date (H. Hinnant's
 * days_from_civil), for years 1000 to 9999 and a valid month and day.
 */
export function daysFromCivil(y: number, m: number, d: number): DayNumber {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy / 400) | 0;
  const yoe = yy - era * 400;
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1;
  return era * 146097 + yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy - 719468;
}

/** The last day of a month (1-12) of a year. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The digit at i, or -1000 for anything else (so a number read from it is out of every range checked). */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/**
 * The day of a YYYY-MM-DD date or of an ISO time (its first ten characters, as UTC), as a day
 * number: read digit by digit when it has that shape, else by Date.parse (NaN when it is no day).
 * The report reads many, hence no Date (test/unit/certificationCells.test.ts compares them).
 */
export function dayNumber(iso: string): DayNumber {
  if (iso.length >= 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = digitAt(iso, 0) * 1000 + digitAt(iso, 1) * 100 + digitAt(iso, 2) * 10 + digitAt(iso, 3);
    const m = digitAt(iso, 5) * 10 + digitAt(iso, 6);
    const d = digitAt(iso, 8) * 10 + digitAt(iso, 9);
    if (y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  return Math.floor(new Date(`${iso.slice(0, 10)}T00:00:00Z`).getTime() / DAY);
}

// Days written out are few (due dates) and asked for again and again: remembered by their number.
const dayStrings = new Map<number, string>();

/** The YYYY-MM-DD of a day number (a RangeError for NaN, as toISOString gives). */
export function dayString(day: DayNumber): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    if (dayStrings.size >= 50_000) dayStrings.clear();
    dayStrings.set(day, s);
  }
  return s;
}

export function addDays(isoDate: string, days: number): string {
  return dayString(dayNumber(isoDate) + days);
}

/**
 * Training status as a number, for callers that compute many (the report, one per person and
 * module) without an object per answer; trainingStatus is built from the same three rules.
 */
const STATUS_CODES = [
  'passed',
  'expiring',
  'expired',
  'overdue',
  'in_progress',
  'not_started',
] as const satisfies readonly TrainingStatus[];
export const PASSED = 0;
export const EXPIRING = 1;
const EXPIRED = 2;
export const OVERDUE = 3;
const IN_PROGRESS = 4;
const NOT_STARTED = 5;

/** A completion of the current major version, expiring at `expiresMs`: passed, expiring (within the window) or expired. */
export function completedStatusCode(nowMs: number, expiresMs: number): number {
  if (nowMs < expiresMs) return expiresMs - nowMs <= EXPIRING_WINDOW_DAYS * DAY ? EXPIRING : PASSED;
  return EXPIRED;
}

/**
 * The day training not current is due by: `dueDays` after it was assigned, or, when only an earlier
 * major version was completed (stale), after the new version was published if that came later.
 */
export function dueDayOf(assignedDay: DayNumber, publishedDay: DayNumber, dueDays: number, stale: boolean): DayNumber {
  return (stale && publishedDay > assignedDay ? publishedDay : assignedDay) + dueDays;
}

/** Training not current: overdue once its due day has ended (UTC), else in progress or not started. */
export function pendingStatusCode(nowMs: number, dueDay: DayNumber, started: boolean): number {
  return nowMs >= (dueDay + 1) * DAY ? OVERDUE : started ? IN_PROGRESS : NOT_STARTED;
}

/** Calendar months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}

export function trainingStatus(input: StatusInput): StatusResult {
  const now = input.now.getTime();
  const latest = input.latest;
  if (latest && latest.major >= input.currentMajor) {
    const code = completedStatusCode(now, latest.expiresMs ?? new Date(latest.expiresAt).getTime());
    if (code !== EXPIRED) return { status: STATUS_CODES[code]!, dueDate: null, expiresAt: latest.expiresAt, stale: false, current: true };
    return { status: 'expired', dueDate: latest.expiresAt.slice(0, 10), expiresAt: latest.expiresAt, stale: false, current: false };
  }
  const stale = latest !== null;
  const due = dueDayOf(dayNumber(input.assignedOn), stale ? dayNumber(input.majorPublishedAt) : NaN, input.dueDays, stale);
  const dueDate = dayString(due);
  return { status: STATUS_CODES[pendingStatusCode(now, due, input.started)]!, dueDate, expiresAt: null, stale, current: false };
}
