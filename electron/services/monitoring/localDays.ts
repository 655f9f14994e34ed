/**
 * Days and hours in the organization's time zone, turned into UTC bounds for SQL: the trail holds
 * UTC times, but "the day" of an alert and a department's working hours are local. Built on Intl,
 * so daylight-saving changes are handled by the platform's time-zone data.
 */
import { DAY } from '../clock.js';

/** One local calendar day and its UTC bounds [from, to). */
export interface LocalDay {
  /** YYYY-MM-DD in the organization's time zone. */
  day: string;
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The UTC instant of a wall-clock time in the zone (a time skipped by a clock change moves forward). */
function zonedInstant(day: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, h, min);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  return Math.max(first, second);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day an instant falls on. */
export function localDayOf(iso: string | Date, timeZone: string): string {
  const w = wallClock(new Date(iso).getTime(), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

export function localDay(day: string, timeZone: string): LocalDay {
  return { day, from: localTime(day, '00:00', timeZone), to: localTime(nextDay(day), '00:00', timeZone) };
}

/** A wall-clock time (HH:MM) on a local day, as a UTC ISO time. */
export function localTime(day: string, hhmm: string, timeZone: string): string {
  return new Date(zonedInstant(day, hhmm, timeZone)).toISOString();
}

/** The local days from the one holding `from` to the one holding `to`, oldest first. */
export function localDaysBetween(from: string, to: string, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  const last = localDayOf(to, timeZone);
  for (let d = localDayOf(from, timeZone); d <= last; d = nextDay(d)) days.push(localDay(d, timeZone));
  return days;
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A time of day in the zone, "9:14 PM", for the words of an alert. */
export function localClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}
