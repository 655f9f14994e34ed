import type { AlertStatus } from '@contract/monitoring';

const LABELS: Record<AlertStatus, { text: string; tone: 'ok' | 'warn' | 'bad' | '' }> = {
  open: { text: 'New', tone: 'warn' },
  follow_up: { text: 'Needs follow-up', tone: 'warn' },
  appropriate: { text: 'Appropriate', tone: 'ok' },
  inappropriate: { text: 'Inappropriate', tone: 'bad' },
};

export function alertStatusText(status: AlertStatus): string {
  return LABELS[status].text;
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const { text, tone } = LABELS[status];
  return <span className={`badge${tone ? ` badge--${tone}` : ''}`}>{text}</span>;
}

/** "waiting 3 days", "raised today". */
export function waiting(ageDays: number): string {
  if (ageDays < 1) return 'raised today';
  return ageDays === 1 ? 'waiting 1 day' : `waiting ${ageDays} days`;
}
