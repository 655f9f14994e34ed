import { useEffect, useRef, type ReactNode } from 'react';
import { Brand } from './Brand';
import { useSession, useSignedIn } from '../session/SessionContext';
import type { Screen } from '../navigation';
import { useMenuCommands } from '../session/useMenuCommands';
import { Alert } from './Alert';

function groups(screens: Screen[]): [string, Screen[]][] {
  const out = new Map<string, Screen[]>();
  for (const s of screens) out.set(s.group ?? '', [...(out.get(s.group ?? '') ?? []), s]);
  return [...out.entries()];
}

export function AppShell({ screens, current, path, children }: { screens: Screen[]; current: string; path: string; children: ReactNode }) {
  const view = useSignedIn();
  const { signOut } = useSession();
  const mainRef = useRef<HTMLElement>(null);
  const [menuNotice, clearMenuNotice] = useMenuCommands();

  // Move focus to the page on navigation so keyboard and screen-reader users land on the new content.
  useEffect(() => {
    mainRef.current?.focus();
  }, [path]);
  useEffect(() => clearMenuNotice(), [path, clearMenuNotice]);

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="shell__header">
        <Brand />
        <div className="shell__user">
          <span className="shell__user-name">{view.user.displayName}</span>
          <span className="shell__user-meta">{view.user.department}</span>
          <button className="button button--ghost" type="button" onClick={() => void signOut('You have signed out.')}>
            Sign out
          </button>
        </div>
      </header>
      <div className="shell__body">
        <nav className="shell__nav" aria-label="Main">
          {groups(screens).map(([group, items]) => (
            <div key={group || 'main'}>
              {group && (
                <p className="shell__nav-group" aria-hidden="true">
                  {group}
                </p>
              )}
              <ul aria-label={group || undefined}>
                {items.map((s) => (
                  <li key={s.path}>
                    <a href={`#${s.path}`} aria-current={current === s.path ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="shell__main" tabIndex={-1} ref={mainRef}>
          {menuNotice && (
            <div className="no-print menu-notice">
              <Alert kind="info">
                {menuNotice}{' '}
                <button className="button button--link" type="button" onClick={clearMenuNotice}>
                  Dismiss
                </button>
              </Alert>
            </div>
          )}
          {children}
        </main>
      </div>
    </div>
  );
}
