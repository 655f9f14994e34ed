import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Alert } from '../components/Alert';
import { Brand } from '../components/Brand';
import { Field } from '../components/Field';
import { useSession } from '../session/SessionContext';

export function SignInScreen({ notice }: { notice?: string | undefined }) {
  const { setView } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> | undefined } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.auth.signIn({ username, password });
    setBusy(false);
    if (r.ok) {
      setView(r.value);
      return;
    }
    setPassword('');
    setError({ message: r.message, fields: r.fields });
  }

  return (
    <div className="auth-page">
      <main className="auth-card" aria-labelledby="signin-title">
        <Brand size={36} />
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Privacy training and access to protected records for authorized staff.</p>
        {notice && !error && <Alert kind="info">{notice}</Alert>}
        {error && (
          <Alert kind="error" title="You could not be signed in">
            {error.message}
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={error?.fields?.username}
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error?.fields?.password}
            required
          />
          <button className="button button--primary button--block" type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="fineprint">
          Use of this system is monitored. Every access to personal information is recorded in a tamper-evident audit trail.
        </p>
      </main>
    </div>
  );
}
