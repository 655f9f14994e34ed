import { useState, type FormEvent, type ReactNode } from 'react';
import type { CodeAnswer } from '@contract/auth';
import type { Err } from '@contract/result';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';

/**
 * Asks for a code from the authenticator app, or (after "Use a recovery code instead") one of
 * the person's recovery codes. Used at sign-in and in the step-up dialog.
 */
export function CodeForm({
  onSubmit,
  pending,
  error,
  submitLabel,
  pendingLabel,
  extra,
}: {
  /** Returns true when the code was refused, so the field is cleared for the next try. */
  onSubmit(answer: CodeAnswer): Promise<boolean>;
  pending: boolean;
  error: Err | null;
  submitLabel: string;
  pendingLabel: string;
  extra?: ReactNode;
}) {
  const [kind, setKind] = useState<CodeAnswer['kind']>('totp');
  const [code, setCode] = useState('');
  // A wrong code names the field; other refusals are for the caller to show.
  const fieldError = error?.fields?.code;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await onSubmit({ kind, code })) setCode('');
  }

  function switchKind() {
    setKind(kind === 'totp' ? 'recovery' : 'totp');
    setCode('');
  }

  return (
    <form onSubmit={submit} noValidate>
      {kind === 'totp' ? (
        <Field
          key="totp"
          label="Code from your authenticator app"
          hint="Six digits. The app shows a new one every 30 seconds."
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={9}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError}
          required
        />
      ) : (
        <Field
          key="recovery"
          label="Recovery code"
          hint="One of the codes you saved when you set up the app, like 7KQ4M-9XD2P. Each works once."
          name="recovery-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          autoFocus
          maxLength={20}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError}
          required
        />
      )}
      <ActionButton className="button button--primary button--block" type="submit" pending={pending} pendingLabel={pendingLabel}>
        {submitLabel}
      </ActionButton>
      <div className="button-row">
        <button className="button button--link" type="button" onClick={switchKind}>
          {kind === 'totp' ? 'Use a recovery code instead' : 'Use the code from the app instead'}
        </button>
        {extra}
      </div>
    </form>
  );
}
