import { useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/SessionContext';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { EnrolAuthenticator } from './EnrolAuthenticator';

/** My account › Second factor: whether one is set up (and required, and why), recovery codes left, new codes. */
export function SecondFactorSection() {
  const status = useQuery('auth.secondFactor', {});
  const { showRecoveryCodes } = useSession();
  const regenerate = useAction('auth.regenerateRecoveryCodes');
  const [enrolling, setEnrolling] = useState(false);
  const s = status.data;

  async function newCodes() {
    const r = await regenerate.run({});
    if (r?.ok) {
      showRecoveryCodes(r.value.recoveryCodes);
      status.reload();
    }
  }

  return (
    <section className="card card--narrow" aria-labelledby="factor-title">
      <h2 id="factor-title">Second factor</h2>
      {status.error && <ErrorNotice error={status.error} />}
      {s && s.enrolled && (
        <>
          <p>
            <strong>An authenticator app is set up</strong>
            {s.enrolledAt ? ` since ${formatDateTime(s.enrolledAt)}` : ''}. Clearance asks for its code after your password, and again
            before sensitive actions when you gave none in the last {s.stepUpMinutes} minutes.
          </p>
          <dl className="facts">
            <div>
              <dt>Last code used</dt>
              <dd>{s.lastUsedAt ? formatDateTime(s.lastUsedAt) : 'Not yet'}</dd>
            </div>
            <div>
              <dt>Recovery codes left</dt>
              <dd>{s.recoveryCodesLeft} of 10</dd>
            </div>
          </dl>
          {s.recoveryCodesLeft <= 3 && (
            <Alert kind="warning">Few recovery codes are left. Get new ones and keep them somewhere safe.</Alert>
          )}
          {regenerate.error && <Alert kind="error">{regenerate.error.message}</Alert>}
          <p className="muted small">New recovery codes replace all the earlier ones, used or not.</p>
          <ActionButton className="button button--secondary" pending={regenerate.pending} onClick={() => void newCodes()}>
            Get new recovery codes
          </ActionButton>
          <p className="muted small">
            Lost or replaced your phone? Ask an administrator to reset your second factor; you set up the new phone at your next sign-in.
          </p>
        </>
      )}
      {s && !s.enrolled && !enrolling && (
        <>
          <p>
            {s.required
              ? s.requiredBecause
              : 'Optional for your role: with an authenticator app, someone who learns your password still cannot sign in as you.'}
          </p>
          <button className="button button--primary" type="button" onClick={() => setEnrolling(true)}>
            Set up an authenticator app
          </button>
        </>
      )}
      {s && !s.enrolled && enrolling && (
        <EnrolAuthenticator
          onEnrolled={({ recoveryCodes }) => {
            setEnrolling(false);
            showRecoveryCodes(recoveryCodes);
            status.reload();
          }}
        />
      )}
    </section>
  );
}
