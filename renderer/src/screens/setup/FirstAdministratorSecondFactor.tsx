import { Alert } from '../../components/Alert';
import { useSession, useSignedIn } from '../../session/SessionContext';
import { EnrolAuthenticator } from '../secondFactor/EnrolAuthenticator';

/**
 * Step 2 of the first-run setup: the first administrator sets up their authenticator app (an
 * administrator must sign in with a second factor), with the same enrolment as at a first sign-in.
 * Once the first code is confirmed, the recovery codes are shown on their own page, then the app.
 * There is no way past this step without a factor: leaving it, they are asked again at sign-in.
 */
export function FirstAdministratorSecondFactor({ onDone }: { onDone(): void }) {
  const view = useSignedIn();
  const { setView, showRecoveryCodes } = useSession();
  return (
    <section aria-labelledby="second-factor-title">
      <Alert kind="success" title="Clearance is set up">
        You are signed in as {view.user.displayName}, the first administrator.
      </Alert>
      <h2 id="second-factor-title">Set up your second factor</h2>
      <p>
        Administrators sign in with a password and then a code from an authenticator app on their phone, and give a code again before
        administrator actions. Set it up now to finish the setup.
      </p>
      <EnrolAuthenticator
        onEnrolled={({ recoveryCodes, session }) => {
          showRecoveryCodes(recoveryCodes);
          setView(session);
          onDone();
        }}
      />
    </section>
  );
}
