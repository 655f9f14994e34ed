import type { ReactNode } from 'react';

/** A message box. Errors are announced at once; notices politely. */
export function Alert({ kind, title, children }: { kind: 'error' | 'info' | 'success' | 'warning'; title?: string; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
