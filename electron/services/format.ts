/**
 * How the main process writes times and dates. One meaning each (the renderer has its own, for
 * the screen, with the same words):
 * - formatDate: the calendar day as a machine reads it, "2026-10-01": file names and machine fields;
 * - formatDay: a day as people read it, "Oct 1, 2026": messages, audit reasons and exports people read;
 * - formatDateTime: a moment for a person to act on, "Nov 24, 2026, 9:30 AM" (the workstation's own time zone).
 */
export function formatDate(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/**
 * A day in words, "Oct 1, 2026": a calendar date (YYYY-MM-DD, a due date) is that day everywhere;
 * an instant is the day it falls on in the workstation's time zone, as on screen.
 */
export function formatDay(at: string | Date): string {
  if (typeof at === 'string') {
    const day = CALENDAR_DATE.exec(at);
    if (day) return dayFormat.format(new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return dayFormat.format(new Date(at));
  }
  return dayFormat.format(at);
}
