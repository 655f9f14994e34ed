/** Human wording for times in messages (the main process runs in the user's own time zone). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
