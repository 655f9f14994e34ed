import { Brand } from '../components/Brand';
import { useSession, useSignedIn } from '../session/SessionContext';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ForcedPasswordChangeScreen() {
  const view = useSignedIn();
  const { signOut } = useSession();
  return (
    <div className="auth-page">
      <main className="auth-card auth-card--wide" aria-labelledby="change-title">
        <Brand size={36} />
        <h1 id="change-title">Choose a new password</h1>
        <p>Welcome, {view.user.displayName}. Before you continue, replace the one-time password you were given with one only you know.</p>
        <ChangePasswordForm confirmOnNextScreen />
        <button className="button button--link" type="button" onClick={() => void signOut()}>
          Sign out instead
        </button>
      </main>
    </div>
  );
}
