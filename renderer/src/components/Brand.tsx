/** The product mark: a shield with a check, drawn inline so no remote asset is needed. */
export function Brand({ size = 28 }: { size?: number }) {
  return (
    <span className="brand">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <path d="M16 2 4 6.5v8.2c0 7.3 5 13.4 12 15.3 7-1.9 12-8 12-15.3V6.5L16 2Z" fill="currentColor" opacity="0.18" />
        <path d="M16 2 4 6.5v8.2c0 7.3 5 13.4 12 15.3 7-1.9 12-8 12-15.3V6.5L16 2Z" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="m10.5 16 4 4 7-8" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="brand__name">Clearance</span>
    </span>
  );
}
