/**
 * Step-up: main refuses a sensitive action (reveal, process, break-glass, administrator actions)
 * with STEP_UP_REQUIRED when no second-factor code was given in the last minutes. `useAction` then
 * asks here for a code; one dialog is shown however many actions wait for it, and each action is
 * sent again with its own request id once the code was accepted.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { StepUpDialog } from '../screens/secondFactor/StepUpDialog';
import { useSession } from './SessionContext';

interface StepUpApi {
  /** Shows the code dialog (or joins the one already shown); true once a code was accepted, false when cancelled. */
  requestStepUp(message: string): Promise<boolean>;
}

const Ctx = createContext<StepUpApi | null>(null);

interface Waiting {
  message: string;
  promise: Promise<boolean>;
  resolve(given: boolean): void;
}

export function StepUpProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const current = useRef<Waiting | null>(null);

  const finish = useCallback((given: boolean) => {
    const w = current.current;
    current.current = null;
    setWaiting(null);
    w?.resolve(given);
  }, []);

  const requestStepUp = useCallback((message: string) => {
    if (current.current) return current.current.promise;
    let resolve!: (given: boolean) => void;
    const promise = new Promise<boolean>((r) => (resolve = r));
    const w = { message, promise, resolve };
    current.current = w;
    setWaiting(w);
    return promise;
  }, []);

  // A session that ends or locks while the dialog is open takes the waiting actions with it.
  const active = state.status === 'signed-in' && state.view.state === 'active';
  useEffect(() => {
    if (!active && current.current) finish(false);
  }, [active, finish]);

  const value = useMemo(() => ({ requestStepUp }), [requestStepUp]);
  return (
    <Ctx.Provider value={value}>
      {children}
      {waiting && active && <StepUpDialog message={waiting.message} onDone={finish} />}
    </Ctx.Provider>
  );
}

export function useStepUp(): StepUpApi {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useStepUp outside StepUpProvider');
  return ctx;
}
