import { useCallback, useEffect, useState } from 'react';
import type { Channel, Err, InputOf, OutputOf } from '@contract/index';
import { call } from '../api';
import { useSession } from './SessionContext';

export interface Query<T> {
  data: T | undefined;
  error: Err | undefined;
  loading: boolean;
  reload(): void;
}

interface Loaded<T> {
  /** Which request this answers: the channel, input and reload count it was made for. */
  key: string;
  data?: T;
  error?: Err;
}

/**
 * Loads what a screen shows from one channel; loads again when the input changes or on `reload`.
 * Session-ending errors go to the session provider. `loading` is derived (the last answer is for
 * another input than the current one), so no state is set synchronously in the effect, and the
 * previous data stays on screen while the next loads.
 */
export function useQuery<C extends Channel>(channel: C, input: InputOf<C>): Query<OutputOf<C>> {
  const { handleSessionError } = useSession();
  const [tick, setTick] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<OutputOf<C>> | null>(null);
  const key = JSON.stringify([channel, input, tick]);
  useEffect(() => {
    let live = true;
    void call(channel, input).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ key, data: r.value });
      else if (!handleSessionError(r)) setLoaded({ key, error: r });
    });
    return () => {
      live = false;
    };
    // `key` stands for the channel and input: the input is a fresh object on every render by design.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = loaded?.key === key;
  return { data: loaded?.data, error: current ? loaded?.error : undefined, loading: !current, reload };
}
