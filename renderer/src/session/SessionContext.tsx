/**
 * Holds who is signed in and keeps the screen honest about it: polls the session so an idle
 * lock decided by main covers the screen, reports activity (at most once a minute) so reading
 * counts as being active, and turns session-ending errors into the right screen.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SessionView } from '@contract/auth';
import type { Err, OutputOf, Result } from '@contract/index';
import { call } from '../api';

type State =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: string }
  /** `notice`: a confirmation to show on the first screen after a change (e.g. the forced password change). */
  | { status: 'signed-in'; view: SessionView; notice?: string };

interface SessionApi {
  state: State;
  setView(view: SessionView, notice?: string): void;
  /** The signed-in notice has been read (or the person moved on). */
  clearNotice(): void;
  signOut(notice?: string): Promise<void>;
  refresh(): Promise<void>;
  /** Call with any failed result: handles the session codes, returns true when it did. */
  handleSessionError(err: Err): boolean;
  /** Recovery codes just issued, shown on their own page until the person says they kept them. */
  recoveryCodes: string[] | null;
  showRecoveryCodes(codes: string[] | null): void;
}

const Ctx = createContext<SessionApi | null>(null);

const POLL_MS = 15_000;
const ACTIVITY_REPORT_MS = 60_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [recoveryCodes, showRecoveryCodes] = useState<string[] | null>(null);
  const lastReport = useRef(0);
  // Read by handleSessionError without making it change on every state change.
  const signedInRef = useRef(false);
  useEffect(() => {
    signedInRef.current = state.status === 'signed-in';
  }, [state.status]);

  const applyCurrent = useCallback((r: Result<OutputOf<'auth.current'>>) => {
    if (!r.ok) return;
    setState((prev) => {
      if (r.value)
        return { status: 'signed-in', view: r.value, ...(prev.status === 'signed-in' && prev.notice ? { notice: prev.notice } : {}) };
      if (prev.status === 'signed-in') return { status: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' };
      return prev.status === 'loading' ? { status: 'signed-out' } : prev;
    });
  }, []);

  const refresh = useCallback(async () => applyCurrent(await call('auth.current', {})), [applyCurrent]);

  const setView = useCallback(
    (view: SessionView, notice?: string) => setState({ status: 'signed-in', view, ...(notice ? { notice } : {}) }),
    [],
  );
  const clearNotice = useCallback(
    () => setState((prev) => (prev.status === 'signed-in' && prev.notice ? { status: 'signed-in', view: prev.view } : prev)),
    [],
  );

  const signOut = useCallback(async (notice?: string) => {
    await call('auth.signOut', {});
    showRecoveryCodes(null);
    setState({ status: 'signed-out', ...(notice ? { notice } : {}) });
  }, []);

  const handleSessionError = useCallback(
    (err: Err) => {
      if (
        err.code === 'SESSION_LOCKED' ||
        err.code === 'PASSWORD_CHANGE_REQUIRED' ||
        err.code === 'SECOND_FACTOR_REQUIRED' ||
        err.code === 'ENROLMENT_REQUIRED'
      ) {
        void refresh();
        return true;
      }
      // Too many wrong answers at any prompt lock the account and end the session: sign-in says why.
      if (err.code === 'LOCKED_OUT' && signedInRef.current) {
        showRecoveryCodes(null);
        setState({ status: 'signed-out', notice: err.message });
        return true;
      }
      if (err.code === 'UNAUTHENTICATED') {
        setState({ status: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' });
        return true;
      }
      return false;
    },
    [refresh],
  );

  useEffect(() => {
    let live = true;
    void call('auth.current', {}).then((r) => live && applyCurrent(r));
    return () => {
      live = false;
    };
  }, [applyCurrent]);

  const signedIn = state.status === 'signed-in';
  const active = signedIn && state.view.state === 'active';

  useEffect(() => {
    if (!signedIn) return;
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }, [signedIn, refresh]);

  useEffect(() => {
    if (!active) return;
    const onActivity = () => {
      const now = Date.now();
      if (now - lastReport.current < ACTIVITY_REPORT_MS) return;
      lastReport.current = now;
      void call('auth.activity', {}).then((r) => {
        if (!r.ok) handleSessionError(r);
      });
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true }));
    return () => events.forEach((e) => window.removeEventListener(e, onActivity));
  }, [active, handleSessionError]);

  const value = useMemo(
    () => ({ state, setView, clearNotice, signOut, refresh, handleSessionError, recoveryCodes, showRecoveryCodes }),
    [state, setView, clearNotice, signOut, refresh, handleSessionError, recoveryCodes],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in view; only for screens rendered inside the signed-in shell. */
export function useSignedIn(): SessionView {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn while signed out');
  return state.view;
}
