import type { TrainingStatus } from '@contract/training';

const LABELS: Record<TrainingStatus, { text: string; tone: 'ok' | 'warn' | 'bad' | '' }> = {
  not_started: { text: 'Not started', tone: '' },
  in_progress: { text: 'In progress', tone: '' },
  passed: { text: 'Passed', tone: 'ok' },
  expiring: { text: 'Expiring soon', tone: 'warn' },
  expired: { text: 'Expired', tone: 'bad' },
  overdue: { text: 'Overdue', tone: 'bad' },
};

export function statusText(status: TrainingStatus): string {
  return LABELS[status].text;
}

export function StatusBadge({ status, stale }: { status: TrainingStatus; stale?: boolean }) {
  const { text, tone } = LABELS[status];
  return (
    <span className="badge-group">
      <span className={`badge${tone ? ` badge--${tone}` : ''}`}>{text}</span>
      {stale && <span className="badge badge--warn">New version</span>}
    </span>
  );
}
