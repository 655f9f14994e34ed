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

// Days are few (hire dates, grant dates, due dates) and asked for again and again: remembered,
// by the number of days, then by the day (no key string to build).
const addDaysMemo = new Map<number, Map<string, string>>();

export function addDays(isoDate: string, days: number): string {
  let byDay = addDaysMemo.get(days);
  if (!byDay) addDaysMemo.set(days, (byDay = new Map()));
  let day = byDay.get(isoDate);
  if (day === undefined) {
    day = new Date(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
    if (byDay.size >= 50_000) byDay.clear();
    byDay.set(isoDate, day);
  }
  return day;
}

/** The moment a YYYY-MM-DD day ends (UTC), remembered like addDays. */
const dayEndMemo = new Map<string, number>();
function endOfDayMs(day: string): number {
  let t = dayEndMemo.get(day);
  if (t === undefined) {
    t = new Date(`${day}T00:00:00Z`).getTime() + DAY;
    if (dayEndMemo.size >= 50_000) dayEndMemo.clear();
    dayEndMemo.set(day, t);
  }
  return t;
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
    const expires = latest.expiresMs ?? new Date(latest.expiresAt).getTime();
    if (now < expires) {
      const status = expires - now <= EXPIRING_WINDOW_DAYS * DAY ? 'expiring' : 'passed';
      return { status, dueDate: null, expiresAt: latest.expiresAt, stale: false, current: true };
    }
    return { status: 'expired', dueDate: latest.expiresAt.slice(0, 10), expiresAt: latest.expiresAt, stale: false, current: false };
  }
  const stale = latest !== null;
  const dueDate = stale
    ? addDays(input.majorPublishedAt > input.assignedOn ? input.majorPublishedAt : input.assignedOn, input.dueDays)
    : addDays(input.assignedOn, input.dueDays);
  // Due by the end of the due date (UTC).
  const overdue = now >= endOfDayMs(dueDate);
  const status: TrainingStatus = overdue ? 'overdue' : input.started ? 'in_progress' : 'not_started';
  return { status, dueDate, expiresAt: null, stale, current: false };
}
