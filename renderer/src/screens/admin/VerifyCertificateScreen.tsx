import { useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { formatDate } from '../../format';
import { useAction } from '../../session/useAction';

export function VerifyCertificateScreen() {
  const [id, setId] = useState('');
  const verifying = useAction('training.verifyCertificate');
  const check = verifying.value;
  const error = verifying.error && (verifying.error.fields?.certificateId ?? verifying.error.message);

  function verify(e: FormEvent) {
    e.preventDefault();
    void verifying.run({ certificateId: id });
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
          <ActionButton type="submit" pending={verifying.pending}>
            Verify
          </ActionButton>
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
