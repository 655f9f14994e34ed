/**
 * How dates and times read on screen: in the person's own time zone and words, never as ISO
 * strings. The one module for it on the renderer side (main words its own messages).
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric' });

/**
 * A day as people here read it, "Nov 24, 2026". A calendar date (YYYY-MM-DD: a hire date, a due
 * date) is the same day everywhere; an instant (an ISO time) is shown as the day it falls on here.
 */
export function formatDate(value: string): string {
  const day = CALENDAR_DATE.exec(value);
  if (day) return dateFormat.format(new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return dateFormat.format(new Date(value));
}

/** An instant as a local date and time, "Nov 24, 2026, 9:05 AM". */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** A calendar month (YYYY-MM), "Nov 2026". */
export function formatMonth(month: string): string {
  const m = CALENDAR_MONTH.exec(month);
  return m ? monthFormat.format(new Date(Number(m[1]), Number(m[2]) - 1, 1)) : month;
}

export function greeting(now: Date): string {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

/** How long ago an instant was, counted to `now`, in words: "just now", "12 minutes ago", "3 hours ago", "2 days ago". */
export function formatAge(iso: string, now: string): string {
  const minutes = Math.floor((new Date(now).getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** "1 entry", "240 entries", or "1,000+ entries" when main stopped counting at its cap. */
export function countWords(total: number, capped: boolean, one: string, many: string): string {
  const n = total.toLocaleString('en-US');
  return capped ? `${n}+ ${many}` : `${n} ${total === 1 ? one : many}`;
}
