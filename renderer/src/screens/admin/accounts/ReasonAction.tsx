import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Channel, OutputOf } from '@contract/index';
import { ActionButton } from '../../../components/ActionButton';
import { Alert } from '../../../components/Alert';
import { Field } from '../../../components/Field';
import { useAction } from '../../../session/useAction';

type ReasonChannel = 'accounts.unlock' | 'accounts.resetPassword' | 'accounts.resetSecondFactor' | 'accounts.endSessions';

/**
 * One administrator action on an account that needs a reason (it goes into the audit entry):
 * a heading, what it does, the reason, and the button.
 */
export function ReasonAction<C extends ReasonChannel | 'accounts.setEnabled'>({
  channel,
  title,
  explanation,
  button,
  username,
  extra,
  danger,
  onDone,
  renderResult,
}: {
  channel: C;
  title: string;
  explanation: ReactNode;
  button: string;
  username: string;
  extra?: Record<string, unknown>;
  danger?: boolean;
  /** With the action's message, once it succeeded. */
  onDone(message: string): void;
  renderResult?: (value: OutputOf<C>) => ReactNode;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const action = useAction<Channel>(channel);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await action.run({ username, reason, ...extra } as never);
    if (r?.ok) {
      setReason('');
      onDone((r.value as { message: string }).message);
    }
  }

  const value = action.value as OutputOf<C> | null;
  return (
    <form className="account-action" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="muted small">{explanation}</p>
      {action.error && <Alert kind="error">{action.error.message}</Alert>}
      {value && renderResult?.(value)}
      <Field
        label="Reason"
        hint="Recorded in the audit trail."
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={action.error?.fields?.reason}
        required
      />
      <ActionButton type="submit" className={`button ${danger ? 'button--danger' : 'button--secondary'}`} pending={action.pending}>
        {button}
      </ActionButton>
    </form>
  );
}
