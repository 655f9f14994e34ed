import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Brand } from '../components/Brand';
import { Field } from '../components/Field';
import { useSession, useSignedIn } from '../session/SessionContext';

/**
 * Shown instead of the app (not over it) once main has locked an idle session, so nothing
 * that was on screen stays in the page while the person is away.
 */
export function LockScreen() {
  const view = useSignedIn();
  const { setView, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await api.auth.unlock({ password });
    setBusy(false);
    setPassword('');
    if (r.ok) {
      setError(null);
      setView(r.value);
    } else if (r.code === 'LOCKED_OUT' || r.code === 'UNAUTHENTICATED') {
      await signOut(r.message);
    } else {
      setError(r.code === 'INVALID_INPUT' ? 'Enter your password.' : r.message);
    }
  }

  return (
    <div className="auth-page auth-page--locked">
      <main className="auth-card" aria-labelledby="lock-title">
        <Brand size={36} />
        <h1 id="lock-title">Session locked</h1>
        <p>
          Clearance locked after {view.idleMinutes} minutes without activity. Enter the password for <strong>{view.user.username}</strong>{' '}
          to continue where you left off.
        </p>
        {error && <Alert kind="error">{error}</Alert>}
        <form onSubmit={submit} noValidate>
          <Field
            label="Password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <button className="button button--primary button--block" type="submit" disabled={busy}>
            Unlock
          </button>
        </form>
        <button className="button button--link" type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </main>
    </div>
  );
}
