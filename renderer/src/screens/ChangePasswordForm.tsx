import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useSession } from '../session/SessionContext';

const RULES = 'At least 12 characters, with letters and digits, and not one of your last 4 passwords.';

/** Used both for the forced change on first sign-in and for a voluntary change. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { setView, handleSessionError } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    setDone(false);
    if (next !== confirm) {
      setErrors({ confirm: 'The two new passwords do not match.' });
      return;
    }
    setErrors({});
    setBusy(true);
    const r = await api.auth.changePassword({ currentPassword: current, newPassword: next });
    setBusy(false);
    if (r.ok) {
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      setView(r.value);
      onDone?.();
      return;
    }
    if (handleSessionError(r)) return;
    setErrors(r.fields ?? {});
    setMessage(r.message);
  }

  return (
    <form onSubmit={submit} noValidate className="stack">
      {message && (
        <Alert kind="error" title="Your password was not changed">
          {message}
        </Alert>
      )}
      {done && <Alert kind="success">Your password has been changed.</Alert>}
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
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
