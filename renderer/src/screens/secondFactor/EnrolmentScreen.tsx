import { Brand } from '../../components/Brand';
import { useSession, useSignedIn } from '../../session/SessionContext';
import { useQuery } from '../../session/useQuery';
import { EnrolAuthenticator } from './EnrolAuthenticator';

/** Right after the password (and a forced password change), for someone who must use a second factor and has none. */
export function EnrolmentScreen() {
  const view = useSignedIn();
  const { setView, signOut, showRecoveryCodes } = useSession();
  const status = useQuery('auth.secondFactor', {});
  return (
    <div className="auth-page">
      <main className="auth-card auth-card--wide" aria-labelledby="enrol-title">
        <Brand size={36} />
        <h1 id="enrol-title">Set up your second factor</h1>
        <p>
          Welcome, {view.user.displayName}. {status.data?.requiredBecause ?? 'Your account requires it.'} Each time you sign in, Clearance
          asks for your password and then for a code from an authenticator app on your phone; it asks for a code again before sensitive
          actions.
        </p>
        <EnrolAuthenticator
          onEnrolled={({ recoveryCodes, session }) => {
            showRecoveryCodes(recoveryCodes);
            setView(session);
          }}
        />
        <button className="button button--link" type="button" onClick={() => void signOut()}>
          Sign out instead
        </button>
      </main>
    </div>
  );
}
