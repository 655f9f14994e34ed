import { useState, type FormEvent } from 'react';
import { ActionButton } from '../components/ActionButton';
import { Alert } from '../components/Alert';
import { Brand } from '../components/Brand';
import { Field } from '../components/Field';
import { useSession, useSignedIn } from '../session/SessionContext';
import { useAction } from '../session/useAction';

/**
 * Shown instead of the app (not over it) once main has locked an idle session, so nothing
 * that was on screen stays in the page while the person is away.
 */
export function LockScreen() {
  const view = useSignedIn();
  const { setView, signOut } = useSession();
  const [password, setPassword] = useState('');
  const unlock = useAction('auth.unlock');
  const error = unlock.error && (unlock.error.code === 'INVALID_INPUT' ? 'Enter your password.' : unlock.error.message);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await unlock.run({ password });
    if (!r) return;
    setPassword('');
    // Too many wrong passwords end the session: the session provider returns to sign-in, saying why.
    if (r.ok) setView(r.value);
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
          <ActionButton className="button button--primary button--block" type="submit" pending={unlock.pending}>
            Unlock
          </ActionButton>
        </form>
        <button className="button button--link" type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </main>
    </div>
  );
}
