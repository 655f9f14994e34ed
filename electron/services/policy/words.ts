/** Dates in policy wording: "2026-10-01" style, unambiguous in audit entries and on screen. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
