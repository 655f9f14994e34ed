import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
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

function MenuIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/**
 * The frame of every signed-in screen. On a narrow window (320 px, or 200% zoom) the navigation
 * folds behind a Menu button (CSS decides when; the button is hidden on wide windows), so the page
 * never scrolls sideways. The menu closes on navigation and on Escape, which returns focus to the button.
 */
export function AppShell({ screens, current, path, children }: { screens: Screen[]; current: string; path: string; children: ReactNode }) {
  const view = useSignedIn();
  const { state, signOut, clearNotice } = useSession();
  const notice = state.status === 'signed-in' ? state.notice : undefined;
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const [menuNotice, clearMenuNotice] = useMenuCommands();
  // The path the menu was opened on: moving to another path closes it, with no effect needed.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === path;

  // Move focus to the page on navigation so keyboard and screen-reader users land on the new content.
  useEffect(() => {
    mainRef.current?.focus();
  }, [path]);
  useEffect(() => clearMenuNotice(), [path, clearMenuNotice]);
  // A notice carried from the screen before (such as "password changed") stays until the person moves on.
  const noticePath = useRef(path);
  useEffect(() => {
    if (noticePath.current !== path) clearNotice();
    noticePath.current = path;
  }, [path, clearNotice]);

  function closeMenuOnEscape(e: KeyboardEvent) {
    if (e.key !== 'Escape' || !menuOpen) return;
    setMenuOpenOn(null);
    menuButtonRef.current?.focus();
  }

  return (
    <div className="shell" onKeyDown={closeMenuOnEscape}>
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
          <span className="shell__user-who">
            <span className="shell__user-name">{view.user.displayName}</span>{' '}
            <span className="shell__user-meta">{view.user.department}</span>
          </span>
          <button className="button button--ghost" type="button" onClick={() => void signOut('You have signed out.')}>
            Sign out
          </button>
        </div>
        {/* Last in the header, right above the navigation it opens: the next Tab goes into the menu. */}
        <button
          ref={menuButtonRef}
          className="shell__menu-button"
          type="button"
          aria-expanded={menuOpen}
          aria-controls="shell-nav"
          onClick={() => setMenuOpenOn(menuOpen ? null : path)}
        >
          <MenuIcon />
          Menu
        </button>
      </header>
      <div className="shell__body">
        <nav id="shell-nav" className={`shell__nav${menuOpen ? ' shell__nav--open' : ''}`} aria-label="Main">
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
                    <a
                      href={`#${s.path}`}
                      aria-current={current === s.path ? 'page' : undefined}
                      // The same screen again is no hash change: close the menu here too.
                      onClick={() => setMenuOpenOn(null)}
                    >
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
          {notice && (
            <div className="no-print menu-notice">
              <Alert kind="success">
                {notice}{' '}
                <button className="button button--link" type="button" onClick={clearNotice}>
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
