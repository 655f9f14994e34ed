import { useEffect, useRef } from 'react';
import type { CodeAnswer } from '@contract/auth';
import { Alert } from '../../components/Alert';
import { useAction } from '../../session/useAction';
import { CodeForm } from './CodeForm';

/**
 * The one dialog that asks for a code again before a sensitive action. A native modal <dialog>:
 * focus moves into it and stays there, the page behind is inert, Escape cancels.
 */
export function StepUpDialog({ message, onDone }: { message: string; onDone(given: boolean): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const stepUp = useAction('auth.stepUp');

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(answer: CodeAnswer): Promise<boolean> {
    const r = await stepUp.run(answer);
    if (r?.ok) onDone(true);
    return Boolean(r && !r.ok);
  }

  const otherError = stepUp.error && !stepUp.error.fields?.code ? stepUp.error : null;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="stepup-title"
      aria-describedby="stepup-why"
      onCancel={(e) => {
        e.preventDefault();
        onDone(false);
      }}
    >
      <h2 id="stepup-title">Confirm it is you</h2>
      <p id="stepup-why">{message} Enter the code the app shows now; it covers sensitive actions for the next few minutes.</p>
      {otherError && <Alert kind="error">{otherError.message}</Alert>}
      <CodeForm
        onSubmit={submit}
        pending={stepUp.pending}
        error={stepUp.error}
        submitLabel="Confirm"
        pendingLabel="Checking…"
        extra={
          <button className="button button--secondary" type="button" onClick={() => onDone(false)}>
            Cancel
          </button>
        }
      />
    </dialog>
  );
}
