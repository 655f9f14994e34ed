import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PurposeFields } from '../../components/PurposeFields';
import { PURPOSE_LABELS, type OpenResult, type RecordDetail, type RecordSubjectName } from '@contract/records';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { RevealableValue } from './RevealableValue';
import { SUBJECT_LABELS } from './subjects';

type PurposeCode = keyof typeof PURPOSE_LABELS;
type Opened = Extract<OpenResult, { status: 'opened' }>;

/** The reason codes, for re-stating a purpose on an open record (main validates the code again). */
const PURPOSES = (Object.entries(PURPOSE_LABELS) as [PurposeCode, string][]).map(([code, label]) => ({ code, label }));

function PurposeForm({
  purposes,
  pending,
  onSubmit,
}: {
  purposes: Extract<OpenResult, { status: 'purpose_required' }>['purposes'];
  /** The record is being opened with the reason given. */
  pending: boolean;
  onSubmit(code: PurposeCode, note: string): void;
}) {
  const [code, setCode] = useState<PurposeCode | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!code) {
      setError('Choose the reason you need this record.');
      return;
    }
    onSubmit(code, note);
  }
  return (
    <section className="card card--narrow" aria-labelledby="purpose-title">
      <h2 id="purpose-title">Why do you need this record?</h2>
      <p className="muted">
        Your reason is recorded with this access. You will not be asked again for the same record and reason within 4 hours.
      </p>
      <form onSubmit={submit} noValidate>
        <PurposeFields
          idPrefix="purpose"
          label="Reason"
          purposes={purposes}
          code={code}
          onCode={setCode}
          note={note}
          onNote={setNote}
          error={error}
        />
        <ActionButton type="submit" pending={pending}>
          Open record
        </ActionButton>
      </form>
    </section>
  );
}

function BreakGlassForm({ subject, id, onGranted }: { subject: RecordSubjectName; id: number; onGranted(): void }) {
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const breakGlass = useAction('records.breakGlass');
  const errors = breakGlass.error?.fields ?? {};
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await breakGlass.run({ subject, id, reason, password });
    if (!r) return;
    setPassword('');
    if (r.ok) onGranted();
  }
  return (
    <section className="card card--narrow break-glass" aria-labelledby="bg-title">
      <h2 id="bg-title">Emergency access (break-glass)</h2>
      <p>
        Use this only when waiting would cause real harm. Access lasts 4 hours, shows the record masked, and the privacy officer reviews
        every use.
      </p>
      {breakGlass.error && (
        <Alert kind="error" title="Emergency access not granted">
          {breakGlass.error.message}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <div className={`field${errors.reason ? ' field--error' : ''}`}>
          <label htmlFor="bg-reason">Describe the emergency</label>
          {errors.reason && (
            <p className="field__error" id="bg-reason-error">
              {errors.reason}
            </p>
          )}
          <textarea
            id="bg-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? 'bg-reason-error' : undefined}
          />
        </div>
        <Field
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <ActionButton className="button button--danger" type="submit" pending={breakGlass.pending}>
          Break the glass
        </ActionButton>
      </form>
    </section>
  );
}

/**
 * Corrects the fields a rule allows, on a record opened to correct it. Protected fields start
 * empty (their value is masked) and are sent only when something is typed; the others start with
 * the record's value and are sent only when changed.
 */
function CorrectionForm({ record, onCorrected }: { record: RecordDetail; onCorrected(record: RecordDetail): void }) {
  const fields = record.fields.filter((f) => record.correctable.includes(f.key));
  const initial = Object.fromEntries(fields.map((f) => [f.key, f.masked ? '' : f.value]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const correcting = useAction('records.correct');
  const errors = correcting.error?.fields ?? {};
  const [nothing, setNothing] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const changes = Object.fromEntries(Object.entries(values).filter(([key, value]) => value.trim() !== '' && value !== initial[key]));
    setNothing(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    const r = await correcting.run({ subject: record.subject, id: record.id, changes });
    if (r?.ok) onCorrected(r.value.record);
  }

  return (
    <section className="card" aria-labelledby="correct-title">
      <h2 id="correct-title">Correct this record</h2>
      <p className="muted">
        Change only what the citizen asked to correct. The audit trail records which fields changed, never the values. Leave a protected
        field empty to keep it.
      </p>
      {nothing && <Alert kind="info">Nothing was changed: edit a field first.</Alert>}
      {correcting.error && <Alert kind="error">{correcting.error.message}</Alert>}
      <form onSubmit={submit} noValidate>
        {fields.map((f) => (
          <Field
            key={f.key}
            label={f.masked ? `New ${f.key === 'ssn' ? f.label : f.label.toLowerCase()}` : f.label}
            hint={f.key === 'date_of_birth' ? 'YYYY-MM-DD' : f.key === 'ssn' ? 'Nine digits, e.g. 123-45-6789' : undefined}
            autoComplete="off"
            value={values[f.key] ?? ''}
            onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
            error={errors[f.key]}
          />
        ))}
        <ActionButton type="submit" pending={correcting.pending} pendingLabel="Saving…">
          Save corrections
        </ActionButton>
      </form>
    </section>
  );
}

function RecordView({
  opened,
  purposes,
  reopening,
  onProcessed,
  onNewPurpose,
  onCorrected,
}: {
  opened: Opened;
  purposes: Extract<OpenResult, { status: 'purpose_required' }>['purposes'];
  reopening: boolean;
  onProcessed(): void;
  onNewPurpose(code: PurposeCode, note: string): void;
  onCorrected(record: RecordDetail): void;
}) {
  const { record } = opened;
  const [changing, setChanging] = useState(false);
  const [corrected, setCorrected] = useState(false);
  const process = useAction('records.process');
  // Bumped when the order is processed: every revealed value is dropped in the same render as the
  // message saying the number was deleted, not when its countdown ends.
  const [revealGeneration, setRevealGeneration] = useState(0);
  async function markProcessed() {
    const r = await process.run({ id: record.id });
    if (!r?.ok) return;
    setRevealGeneration((g) => g + 1);
    onProcessed();
  }
  return (
    <>
      {opened.via === 'break-glass' && (
        <Alert kind="warning" title="Emergency access">
          You opened this record with break-glass. Protected fields stay masked, and this access is in the privacy officer's review queue.
        </Alert>
      )}
      <p className="muted small">
        Opened for: <strong>{opened.purposeLabel}</strong>{' '}
        {!changing && (
          <button className="button button--link" type="button" onClick={() => setChanging(true)}>
            Working on something else? Record the new reason
          </button>
        )}
      </p>
      {changing && (
        <PurposeForm
          purposes={purposes}
          pending={reopening}
          onSubmit={(code, note) => {
            setChanging(false);
            onNewPurpose(code, note);
          }}
        />
      )}
      {record.corrected && (
        <p className="muted small" data-testid="corrected-note">
          Corrected on {formatDateTime(record.corrected.at)} by {record.corrected.by} ({record.corrected.fields.join(', ')}).
        </p>
      )}
      {corrected && <Alert kind="success">The corrections are saved.</Alert>}
      {process.value && <Alert kind="success">The order is processed. The full card number has been deleted.</Alert>}
      {process.error && <ErrorNotice error={process.error} title="Not processed" />}
      <section className="card" aria-label="Record details">
        <dl className="record-fields">
          {record.fields.map((f) => (
            <div key={f.key} className={f.key === 'transcript_text' || f.key === 'message' ? 'record-fields__wide' : undefined}>
              <dt>{f.label}</dt>
              <dd>
                {f.masked ? (
                  <RevealableValue
                    key={`${record.id}-${f.key}-${revealGeneration}`}
                    subject={record.subject}
                    id={record.id}
                    field={f.key}
                    label={f.label}
                    masked={f.value}
                    canReveal={record.revealable.includes(f.key)}
                  />
                ) : f.key === 'transcript_text' ? (
                  <pre className="transcript">{f.value}</pre>
                ) : (
                  f.value
                )}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {record.correctable.length > 0 && (
        <CorrectionForm
          key={record.corrected?.at ?? 'none'}
          record={record}
          onCorrected={(r) => {
            setCorrected(true);
            onCorrected(r);
          }}
        />
      )}
      {record.canProcess && (
        <div className="button-row">
          <ActionButton pending={process.pending} onClick={() => void markProcessed()}>
            Mark as processed
          </ActionButton>
          <span className="muted small">Processing deletes the stored card number.</span>
        </div>
      )}
    </>
  );
}

export function RecordScreen({ subject, id }: { subject: RecordSubjectName; id: number }) {
  const [state, setState] = useState<OpenResult | null>(null);
  const opening = useAction('records.open');
  const error = opening.error;
  const asked = useRef(false);

  async function open(purpose?: { code: PurposeCode; note?: string }) {
    const r = await opening.run({ subject, id, ...(purpose ? { purpose } : {}) });
    if (r?.ok) setState(r.value);
  }

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void open();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const label = SUBJECT_LABELS[subject];
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={`#/records/${subject}`}>{label.plural}</a> <span aria-hidden="true">›</span> <span>No. {id}</span>
      </nav>
      <h1>
        {state?.status === 'opened' ? state.record.title : `${label.singular.charAt(0).toUpperCase()}${label.singular.slice(1)} No. ${id}`}
      </h1>
      {error && <ErrorNotice error={error} title="This record could not be opened" />}
      {!state && !error && <p className="muted">Checking your access…</p>}
      {state?.status === 'purpose_required' && (
        <PurposeForm
          purposes={state.purposes}
          pending={opening.pending}
          onSubmit={(code, note) => void open({ code, ...(note.trim() ? { note } : {}) })}
        />
      )}
      {state?.status === 'denied' && (
        <>
          <Alert kind="error" title="Access denied">
            <p>{state.reason}</p>
            <p className="small">This attempt has been recorded.</p>
          </Alert>
          {state.breakGlassAllowed && <BreakGlassForm subject={subject} id={id} onGranted={() => void open()} />}
        </>
      )}
      {state?.status === 'opened' && (
        <RecordView
          opened={state}
          purposes={PURPOSES}
          reopening={opening.pending}
          onProcessed={() => void open({ code: state.purpose })}
          onNewPurpose={(code, note) => void open({ code, ...(note.trim() ? { note } : {}) })}
          onCorrected={(record) => setState({ ...state, record })}
        />
      )}
    </div>
  );
}
