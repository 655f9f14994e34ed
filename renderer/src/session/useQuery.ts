import { useCallback, useEffect, useState } from 'react';
import type { Err, Result } from '@contract/result';
import { useSession } from './SessionContext';

export interface Query<T> {
  data: T | undefined;
  error: Err | undefined;
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  /** Which request this answers: the deps and reload count it was made for. */
  key: string;
  data?: T;
  error?: Err;
}

/**
 * Loads data through the API; session-ending errors go to the session provider. `loading` is
 * derived (the last answer is for other deps than the current ones), so no state is set
 * synchronously in the effect, and the previous data stays on screen while the next loads.
 */
export function useQuery<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Query<T> {
  const { handleSessionError } = useSession();
  const [tick, setTick] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const key = JSON.stringify([...deps, tick]);
  useEffect(() => {
    let live = true;
    void load().then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ key, data: r.value });
      else if (!handleSessionError(r)) setLoaded({ key, error: r });
    });
    return () => {
      live = false;
    };
    // `key` stands for the caller's deps: `load` is a fresh closure on every render by design.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = loaded?.key === key;
  return { data: loaded?.data, error: current ? loaded?.error : undefined, loading: !current, reload };
}
