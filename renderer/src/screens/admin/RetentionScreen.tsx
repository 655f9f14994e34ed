import { useState, type FormEvent } from 'react';
import { TableBox } from '../../components/TableBox';
import type { OutputOf } from '@contract/index';
import type { RecordSubjectName } from '@contract/records';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { SUBJECT_LABELS, SUBJECTS } from '../records/subjects';

type Overview = OutputOf<'retention.overview'>;
type Rule = Overview['rules'][number];
type Hold = Overview['holds'][number];

function PeriodForm({ rule, onSaved }: { rule: Rule; onSaved(): void }) {
  const [days, setDays] = useState(String(rule.days));
  const saving = useAction('retention.setPeriod');
  const [error, setError] = useState<string | undefined>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n)) {
      setError('Enter a whole number of days.');
      return;
    }
    setError(undefined);
    const r = await saving.run({ subject: rule.subject, days: n });
    if (r?.ok) onSaved();
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field
        label={`Retention of ${rule.name}, in days`}
        inputMode="numeric"
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={error ?? saving.error?.fields?.days ?? saving.error?.message}
      />
      <ActionButton className="button button--secondary" type="submit" pending={saving.pending}>
        Save period
      </ActionButton>
    </form>
  );
}

function HoldForm({ onPlaced }: { onPlaced(): void }) {
  const [scope, setScope] = useState<'record' | 'person'>('person');
  const [subject, setSubject] = useState<RecordSubjectName>('PersonalRecord');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const placing = useAction('retention.placeHold');
  const errors = placing.error?.fields ?? {};
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r =
      scope === 'record'
        ? await placing.run({ scope, subject, id: Number(id) || 0, reason })
        : await placing.run({ scope, reason, ...(name.trim() ? { name } : {}), ...(email.trim() ? { email } : {}) });
    if (r?.ok) {
      setId('');
      setName('');
      setEmail('');
      setReason('');
      onPlaced();
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="hold-form-title">
      <h3 id="hold-form-title">Place a legal hold</h3>
      {placing.error && <Alert kind="error">{placing.error.message}</Alert>}
      <fieldset className="field">
        <legend>The hold covers</legend>
        <label className="choice">
          <input type="radio" name="hold-scope" checked={scope === 'person'} onChange={() => setScope('person')} /> Every record about a
          person
        </label>
        <label className="choice">
          <input type="radio" name="hold-scope" checked={scope === 'record'} onChange={() => setScope('record')} /> One record
        </label>
      </fieldset>
      {scope === 'person' ? (
        <>
          <Field
            label="Person's name"
            hint="As it appears on their records"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <Field label="Person's e-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        </>
      ) : (
        <>
          <SelectField
            label="Kind of record"
            value={subject}
            onChange={(v) => setSubject(v as RecordSubjectName)}
            options={SUBJECTS.map((s) => ({ value: s, label: SUBJECT_LABELS[s].plural }))}
          />
          <Field label="Record number" inputMode="numeric" value={id} onChange={(e) => setId(e.target.value)} error={errors.id} />
        </>
      )}
      <div className={`field${errors.reason ? ' field--error' : ''}`}>
        <label htmlFor="hold-reason">Reason (the matter or request it is for)</label>
        {errors.reason && (
          <p className="field__error" id="hold-reason-error">
            {errors.reason}
          </p>
        )}
        <textarea
          id="hold-reason"
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? 'hold-reason-error' : undefined}
        />
      </div>
      <ActionButton type="submit" pending={placing.pending}>
        Place hold
      </ActionButton>
    </form>
  );
}

function LiftForm({ hold, onLifted }: { hold: Hold; onLifted(): void }) {
  const [reason, setReason] = useState('');
  const lifting = useAction('retention.liftHold');
  const error = lifting.error?.fields?.reason ?? lifting.error?.message;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await lifting.run({ holdId: hold.id, reason });
    if (r?.ok) onLifted();
  }
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label={`Why lift hold ${hold.id}`} value={reason} onChange={(e) => setReason(e.target.value)} error={error} />
      <ActionButton className="button button--secondary" type="submit" pending={lifting.pending}>
        Lift hold
      </ActionButton>
    </form>
  );
}

export function RetentionScreen() {
  const q = useQuery('retention.overview', {});
  const disposing = useAction('retention.dispose');
  const data = q.data;
  return (
    <div className="page">
      <h1>Records retention</h1>
      <p className="lead">
        Each kind of record is kept for a set time and then disposed of by a daily job, in batches, with a certificate. A legal hold keeps
        what it covers until it is lifted. The audit trail is never disposed of with the records.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {!data && !q.error && <p className="muted">Loading…</p>}
      {data && (
        <>
          <section className="card" aria-labelledby="periods-title">
            <h2 id="periods-title">Retention periods</h2>
            <TableBox label="Retention periods">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Kind of record</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Past their period now</th>
                    <th scope="col">Kept by a legal hold</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rules.map((r) => (
                    <tr key={r.subject}>
                      <th scope="row">{r.name}</th>
                      <td>{r.rule}</td>
                      <td>{r.due}</td>
                      <td>{r.held}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
            {data.canManage && (
              <>
                <div className="retention-periods">
                  {data.rules.map((r) => (
                    <PeriodForm key={`${r.subject}-${r.days}`} rule={r} onSaved={q.reload} />
                  ))}
                </div>
                {disposing.value && (
                  <Alert kind="success">
                    {disposing.value.certificates.length === 0
                      ? 'Nothing was due for disposal.'
                      : `Disposed of ${disposing.value.certificates.reduce((n, c) => n + c.disposed, 0)} records; the certificates are below.`}
                  </Alert>
                )}
                {disposing.error && <Alert kind="error">{disposing.error.message}</Alert>}
                <ActionButton
                  className="button button--danger"
                  pending={disposing.pending}
                  onClick={() => void disposing.run({}).then((r) => r?.ok && q.reload())}
                >
                  Dispose of due records now
                </ActionButton>
              </>
            )}
          </section>

          <section className="card" aria-labelledby="holds-title">
            <h2 id="holds-title">Legal holds</h2>
            {data.holds.length === 0 && <p className="muted">No legal holds have been placed.</p>}
            {data.holds.length > 0 && (
              <ul className="record-list">
                {data.holds.map((h) => (
                  <li key={h.id} className="card">
                    <p>
                      <strong>
                        Hold {h.id}: {h.covers}
                      </strong>
                    </p>
                    <p>{h.reason}</p>
                    <p className="muted small">
                      Placed by {h.placedBy} on {formatDateTime(h.placedAt)}
                      {h.liftedAt
                        ? ` · lifted by ${h.liftedBy ?? 'someone'} on ${formatDateTime(h.liftedAt)}: ${h.liftReason ?? ''}`
                        : ' · in force'}
                    </p>
                    {!h.liftedAt && data.canHold && <LiftForm hold={h} onLifted={q.reload} />}
                  </li>
                ))}
              </ul>
            )}
            {data.canHold && <HoldForm onPlaced={q.reload} />}
          </section>

          <section className="card" aria-labelledby="certificates-title">
            <h2 id="certificates-title">Disposal certificates</h2>
            {data.certificates.length === 0 && <p className="muted">No records have been disposed of yet.</p>}
            {data.certificates.map((c) => (
              <article key={c.id} className="card" aria-label={`Disposal certificate ${c.id}`}>
                <h3>
                  Certificate {c.id}: {SUBJECT_LABELS[c.subject].plural}, {formatDate(c.finishedAt)}
                </h3>
                <dl className="facts">
                  <div>
                    <dt>Rule applied</dt>
                    <dd>{c.rule}</dd>
                  </div>
                  <div>
                    <dt>Dated before</dt>
                    <dd>{formatDateTime(c.cutoff)}</dd>
                  </div>
                  <div>
                    <dt>Disposed of</dt>
                    <dd>
                      {c.disposed} in {c.batches} batch{c.batches === 1 ? '' : 'es'}
                    </dd>
                  </div>
                  <div>
                    <dt>Kept by legal holds</dt>
                    <dd>{c.held}</dd>
                  </div>
                  <div>
                    <dt>Record numbers</dt>
                    <dd>{c.idRanges}</dd>
                  </div>
                  <div>
                    <dt>SHA-256 of the numbers</dt>
                    <dd className="mono">{c.idsSha256}</dd>
                  </div>
                  <div>
                    <dt>By</dt>
                    <dd>
                      {c.by} · audit entry {c.auditSeq}
                    </dd>
                  </div>
                </dl>
              </article>
            ))}
          </section>
        </>
      )}
    </div>
  );
}
