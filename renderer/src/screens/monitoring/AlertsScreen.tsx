import { useState } from 'react';
import type { MonitorRuleKey } from '@contract/monitoring';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/SelectField';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { AlertStatusBadge, waiting } from './alertStatus';

type Shown = 'open' | 'closed' | 'all';

/** The privacy officer's queue: what the monitoring rules found, one alert per person, rule and day. */
export function AlertsScreen() {
  const [status, setStatus] = useState<Shown>('open');
  const [rule, setRule] = useState<MonitorRuleKey | ''>('');
  const q = useQuery('monitoring.alerts', { status, ...(rule ? { rule } : {}) });
  const rules = useQuery('monitoring.rules', {});
  const running = useAction('monitoring.run');
  const ran = running.value;

  async function runNow() {
    const r = await running.run({});
    if (r?.ok) {
      q.reload();
      rules.reload();
    }
  }

  const lastRun = rules.data?.lastRun;
  return (
    <div className="page page--wide">
      <h1>Privacy alerts</h1>
      <p className="lead">
        The monitoring rules read the audit trail every hour for access that deserves a second look: a record about the person themself, a
        coworker or a relative, someone on your watch list, unusual volume, work after hours, repeated refusals, frequent break-glass and
        large exports. Each alert is one person, one rule and one day, with the entries that raised it.
      </p>

      <section className="card toolbar" aria-label="Run the rules">
        <p>
          {lastRun
            ? `Last run ${formatDateTime(lastRun.at)}${lastRun.by ? ` by ${lastRun.by}` : ' (scheduled)'}: ${lastRun.raised} new, ${lastRun.updated} updated.`
            : 'The rules have not run yet.'}{' '}
          <a href="#/privacy/monitoring">Rules, watch list and suppressions</a>
        </p>
        <ActionButton
          className="button button--secondary"
          pending={running.pending}
          pendingLabel="Running the rules…"
          onClick={() => void runNow()}
        >
          Run the rules now
        </ActionButton>
      </section>
      {ran && (
        <Alert kind="success">
          {`The rules looked at ${ran.days === 1 ? '1 day' : `${ran.days} days`} of the trail: ${ran.raised} new ${ran.raised === 1 ? 'alert' : 'alerts'}, ${ran.updated} updated. ${ran.open} open in all.`}
        </Alert>
      )}
      {running.error && <ErrorNotice error={running.error} title="The rules did not run" />}

      <form className="card filters" aria-label="Which alerts" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Show"
          value={status}
          onChange={(v) => setStatus(v as Shown)}
          options={[
            { value: 'open', label: 'Open (new and needing follow-up)' },
            { value: 'closed', label: 'Judged' },
            { value: 'all', label: 'All' },
          ]}
        />
        <SelectField
          label="Rule"
          value={rule}
          onChange={(v) => setRule(v as MonitorRuleKey | '')}
          options={[{ value: '', label: 'Every rule' }, ...(rules.data?.rules ?? []).map((r) => ({ value: r.key, label: r.name }))]}
        />
      </form>

      {q.error && <ErrorNotice error={q.error} />}
      {q.data && q.data.items.length === 0 && (
        <div className="card empty">
          <p>{status === 'open' ? 'No open alerts. Nothing needs your judgement.' : 'No alerts to show.'}</p>
        </div>
      )}
      {q.data && q.data.items.length > 0 && (
        <p className="muted" aria-live="polite">
          {q.data.total === 1 ? '1 alert' : `${q.data.total} alerts`}
          {q.data.total > q.data.items.length ? `, the newest ${q.data.items.length} shown` : ''}
        </p>
      )}
      {q.data?.items.map((a) => (
        <article key={a.alertId} className="card review" aria-labelledby={`alert-${a.alertId}`}>
          <div className="review-card__head">
            <h2 id={`alert-${a.alertId}`}>
              <a href={`#/privacy/alerts/${a.alertId}`}>
                {a.ruleName}: {a.person}, {formatDate(a.day)}
              </a>
            </h2>
            <AlertStatusBadge status={a.status} />
          </div>
          <p>{a.why}</p>
          <p className="muted small">
            {a.department} · {a.entries === 1 ? '1 entry' : `${a.entries} entries`} ·{' '}
            {a.status === 'open' || a.status === 'follow_up' ? waiting(a.ageDays) : `judged by ${a.decidedBy ?? 'a privacy officer'}`}
            {a.aboutYou ? ' · about you: another privacy officer must judge it' : ''}
          </p>
        </article>
      ))}
    </div>
  );
}
