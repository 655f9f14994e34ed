import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutputOf } from '@contract/index';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';

export type Enrolled = OutputOf<'auth.confirmEnrolment'>;

/**
 * Setting up an authenticator app: a QR code to scan (or the same key to type), then the app's
 * first code to confirm it. Reusable wherever someone enrols (first sign-in, My account, first-run
 * setup); `onEnrolled` receives the recovery codes (shown once) and the session as it now is.
 */
export function EnrolAuthenticator({ onEnrolled }: { onEnrolled(result: Enrolled): void }) {
  const begin = useAction('auth.beginEnrolment');
  const confirm = useAction('auth.confirmEnrolment');
  const [code, setCode] = useState('');
  const started = useRef(false);
  const start = begin.value;
  const { run } = begin;

  useEffect(() => {
    // Once per mount: main shows the same key again until it is confirmed, so a repeat is harmless.
    if (started.current) return;
    started.current = true;
    void run({});
  }, [run]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await confirm.run({ code });
    if (r?.ok) onEnrolled(r.value);
    else if (r) setCode('');
  }

  if (begin.error) {
    return (
      <Alert kind="error" title="The set-up could not start">
        {begin.error.message}
      </Alert>
    );
  }
  if (!start) return <p className="muted">Preparing your key…</p>;
  return (
    <div className="enrol">
      <ol className="enrol__steps">
        <li>
          <p className="enrol__step">Open an authenticator app on your phone</p>
          <p>Any app that supports time-based codes works, for example Google Authenticator, Microsoft Authenticator or FreeOTP.</p>
        </li>
        <li>
          <p className="enrol__step">Add Clearance to it</p>
          <p>Scan this QR code with the app.</p>
          <img
            className="enrol__qr"
            src={start.qrCode}
            width={200}
            height={200}
            alt={`QR code that adds ${start.issuer} (${start.account}) to an authenticator app. If you cannot scan it, type the key shown below.`}
          />
          <p>
            Or type this key into the app by hand (time-based, {start.digits} digits, every {start.periodSeconds} seconds):
          </p>
          <p className="enrol__key">
            <code aria-label={`Key: ${start.manualKey.split(' ').join(', ')}`}>{start.manualKey}</code>
          </p>
          <p className="muted small">Account: {start.account}. Keep this key to yourself: anyone who has it can make your codes.</p>
        </li>
        <li>
          <p className="enrol__step">Enter the code the app shows</p>
          <form onSubmit={submit} noValidate>
            <Field
              label="Code from your authenticator app"
              hint="Six digits. This confirms the app is set up correctly."
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={confirm.error?.fields?.code ?? (confirm.error?.code === 'INVALID_INPUT' ? 'Enter the code the app shows.' : undefined)}
              required
            />
            {confirm.error && !confirm.error.fields?.code && confirm.error.code !== 'INVALID_INPUT' && (
              <Alert kind="error">{confirm.error.message}</Alert>
            )}
            <ActionButton type="submit" pending={confirm.pending} pendingLabel="Checking…">
              Confirm and finish
            </ActionButton>
          </form>
        </li>
      </ol>
    </div>
  );
}
