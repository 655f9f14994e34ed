import type { CodeAnswer } from '@contract/auth';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { useSession, useSignedIn } from '../../session/SessionContext';
import { useAction } from '../../session/useAction';
import { CodeForm } from './CodeForm';

/** The second sign-in step: the password was right; the code from the authenticator app comes next. */
export function CodePromptScreen() {
  const view = useSignedIn();
  const { setView, signOut } = useSession();
  const verify = useAction('auth.verifyCode');

  async function submit(answer: CodeAnswer): Promise<boolean> {
    const r = await verify.run(answer);
    if (r?.ok) setView(r.value);
    return Boolean(r && !r.ok);
  }

  const otherError = verify.error && !verify.error.fields?.code ? verify.error : null;
  return (
    <div className="auth-page">
      <main className="auth-card" aria-labelledby="code-title">
        <Brand size={36} />
        <h1 id="code-title">Enter your code</h1>
        <p>
          Open the authenticator app on your phone and enter the code it shows for Clearance (<strong>{view.user.username}</strong>).
        </p>
        {otherError && <Alert kind="error">{otherError.message}</Alert>}
        <CodeForm onSubmit={submit} pending={verify.pending} error={verify.error} submitLabel="Continue" pendingLabel="Checking…" />
        <p className="fineprint">
          Lost your phone and your recovery codes? Ask an administrator to reset your second factor.{' '}
          <button className="button button--link" type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </main>
    </div>
  );
}
