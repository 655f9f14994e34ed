import { useCallback, useEffect, useState } from 'react';
import type { Err, Result } from '../../../electron/contract/result';
import { useSession } from './SessionContext';

export interface Query<T> {
  data: T | undefined;
  error: Err | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads data through the API; session-ending errors go to the session provider. */
export function useQuery<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Query<T> {
  const { handleSessionError } = useSession();
  const [state, setState] = useState<{ data?: T; error?: Err; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void load().then((r) => {
      if (!live) return;
      if (r.ok) setState({ data: r.value, loading: false });
      else if (!handleSessionError(r)) setState({ error: r, loading: false });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
