/** On every screen of a demo database, so nobody mistakes its synthetic people for real ones. */
export function DemoBanner() {
  return (
    <aside className="demo-banner" aria-label="Demo organization">
      <strong>Demo organization: synthetic people</strong>
      <span className="demo-banner__detail">Nothing here is real. Every person and record was generated for trying Clearance.</span>
    </aside>
  );
}
