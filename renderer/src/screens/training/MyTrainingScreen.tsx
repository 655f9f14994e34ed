import type { CurriculumItem } from '@contract/training';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { useQuery } from '../../session/useQuery';

function action(item: CurriculumItem): { label: string; href: string } {
  if ((item.status === 'passed' || item.status === 'expiring') && item.certificateId) {
    return { label: 'View certificate', href: `#/training/certificate/${item.certificateId}` };
  }
  if (item.status === 'in_progress' || (item.status === 'overdue' && item.lessonsRead > 0))
    return { label: 'Continue', href: `#/training/${item.moduleId}` };
  if (item.status === 'expired' || item.stale) return { label: 'Retake', href: `#/training/${item.moduleId}` };
  return { label: 'Start', href: `#/training/${item.moduleId}` };
}

function dueText(item: CurriculumItem): string {
  if (item.expiresAt && (item.status === 'passed' || item.status === 'expiring')) return `Valid until ${formatDate(item.expiresAt)}`;
  if (item.status === 'expired' && item.expiresAt) return `Expired ${formatDate(item.expiresAt)}`;
  if (item.dueDate) return `${item.status === 'overdue' ? 'Was due' : 'Due'} ${formatDate(item.dueDate)}`;
  return '';
}

export function MyTrainingScreen() {
  const q = useQuery('training.myCurriculum', {});
  const items = q.data?.items ?? [];
  const current = items.filter((i) => i.status === 'passed' || i.status === 'expiring').length;
  return (
    <div className="page">
      <h1>My training</h1>
      <p className="lead">The modules your roles require. Complete each one by its due date and retake it every 12 months.</p>
      {q.error && <ErrorNotice error={q.error} />}
      {q.loading && !q.data && <p className="muted">Loading your curriculum…</p>}
      {q.data && items.length === 0 && (
        <div className="card empty">
          <p>No training is assigned to you yet. Training is assigned from your roles; ask your administrator if you expected some.</p>
        </div>
      )}
      {items.length > 0 && (
        <>
          <p className="summary-line" aria-live="polite">
            <strong>
              {current} of {items.length}
            </strong>{' '}
            modules current.
          </p>
          <table className="data data--stack">
            <caption className="visually-hidden">Your training modules</caption>
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">Status</th>
                <th scope="col">Dates</th>
                <th scope="col">Last score</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const a = action(item);
                return (
                  <tr key={item.moduleId} data-module={item.moduleId}>
                    <td>
                      <strong>
                        {item.number}. {item.title}
                      </strong>
                      <div className="muted small">
                        Version {item.version} · {item.lessonsTotal} lessons · required for {item.requiredBy.map((r) => r.name).join(', ')}
                      </div>
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={item.status} stale={item.stale} />
                    </td>
                    <td data-label="Dates">{dueText(item) || '—'}</td>
                    <td data-label="Last score">{item.lastScore === null ? '—' : `${item.lastScore}%`}</td>
                    <td>
                      <a className="button button--secondary button--small" href={a.href} aria-label={`${a.label}: ${item.title}`}>
                        {a.label}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
