import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from '../../format';
import { useQuery } from '../../session/useQuery';

/** The home screen's reminder card: what is overdue, due and expiring, or that all is current. */
export function TrainingReminders() {
  const q = useQuery('training.myCurriculum', {});
  if (!q.data) return null;
  const items = q.data.items;
  const attention = items.filter((i) => i.status !== 'passed');
  const passed = items.filter((i) => i.status === 'passed');
  const nextExpiry = items
    .filter((i) => i.expiresAt)
    .map((i) => i.expiresAt!)
    .sort()[0];
  return (
    <section className="card" aria-labelledby="training-title">
      <h2 id="training-title">Your training</h2>
      {items.length === 0 && <p>No training is assigned to you.</p>}
      {items.length > 0 && attention.length === 0 && (
        <p>
          <span className="badge badge--ok">All current</span> All your training is current.
          {nextExpiry ? ` The next renewal is due ${formatDate(nextExpiry)}.` : ''}
        </p>
      )}
      {attention.length > 0 && (
        <ul className="reminders">
          {attention.map((i) => (
            <li key={i.moduleId}>
              <StatusBadge status={i.status} stale={i.stale} />{' '}
              <a href={`#/training/${i.moduleId}`}>
                {i.number}. {i.title}
              </a>
              <span className="muted">
                {i.status === 'expiring' && i.expiresAt
                  ? ` · expires ${formatDate(i.expiresAt)}`
                  : i.dueDate
                    ? ` · ${i.status === 'overdue' || i.status === 'expired' ? 'was due' : 'due'} ${formatDate(i.dueDate)}`
                    : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {attention.length > 0 && passed.length > 0 && (
        <>
          <h3 className="reminders__heading">Current</h3>
          <ul className="reminders">
            {passed.map((i) => (
              <li key={i.moduleId}>
                <StatusBadge status={i.status} stale={i.stale} /> {i.number}. {i.title}
                <span className="muted">{i.expiresAt ? ` · valid until ${formatDate(i.expiresAt)}` : ''}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {items.length > 0 && (
        <p className="spaced">
          <a href="#/training">Go to My training</a>
        </p>
      )}
    </section>
  );
}
