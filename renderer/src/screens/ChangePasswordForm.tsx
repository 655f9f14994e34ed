import { useState, type FormEvent } from 'react';
import { ActionButton } from '../components/ActionButton';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useSession } from '../session/SessionContext';
import { useAction } from '../session/useAction';

const RULES = 'At least 12 characters, with letters and digits, and not one of your last 4 passwords.';

export const PASSWORD_CHANGED = 'Your password has been changed. Use the new one the next time you sign in.';

/**
 * Used both for the forced change on first sign-in and for a voluntary change. After a forced
 * change the form is gone at once (the app opens), so the confirmation goes with the session to
 * the first screen (`confirmOnNextScreen`); otherwise it shows here.
 */
export function ChangePasswordForm({ onDone, confirmOnNextScreen = false }: { onDone?: () => void; confirmOnNextScreen?: boolean }) {
  const { setView } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useAction('auth.changePassword');
  const errors = mismatch ? { confirm: 'The two new passwords do not match.' } : (change.error?.fields ?? {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (change.pending) return;
    change.reset();
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    const r = await change.run({ currentPassword: current, newPassword: next });
    if (!r?.ok) return;
    setCurrent('');
    setNext('');
    setConfirm('');
    setView(r.value, confirmOnNextScreen ? PASSWORD_CHANGED : undefined);
    onDone?.();
  }

  return (
    <form onSubmit={submit} noValidate className="stack">
      {change.error && (
        <Alert kind="error" title="Your password was not changed">
          {change.error.message}
        </Alert>
      )}
      {change.value && !confirmOnNextScreen && <Alert kind="success">{PASSWORD_CHANGED}</Alert>}
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.currentPassword}
        required
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={RULES}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.newPassword}
        required
      />
      <Field
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={errors.confirm}
        required
      />
      <div>
        <ActionButton type="submit" pending={change.pending} pendingLabel="Changing…">
          Change password
        </ActionButton>
      </div>
    </form>
  );
}
