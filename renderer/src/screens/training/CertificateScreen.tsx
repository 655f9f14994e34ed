import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { NextModule } from './NextModule';

export function CertificateScreen({ certificateId }: { certificateId: string }) {
  const q = useQuery('training.certificate', { certificateId });
  const saving = useAction('training.saveCertificatePdf');
  const saved = saving.value
    ? saving.value.path
      ? { kind: 'success' as const, text: `Saved to ${saving.value.path}` }
      : { kind: 'info' as const, text: 'Not saved: no file was chosen.' }
    : saving.error && { kind: 'error' as const, text: saving.error.message };

  if (q.error)
    return (
      <div className="page">
        <h1>Certificate</h1>
        <ErrorNotice error={q.error} />
        <a href="#/training">Back to My training</a>
      </div>
    );
  const c = q.data;
  if (!c)
    return (
      <div className="page">
        <p className="muted">Loading the certificate…</p>
      </div>
    );
  return (
    <div className="page">
      <div className="no-print">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <a href="#/training">My training</a> <span aria-hidden="true">›</span> <span>Certificate</span>
        </nav>
        <h1>Certificate of completion</h1>
        <div className="button-row">
          <ActionButton pending={saving.pending} onClick={() => void saving.run({ certificateId })}>
            Save as PDF
          </ActionButton>
          <a className="button button--secondary" href="#/training">
            Back to My training
          </a>
        </div>
        {saved && <Alert kind={saved.kind}>{saved.text}</Alert>}
      </div>
      <div className="no-print">
        <NextModule after={c.moduleId} />
      </div>
      <section className="certificate" aria-label="Certificate">
        <div className="certificate__brand">
          <Brand size={40} />
        </div>
        <p className="certificate__kicker">Certificate of completion</p>
        <p className="certificate__intro">This certifies that</p>
        <p className="certificate__name">{c.personName}</p>
        <p className="certificate__intro">employee {c.employeeId}, has completed the privacy training module</p>
        <p className="certificate__module">{c.moduleTitle}</p>
        <p className="certificate__intro">
          version {c.version}, with a score of {c.score}%, and signed the policy acknowledgement.
        </p>
        <dl className="certificate__facts">
          <div>
            <dt>Completed</dt>
            <dd>{formatDate(c.completedAt)}</dd>
          </div>
          <div>
            <dt>Valid until</dt>
            <dd>{formatDate(c.expiresAt)}</dd>
          </div>
          <div>
            <dt>Certificate ID</dt>
            <dd className="mono">{c.certificateId}</dd>
          </div>
        </dl>
        <p className="certificate__footer">An administrator can confirm this certificate is genuine and current by its ID in Clearance.</p>
      </section>
    </div>
  );
}
