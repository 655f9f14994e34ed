import { useState, type FormEvent } from 'react';
import { TableBox } from '../../components/TableBox';
import type { AlertDetail } from '@contract/monitoring';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { AlertStatusBadge, alertStatusText, waiting } from './alertStatus';

type Outcome = 'appropriate' | 'inappropriate' | 'follow_up';
const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: 'appropriate', label: 'Appropriate' },
  { value: 'inappropriate', label: 'Inappropriate' },
  { value: 'follow_up', label: 'Needs follow-up' },
];

function Judgement({ detail, onDone }: { detail: AlertDetail; onDone(text: string): void }) {
  const { alert } = detail;
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [note, setNote] = useState('');
  const [unchosen, setUnchosen] = useState(false);
  const deciding = useAction('monitoring.decide');
  const noteError = deciding.error?.fields?.note;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setUnchosen(!outcome);
    if (!outcome) {
      deciding.reset();
      return;
    }
    const r = await deciding.run({ alertId: alert.alertId, outcome, ...(note.trim() ? { note } : {}) });
    if (!r?.ok) return;
    const { grantsEnded, supervisorNotified } = r.value;
    const ended =
      grantsEnded === 0 ? '' : ` ${grantsEnded === 1 ? 'One emergency access' : `${grantsEnded} emergency accesses`} ended at once.`;
    const told =
      outcome !== 'inappropriate'
        ? ''
        : supervisorNotified
          ? ` ${supervisorNotified}, their supervisor, will see it on their home screen.`
          : ' They have no supervisor on record to tell.';
    onDone(`Judged ${alertStatusText(outcome).toLowerCase()}.${ended}${told}`);
  }
  return (
    <form onSubmit={submit} noValidate className="card decision" aria-labelledby="judge-title">
      <h2 id="judge-title">Your judgement</h2>
      {deciding.error && !noteError && <Alert kind="error">{deciding.error.message}</Alert>}
      <fieldset aria-describedby={unchosen ? 'outcome-error' : undefined}>
        <legend>Was this access appropriate?</legend>
        {unchosen && (
          <p className="field__error" id="outcome-error">
            Choose an outcome.
          </p>
        )}
        {OUTCOMES.map((o) => (
          <label key={o.value} className="choice">
            <input type="radio" name="outcome" checked={outcome === o.value} onChange={() => setOutcome(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </fieldset>
      <div className={`field${noteError ? ' field--error' : ''}`}>
        <label htmlFor="judgement-note">Note</label>
        <p className="field__hint" id="judgement-note-hint">
          Required when inappropriate: it is kept with the alert and shown to their supervisor.
        </p>
        {noteError && (
          <p className="field__error" id="judgement-note-error">
            {noteError}
          </p>
        )}
        <textarea
          id="judgement-note"
          rows={3}
          value={note}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={`judgement-note-hint${noteError ? ' judgement-note-error' : ''}`}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {outcome === 'inappropriate' && detail.liveGrants > 0 && (
        <Alert kind="warning">
          {`${alert.person} has ${detail.liveGrants === 1 ? 'an emergency (break-glass) access' : `${detail.liveGrants} emergency (break-glass) accesses`} open now. Judging this inappropriate ends ${detail.liveGrants === 1 ? 'it' : 'them'} at once.`}
        </Alert>
      )}
      <ActionButton type="submit" pending={deciding.pending}>
        Record judgement
      </ActionButton>
    </form>
  );
}

function Suppress({ detail, onDone }: { detail: AlertDetail; onDone(text: string): void }) {
  const { alert } = detail;
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const suppressing = useAction('monitoring.suppress');
  const fields = suppressing.error?.fields ?? {};
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await suppressing.run({ alertId: alert.alertId, until, reason });
    if (r?.ok) onDone(`The ${r.value.ruleName} rule will not alert on ${r.value.person} until the end of ${formatDate(until)}.`);
  }
  return (
    <details className="card">
      <summary>
        Suppress the {alert.ruleName} rule for {alert.person}
      </summary>
      <p>
        For a known, legitimate reason (a coworker's request they handle, a project), stop this rule from alerting on this person for a
        while. Other rules still apply. The suppression and its reason are recorded.
      </p>
      <form onSubmit={submit} noValidate>
        {suppressing.error && !fields.until && !fields.reason && <Alert kind="error">{suppressing.error.message}</Alert>}
        <Field label="Until (inclusive)" type="date" value={until} error={fields.until} onChange={(e) => setUntil(e.target.value)} />
        <Field
          label="Reason"
          hint="At least 5 characters."
          value={reason}
          error={fields.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <ActionButton type="submit" className="button button--secondary" pending={suppressing.pending}>
          Suppress
        </ActionButton>
      </form>
    </details>
  );
}

/** One alert: why it fired, its evidence from the audit trail, and the privacy officer's judgement. */
export function AlertScreen({ alertId }: { alertId: number }) {
  const [done, setDone] = useState<string | null>(null);
  // Reading an alert's evidence is audited, so it is loaded once per visit (and after a change).
  const q = useQuery('monitoring.alert', { alertId });
  const d = q.data;
  const a = d?.alert;
  const finish = (text: string) => {
    setDone(text);
    q.reload();
  };
  return (
    <div className="page page--wide">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/privacy/alerts">Privacy alerts</a> <span aria-hidden="true">›</span>{' '}
        <span>{a ? `${a.ruleName}: ${a.person}` : 'Alert'}</span>
      </nav>
      <h1>{a ? `${a.ruleName}: ${a.person}, ${formatDate(a.day)}` : 'Alert'}</h1>
      {q.error && <ErrorNotice error={q.error} title="This alert could not be loaded" />}
      {done && <Alert kind="success">{done}</Alert>}
      {d && a && (
        <>
          <section className="card" aria-labelledby="why-title">
            <div className="review-card__head">
              <h2 id="why-title">Why the rule fired</h2>
              <AlertStatusBadge status={a.status} />
            </div>
            <p>{a.why}</p>
            <dl className="facts">
              <div>
                <dt>Person</dt>
                <dd>
                  {a.person} ({a.department})
                </dd>
              </div>
              <div>
                <dt>Entries</dt>
                <dd>{a.entries}</dd>
              </div>
              <div>
                <dt>Between</dt>
                <dd>
                  {formatDateTime(a.firstAt)} and {formatDateTime(a.lastAt)}
                </dd>
              </div>
              <div>
                <dt>Raised</dt>
                <dd>
                  {formatDateTime(a.raisedAt)} ({waiting(a.ageDays)})
                </dd>
              </div>
              <div>
                <dt>Emergency access open now</dt>
                <dd>{d.liveGrants === 0 ? 'None' : d.liveGrants}</dd>
              </div>
            </dl>
            {a.decidedBy && (
              <p className="muted">
                {a.status === 'open'
                  ? `New entries came after ${a.decidedBy} judged it`
                  : `Judged ${alertStatusText(a.status).toLowerCase()} by ${a.decidedBy}`}
                {a.decidedAt ? ` on ${formatDateTime(a.decidedAt)}` : ''}
                {a.note ? `: ${a.note}` : ''}
              </p>
            )}
            {d.suppressedUntil && (
              <Alert kind="info">{`The ${a.ruleName} rule is suppressed for ${a.person} until ${formatDateTime(d.suppressedUntil)}.`}</Alert>
            )}
          </section>

          <section className="card" aria-labelledby="evidence-title">
            <h2 id="evidence-title">Evidence from the audit trail</h2>
            {d.evidenceTotal > d.evidence.length && (
              <p className="muted">{`The first ${d.evidence.length} of ${d.evidenceTotal} entries.`}</p>
            )}
            <div className="table-wrap">
              <TableBox label="The entries that raised this alert">
                <table className="data data--dense">
                  <caption className="visually-hidden">The entries that raised this alert</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">What</th>
                      <th scope="col">Record</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Reason recorded</th>
                      <th scope="col">Workstation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.evidence.map((e, i) => (
                      <tr key={i}>
                        <td className="nowrap">{formatDateTime(e.at)}</td>
                        <td>{e.action}</td>
                        <td>{e.record ?? '—'}</td>
                        <td>{e.outcome === 'allowed' ? 'Allowed' : 'Refused'}</td>
                        <td>{e.reason}</td>
                        <td>{e.workstation}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            </div>
          </section>

          {a.aboutYou ? (
            <Alert kind="info">This alert is about you. Another privacy officer must judge it.</Alert>
          ) : (
            <>
              {(a.status === 'open' || a.status === 'follow_up') && <Judgement key={a.status} detail={d} onDone={finish} />}
              {!d.suppressedUntil && <Suppress detail={d} onDone={finish} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
