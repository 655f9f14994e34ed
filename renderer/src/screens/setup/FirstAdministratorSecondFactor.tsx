import { Alert } from '../../components/Alert';
import { useSignedIn } from '../../session/SessionContext';

/**
 * Step 2 of the first-run setup: the first administrator's second factor. The seam for the
 * enrolment of multi-factor sign-in (issue 12, part A), which takes this step's place.
 */
export function FirstAdministratorSecondFactor({ onDone }: { onDone(): void }) {
  const view = useSignedIn();
  return (
    <section aria-labelledby="second-factor-title">
      <Alert kind="success" title="Clearance is set up">
        You are signed in as {view.user.displayName}, the first administrator.
      </Alert>
      <h2 id="second-factor-title">Second factor</h2>
      <p>Administrators sign in with a password and a code from an authenticator app.</p>
      <button className="button button--primary" type="button" onClick={onDone}>
        Continue to Clearance
      </button>
    </section>
  );
}
