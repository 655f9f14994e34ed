import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

/** The supervisor's home-screen card: the privacy office found a team member's access inappropriate. */
export function PrivacyNotices() {
  const q = useQuery('monitoring.notices', {});
  const reading = useAction('monitoring.acknowledgeNotice');
  const items = reading.value?.items ?? q.data?.items;
  if (!items || items.length === 0) return null;
  return (
    <section className="card break-glass" aria-labelledby="notices-title">
      <h2 id="notices-title">From the privacy office</h2>
      {items.map((n) => (
        <div key={n.noticeId} className="spaced">
          <p>
            <strong>{n.person}</strong>: {n.judgedBy} judged their access to records on {formatDate(n.day)} inappropriate ({n.ruleName}{' '}
            rule; judged {formatDateTime(n.judgedAt)}). Any emergency access they held was ended.
          </p>
          <p>Note: {n.note}</p>
          <ActionButton
            className="button button--secondary button--small"
            pending={reading.pending}
            onClick={() => void reading.run({ noticeId: n.noticeId })}
          >
            Mark as read: {n.person}
          </ActionButton>
        </div>
      ))}
      {reading.error && <Alert kind="error">{reading.error.message}</Alert>}
    </section>
  );
}
