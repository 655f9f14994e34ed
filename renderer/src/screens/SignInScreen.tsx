import { useState, type FormEvent } from 'react';
import { ActionButton } from '../components/ActionButton';
import { Alert } from '../components/Alert';
import { Brand } from '../components/Brand';
import { Field } from '../components/Field';
import { useSession } from '../session/SessionContext';
import { useAction } from '../session/useAction';

export function SignInScreen({ notice }: { notice?: string | undefined }) {
  const { setView } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useAction('auth.signIn');
  const error = signIn.error;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await signIn.run({ username, password });
    if (r?.ok) setView(r.value);
    else if (r) setPassword('');
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
          <ActionButton className="button button--primary button--block" type="submit" pending={signIn.pending} pendingLabel="Signing in…">
            Sign in
          </ActionButton>
        </form>
        <p className="fineprint">
          Use of this system is monitored. Every access to personal information is recorded in a tamper-evident audit trail.
        </p>
      </main>
    </div>
  );
}
