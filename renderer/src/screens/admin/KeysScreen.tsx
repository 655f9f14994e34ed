import { useState, type FormEvent } from 'react';
import { SignatureFields } from '../../components/SignatureFields';
import { TableBox } from '../../components/TableBox';
import type { KeysOverview, WorkstationView } from '@contract/keys';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

/** A fingerprint in large type, so it can be read out and compared group by group. */
function FingerprintText({ value }: { value: string }) {
  return <span className="fingerprint">{value}</span>;
}

function ThisWorkstation({ overview, onChange }: { overview: KeysOverview; onChange: () => void }) {
  const me = overview.thisWorkstation;
  const renewing = useAction('keys.renewEnrolment');
  const canRenew = me.state === 'refused' || me.state === 'retired' || me.state === 'missing-version';
  return (
    <section className="card" aria-labelledby="this-ws">
      <h2 id="this-ws">This workstation: {me.name}</h2>
      {me.fingerprint && (
        <p>
          Its fingerprint: <FingerprintText value={me.fingerprint} />
        </p>
      )}
      {me.state === 'ready' ? (
        <Alert kind="success">Enrolled: this workstation holds the master key, sealed by its own keychain.</Alert>
      ) : (
        <Alert kind={me.state === 'pending' ? 'info' : 'warning'}>{me.message}</Alert>
      )}
      {me.state === 'pending' && (
        <p className="muted">
          An administrator at an enrolled workstation compares this fingerprint with the request {me.reference} before approving it.
        </p>
      )}
      {canRenew && (
        <>
          {renewing.error && <Alert kind="error">{renewing.error.message}</Alert>}
          <ActionButton
            className="button button--secondary"
            pending={renewing.pending}
            onClick={() => void renewing.run({}).then((r) => r?.ok && onChange())}
          >
            Make a new enrolment request
          </ActionButton>
        </>
      )}
    </section>
  );
}

function CustodianStatement({ overview, onChange }: { overview: KeysOverview; onChange: () => void }) {
  const signing = useAction('keys.acknowledgeCustodian');
  const [agreed, setAgreed] = useState(false);
  const [signature, setSignature] = useState('');
  const [errors, setErrors] = useState<{ agreed?: string; signature?: string }>({});
  const { custodian } = overview;

  async function sign(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!agreed) found.agreed = 'Confirm that you have read the statement.';
    if (!signature.trim()) found.signature = 'Type your full name.';
    setErrors(found);
    if (found.agreed || found.signature) return;
    const r = await signing.run({ signature });
    if (r?.ok) onChange();
    else if (r && !r.ok && r.fields?.signature) setErrors({ signature: r.fields.signature });
  }

  if (custodian.acknowledged) {
    return (
      <section className="card" aria-labelledby="custodian">
        <h2 id="custodian">Key custodian statement</h2>
        <p>
          You signed version {custodian.statementVersion} on {formatDateTime(custodian.acknowledgedAt!)}.
        </p>
        <details>
          <summary>Read the statement again</summary>
          <div className="ack-text statement">{custodian.statement}</div>
        </details>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="custodian">
      <h2 id="custodian">Key custodian statement</h2>
      <p>Before your first key operation, read the statement and sign it with your full name.</p>
      <div className="ack-text statement">{custodian.statement}</div>
      {signing.error && !signing.error.fields && <Alert kind="error">{signing.error.message}</Alert>}
      <form onSubmit={sign} noValidate>
        <SignatureFields
          idPrefix="custodian"
          agreement="I have read this statement and accept these responsibilities."
          agreed={agreed}
          onAgreed={setAgreed}
          signature={signature}
          onSignature={setSignature}
          errors={errors}
        />
        <ActionButton type="submit" pending={signing.pending}>
          Sign the statement
        </ActionButton>
      </form>
    </section>
  );
}

function MasterKey({ overview, onChange }: { overview: KeysOverview; onChange: () => void }) {
  const requesting = useAction('keys.requestRotation');
  const confirming = useAction('keys.confirmRotation');
  const { key, rotation, dualControl } = overview;
  const error = requesting.error ?? confirming.error;
  if (!key) {
    return (
      <section className="card" aria-labelledby="master-key">
        <h2 id="master-key">Master key</h2>
        <p>No deployment master key has been created yet.</p>
      </section>
    );
  }
  const busy = rotation?.status === 'running' || rotation?.status === 'awaiting_confirmation';
  return (
    <section className="card" aria-labelledby="master-key">
      <h2 id="master-key">Master key</h2>
      <dl className="facts">
        <div>
          <dt>Current version</dt>
          <dd>{key.version}</dd>
        </div>
        <div>
          <dt>Made on</dt>
          <dd>
            {formatDate(key.createdAt)} ({key.ageDays} {key.ageDays === 1 ? 'day' : 'days'} ago)
          </dd>
        </div>
        <div>
          <dt>Rotation due</dt>
          <dd>
            {formatDate(key.rotationDueAt)} (every {key.rotationIntervalDays} days)
          </dd>
        </div>
        <div>
          <dt>Dual control</dt>
          <dd>
            {dualControl.required
              ? `On: ${dualControl.administrators} administrators, so a second one confirms every rotation and enrolment within 24 hours.`
              : 'Off: there is one administrator.'}
          </dd>
        </div>
      </dl>
      {key.rotationDue && <Alert kind="warning">The key is due for rotation.</Alert>}
      {overview.rotationRecommended && <Alert kind="warning">{overview.rotationRecommended}</Alert>}
      {rotation && (
        <Alert
          kind={rotation.status === 'finished' ? 'success' : 'info'}
          title={`Rotation ${rotation.fromVersion} → ${rotation.toVersion ?? rotation.fromVersion + 1}`}
        >
          {rotation.statusText}
        </Alert>
      )}
      {error && <Alert kind="error">{error.message}</Alert>}
      <div className="button-row">
        {rotation?.canConfirm && (
          <ActionButton
            pending={confirming.pending}
            onClick={() => void confirming.run({ rotationId: rotation.id }).then((r) => r?.ok && onChange())}
          >
            Confirm the rotation
          </ActionButton>
        )}
        {!busy && (
          <ActionButton
            className="button button--secondary"
            pending={requesting.pending}
            onClick={() => void requesting.run({}).then((r) => r?.ok && onChange())}
          >
            Rotate the key
          </ActionButton>
        )}
      </div>
      <p className="muted small">
        A rotation makes a new version, gives it to every enrolled workstation, re-seals every stored value under it in the background, and
        then destroys the old version.
      </p>
    </section>
  );
}

function EnrolmentRequest({ ws, onChange }: { ws: WorkstationView; onChange: () => void }) {
  const approving = useAction('keys.approveEnrolment');
  const refusing = useAction('keys.refuseEnrolment');
  const [matches, setMatches] = useState(false);
  const [matchError, setMatchError] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const error = approving.error ?? refusing.error;
  const headingId = `request-${ws.id}`;

  async function approve() {
    if (!matches) {
      setMatchError('Compare the fingerprint on that workstation’s screen first, and tick the box if every group matches.');
      return;
    }
    setMatchError(undefined);
    const r = await approving.run({ workstationId: ws.id, fingerprint: ws.fingerprint });
    if (r?.ok) onChange();
  }

  async function refuse(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError('Say why the request is refused.');
      return;
    }
    setReasonError(undefined);
    const r = await refusing.run({ workstationId: ws.id, reason });
    if (r?.ok) onChange();
  }

  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Request {ws.reference} from {ws.name}
      </h3>
      <p className="muted">
        Requested {formatDateTime(ws.requestedAt)}. {ws.statusText}
      </p>
      <p>
        Fingerprint: <FingerprintText value={ws.fingerprint} />
      </p>
      {error && <Alert kind="error">{error.message}</Alert>}
      {ws.canApprove ? (
        <>
          <div className={`field${matchError ? ' field--error' : ''}`}>
            {matchError && (
              <p className="field__error" id={`${headingId}-match-error`}>
                {matchError}
              </p>
            )}
            <label className="choice">
              <input
                type="checkbox"
                checked={matches}
                onChange={(e) => setMatches(e.target.checked)}
                aria-describedby={matchError ? `${headingId}-match-error` : undefined}
              />
              <span>The fingerprint on {ws.name}’s own screen matches this one, group by group.</span>
            </label>
          </div>
          <div className="button-row">
            <ActionButton pending={approving.pending} onClick={() => void approve()}>
              Approve {ws.reference}
            </ActionButton>
          </div>
        </>
      ) : (
        <p>A second administrator must approve this request.</p>
      )}
      <form className="inline-form spaced" onSubmit={refuse} noValidate>
        <Field label="Reason for refusing" value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} />
        <ActionButton type="submit" className="button button--danger" pending={refusing.pending}>
          Refuse {ws.reference}
        </ActionButton>
      </form>
    </article>
  );
}

function WorkstationRow({ ws, onChange }: { ws: WorkstationView; onChange: () => void }) {
  const retiring = useAction('keys.retireWorkstation');
  const [confirming, setConfirming] = useState(false);
  return (
    <tr>
      <td>
        <strong>{ws.name}</strong>
        {ws.isThisWorkstation && <span className="muted"> (this workstation)</span>}
      </td>
      <td className="mono nowrap">{ws.fingerprint}</td>
      <td>
        {ws.statusText}
        {retiring.error && (
          <div className="spaced">
            <Alert kind="error">{retiring.error.message}</Alert>
          </div>
        )}
      </td>
      <td className="nowrap">{formatDate(ws.requestedAt)}</td>
      <td>
        {ws.status === 'enrolled' &&
          (confirming ? (
            <div className="button-row button-row--tight">
              <ActionButton
                className="button button--danger button--small"
                pending={retiring.pending}
                onClick={() => void retiring.run({ workstationId: ws.id }).then((r) => r?.ok && onChange())}
              >
                Retire {ws.name}
              </ActionButton>
              <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          ) : (
            <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(true)}>
              Retire…
            </button>
          ))}
      </td>
    </tr>
  );
}

export function KeysScreen() {
  const q = useQuery('keys.overview', {});
  const o = q.data;
  const requests = o?.workstations.filter((w) => w.status === 'pending') ?? [];
  return (
    <div className="page page--wide">
      <h1>Keys and workstations</h1>
      <p className="lead">
        One master key protects card numbers and other protected values for the whole organization. It is never stored in clear: each
        enrolled workstation keeps it sealed by its own operating-system keychain, and a new workstation receives it only after an
        administrator has compared its fingerprint.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {o && (
        <>
          <ThisWorkstation overview={o} onChange={q.reload} />
          <CustodianStatement overview={o} onChange={q.reload} />
          <MasterKey overview={o} onChange={q.reload} />
          <section aria-labelledby="requests">
            <h2 id="requests">Enrolment requests</h2>
            {requests.length === 0 ? (
              <p>No workstation is waiting.</p>
            ) : (
              requests.map((ws) => <EnrolmentRequest key={ws.id} ws={ws} onChange={q.reload} />)
            )}
          </section>
          <section className="card" aria-labelledby="workstations">
            <h2 id="workstations">Workstations</h2>
            <div className="table-wrap">
              <TableBox label="Workstations and their enrolment">
                <table className="data data--dense">
                  <caption className="visually-hidden">Workstations and their enrolment</caption>
                  <thead>
                    <tr>
                      <th scope="col">Workstation</th>
                      <th scope="col">Fingerprint</th>
                      <th scope="col">Status</th>
                      <th scope="col">Requested</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.workstations.map((ws) => (
                      <WorkstationRow key={ws.id} ws={ws} onChange={q.reload} />
                    ))}
                  </tbody>
                </table>
              </TableBox>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
