import { useState, type FormEvent } from 'react';
import type { HoursView, RuleView } from '@contract/monitoring';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

function RuleForm({ rule, onSaved }: { rule: RuleView; onSaved(): void }) {
  const [enabled, setEnabled] = useState(rule.enabled);
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(rule.settings.map((s) => [s.key, String(s.value)])));
  const saving = useAction('monitoring.saveRule');
  const fields = saving.error?.fields ?? {};
  async function submit(e: FormEvent) {
    e.preventDefault();
    const settings = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
    const r = await saving.run({ rule: rule.key, enabled, settings });
    if (r?.ok) onSaved();
  }
  return (
    <section className="card" aria-labelledby={`rule-${rule.key}`}>
      <h2 id={`rule-${rule.key}`}>{rule.name}</h2>
      <p>{rule.description}</p>
      <form onSubmit={submit} noValidate className="inline-form">
        <label className="choice">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Rule on</span>
        </label>
        {rule.settings.map((s) => (
          <Field
            key={s.key}
            label={s.label}
            hint={`Default ${s.default}; from ${s.min} to ${s.max}.`}
            type="number"
            inputMode="decimal"
            min={s.min}
            max={s.max}
            step={s.step}
            value={values[s.key] ?? ''}
            error={fields[`settings.${s.key}`]}
            onChange={(e) => setValues({ ...values, [s.key]: e.target.value })}
          />
        ))}
        <ActionButton type="submit" className="button button--secondary" pending={saving.pending}>
          Save {rule.name}
        </ActionButton>
      </form>
      {saving.value && (
        <div className="spaced">
          <Alert kind="success">{`${rule.name} saved: ${enabled ? 'on' : 'off'}.`}</Alert>
        </div>
      )}
      {saving.error && !Object.keys(fields).length && <Alert kind="error">{saving.error.message}</Alert>}
    </section>
  );
}

function HoursForm({ hours, onSaved }: { hours: HoursView; onSaved(): void }) {
  const [start, setStart] = useState(hours.start);
  const [end, setEnd] = useState(hours.end);
  const [weekends, setWeekends] = useState(hours.weekendsAreAfterHours);
  const saving = useAction('monitoring.saveHours');
  const fields = saving.error?.fields ?? {};
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await saving.run({ departmentId: hours.departmentId, start, end, weekendsAreAfterHours: weekends });
    if (r?.ok) onSaved();
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form spaced" aria-label={`Working hours of ${hours.department}`}>
      <p className="section-title">{hours.department}</p>
      <Field label="Work starts" type="time" value={start} error={fields.start} onChange={(e) => setStart(e.target.value)} />
      <Field label="Work ends" type="time" value={end} error={fields.end} onChange={(e) => setEnd(e.target.value)} />
      <label className="choice">
        <input type="checkbox" checked={weekends} onChange={(e) => setWeekends(e.target.checked)} />
        <span>Weekends are after hours</span>
      </label>
      <ActionButton type="submit" className="button button--secondary" pending={saving.pending}>
        Save hours
      </ActionButton>
      {saving.value && <span role="status">Saved.</span>}
      {saving.error && !Object.keys(fields).length && <Alert kind="error">{saving.error.message}</Alert>}
    </form>
  );
}

function WatchList() {
  const q = useQuery('monitoring.watchList', {});
  const adding = useAction('monitoring.watchAdd');
  const removing = useAction('monitoring.watchRemove');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const fields = adding.error?.fields ?? {};
  const items = removing.value?.items ?? adding.value?.items ?? q.data?.items;
  async function add(e: FormEvent) {
    e.preventDefault();
    const r = await adding.run({ name, ...(email.trim() ? { email: email.trim() } : {}), ...(note.trim() ? { note } : {}) });
    if (r?.ok) {
      setName('');
      setEmail('');
      setNote('');
      removing.reset();
    }
  }
  async function remove(entryId: number) {
    const r = await removing.run({ entryId });
    if (r?.ok) adding.reset();
  }
  return (
    <section className="card" aria-labelledby="watch-title">
      <h2 id="watch-title">People on the watch list</h2>
      <p>
        People whose records deserve a look whenever anyone opens them, such as public figures. The watch-list rule matches a record's
        person by full name or e-mail.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {items && items.length === 0 && <p className="muted">Nobody is on the watch list.</p>}
      {items && items.length > 0 && (
        <ul className="role-list">
          {items.map((w) => (
            <li key={w.entryId} className="role-list__item">
              <span>
                <strong>{w.name}</strong>
                {w.email ? ` (${w.email})` : ''}
                {w.note ? `: ${w.note}` : ''}
                <span className="muted small">
                  {' '}
                  added by {w.addedBy} on {formatDate(w.addedAt)}
                </span>
              </span>
              <ActionButton
                className="button button--ghost button--small"
                pending={removing.pending}
                onClick={() => void remove(w.entryId)}
              >
                Remove {w.name}
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
      {removing.error && <Alert kind="error">{removing.error.message}</Alert>}
      <form onSubmit={add} noValidate className="inline-form" aria-label="Add to the watch list">
        <Field label="Full name" value={name} error={fields.name} onChange={(e) => setName(e.target.value)} />
        <Field label="E-mail (optional)" type="email" value={email} error={fields.email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Note (optional)" value={note} error={fields.note} onChange={(e) => setNote(e.target.value)} />
        <ActionButton type="submit" className="button button--secondary" pending={adding.pending}>
          Add to the watch list
        </ActionButton>
      </form>
      {adding.error && !Object.keys(fields).length && (
        <div className="spaced">
          <Alert kind="error">{adding.error.message}</Alert>
        </div>
      )}
    </section>
  );
}

function Suppressions() {
  const q = useQuery('monitoring.suppressions', {});
  const lifting = useAction('monitoring.liftSuppression');
  const items = lifting.value?.items ?? q.data?.items;
  return (
    <section className="card" aria-labelledby="suppressions-title">
      <h2 id="suppressions-title">Suppressions in force</h2>
      <p>A suppression stops one rule from alerting on one person until a date. You suppress a rule from one of its alerts.</p>
      {q.error && <ErrorNotice error={q.error} />}
      {items && items.length === 0 && <p className="muted">No rule is suppressed for anyone.</p>}
      {items && items.length > 0 && (
        <ul className="role-list">
          {items.map((s) => (
            <li key={s.suppressionId} className="role-list__item">
              <span>
                <strong>
                  {s.ruleName} for {s.person}
                </strong>{' '}
                until {formatDateTime(s.until)}: {s.reason}
                <span className="muted small"> (by {s.by})</span>
              </span>
              <ActionButton
                className="button button--ghost button--small"
                pending={lifting.pending}
                onClick={() => void lifting.run({ suppressionId: s.suppressionId })}
              >
                Lift the suppression of {s.ruleName} for {s.person}
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
      {lifting.error && <Alert kind="error">{lifting.error.message}</Alert>}
    </section>
  );
}

/** The privacy officer's settings of the monitoring rules, working hours, watch list and suppressions. */
export function MonitoringScreen() {
  const q = useQuery('monitoring.rules', {});
  const d = q.data;
  return (
    <div className="page page--wide">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/privacy/alerts">Privacy alerts</a> <span aria-hidden="true">›</span> <span>Monitoring rules</span>
      </nav>
      <h1>Monitoring rules</h1>
      <p className="lead">
        What each rule looks for in the audit trail, and when it raises an alert. Days and working hours are read in the organization's time
        zone{d ? ` (${d.timeZone})` : ''}. Every change is recorded in the audit trail.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {d && (
        <>
          <p className="muted">
            {d.lastRun
              ? `Last run ${formatDateTime(d.lastRun.at)}${d.lastRun.by ? ` by ${d.lastRun.by}` : ' (scheduled)'}.`
              : 'The rules have not run yet.'}{' '}
            They run every hour, and when you ask on the Privacy alerts screen.
          </p>
          <WatchList />
          <Suppressions />
          {d.rules.map((rule) => (
            <RuleForm key={rule.key} rule={rule} onSaved={q.reload} />
          ))}
          <section className="card" aria-labelledby="hours-title">
            <h2 id="hours-title">Working hours, per department</h2>
            <p>The after-hours rule alerts on record use outside these hours.</p>
            {d.hours.map((h) => (
              <HoursForm key={h.departmentId} hours={h} onSaved={q.reload} />
            ))}
          </section>
        </>
      )}
    </div>
  );
}
