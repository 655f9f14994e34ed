/**
 * How the main process writes times and dates into messages, audit reasons and files. One
 * meaning each (the renderer has its own, for the screen):
 * - formatDate: the calendar day, "2026-10-01": unambiguous in audit entries, exports and policy wording;
 * - formatDateTime: a moment for a person to act on, "Nov 24, 2026, 9:30 AM" (the workstation's own time zone).
 */
export function formatDate(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
