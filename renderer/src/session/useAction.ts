import { useCallback, useRef, useState } from 'react';
import type { Channel, Err, InputOf, OutputOf, Result } from '@contract/index';
import { call, newRequestId } from '../api';
import { useSession } from './SessionContext';
import { useStepUp } from './StepUpContext';

export interface Action<C extends Channel> {
  /**
   * Runs the call for one user action. While it is in flight a second run (a double click, Enter
   * pressed twice) is ignored and resolves to undefined; so does a session error, which the
   * session provider has already turned into the right screen.
   */
  run(input: InputOf<C>): Promise<Result<OutputOf<C>> | undefined>;
  /** In flight: the button shows it and ignores clicks. */
  pending: boolean;
  /** The last run's failure, for an ErrorNotice or field errors; cleared when the next run starts. */
  error: Err | null;
  /** The last run's value when it succeeded; cleared when the next run starts. */
  value: OutputOf<C> | null;
  /** Forget the last error and value (the screen moved on). */
  reset(): void;
}

const BRIDGE_FAILURE: Err = {
  ok: false,
  code: 'INTERNAL',
  message: 'Clearance could not reach its main process, so nothing was done. Try again; if it keeps happening, restart Clearance.',
};

const STEP_UP_CANCELLED: Err = {
  ok: false,
  code: 'STEP_UP_REQUIRED',
  message: 'Nothing was done: this action needs a code from your authenticator app first.',
};

/**
 * A user action that calls main: a button or a form. One request id per run, so main also
 * recognises a repeat that gets past the screen and answers it with the first result. When main
 * asks for a fresh second-factor code first (step-up), the code dialog opens and the same request
 * is sent again once the code was accepted; the button stays in flight meanwhile.
 */
export function useAction<C extends Channel>(channel: C): Action<C> {
  const { handleSessionError } = useSession();
  const { requestStepUp } = useStepUp();
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Err | null>(null);
  const [value, setValue] = useState<OutputOf<C> | null>(null);

  const run = useCallback(
    async (input: InputOf<C>) => {
      // A ref, not the state: a second click can arrive before React has re-rendered.
      if (inFlight.current) return undefined;
      inFlight.current = true;
      setPending(true);
      setError(null);
      setValue(null);
      let r: Result<OutputOf<C>>;
      try {
        const requestId = newRequestId();
        r = await call(channel, input, requestId);
        while (!r.ok && r.code === 'STEP_UP_REQUIRED') {
          if (!(await requestStepUp(r.message))) {
            r = STEP_UP_CANCELLED;
            break;
          }
          r = await call(channel, input, requestId);
        }
      } catch {
        r = BRIDGE_FAILURE;
      } finally {
        inFlight.current = false;
        setPending(false);
      }
      if (r.ok) setValue(r.value);
      else if (handleSessionError(r)) return undefined;
      else setError(r);
      return r;
    },
    [channel, handleSessionError, requestStepUp],
  );

  const reset = useCallback(() => {
    setError(null);
    setValue(null);
  }, []);

  return { run, pending, error, value, reset };
}
