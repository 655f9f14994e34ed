import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { formatDate } from '../../format';
import { useSession } from '../../session/SessionContext';

type Check = Extract<Awaited<ReturnType<typeof api.training.verifyCertificate>>, { ok: true }>['value'];

export function VerifyCertificateScreen() {
  const { handleSessionError } = useSession();
  const [id, setId] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify(e: FormEvent) {
    e.preventDefault();
    setCheck(null);
    setError(null);
    const r = await api.training.verifyCertificate({ certificateId: id });
    if (r.ok) setCheck(r.value);
    else if (!handleSessionError(r)) setError(r.fields?.certificateId ?? r.message);
  }

  const c = check?.certificate;
  return (
    <div className="page">
      <h1>Verify a certificate</h1>
      <p className="lead">Enter the ID printed on a certificate to see whether Clearance issued it and whether it is still current.</p>
      <section className="card card--narrow">
        <form onSubmit={verify} noValidate>
          <Field
            label="Certificate ID"
            hint="For example CLR-ABCDE23456"
            value={id}
            onChange={(e) => setId(e.target.value)}
            error={error ?? undefined}
            autoComplete="off"
            spellCheck={false}
          />
          <button className="button button--primary" type="submit">
            Verify
          </button>
        </form>
      </section>
      {check && !check.found && (
        <Alert kind="error" title="Not genuine">
          {check.note}
        </Alert>
      )}
      {check && c && (
        <Alert kind={check.current ? 'success' : 'warning'} title={`Genuine · ${check.current ? 'Current' : 'Not current'}`}>
          <p>{check.note}</p>
          <dl className="facts">
            <div>
              <dt>Person</dt>
              <dd>
                {c.personName} ({c.employeeId})
              </dd>
            </div>
            <div>
              <dt>Module</dt>
              <dd>
                {c.moduleTitle}, version {c.version}
              </dd>
            </div>
            <div>
              <dt>Completed</dt>
              <dd>{formatDate(c.completedAt)}</dd>
            </div>
            <div>
              <dt>Valid until</dt>
              <dd>{formatDate(c.expiresAt)}</dd>
            </div>
            <div>
              <dt>Score</dt>
              <dd>{c.score}%</dd>
            </div>
          </dl>
        </Alert>
      )}
    </div>
  );
}
