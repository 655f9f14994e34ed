import { useState, type FormEvent } from 'react';
import type { OutputOf } from '@contract/index';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { SUBJECT_LABELS } from '../records/subjects';

type Item = OutputOf<'review.queue'>['items'][number];

function Decision({ item, onDone }: { item: Item; onDone(text: string): void }) {
  const [outcome, setOutcome] = useState<'appropriate' | 'inappropriate' | ''>('');
  const [note, setNote] = useState('');
  const [unchosen, setUnchosen] = useState(false);
  const deciding = useAction('review.decide');
  const noteError = deciding.error?.fields?.note;
  const error = unchosen ? 'Choose an outcome.' : noteError ? undefined : deciding.error?.message;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (deciding.pending) return;
    setUnchosen(!outcome);
    if (!outcome) {
      deciding.reset();
      return;
    }
    const r = await deciding.run({ grantId: item.grantId, outcome, ...(note.trim() ? { note } : {}) });
    if (r?.ok) onDone(`Break-glass #${item.grantId} by ${item.person} recorded as ${outcome}.`);
  }
  return (
    <form onSubmit={submit} noValidate className="decision">
      <fieldset>
        <legend>Outcome for #{item.grantId}</legend>
        {error && <p className="field__error">{error}</p>}
        <label className="choice">
          <input
            type="radio"
            name={`outcome-${item.grantId}`}
            checked={outcome === 'appropriate'}
            onChange={() => setOutcome('appropriate')}
          />
          <span>Appropriate</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`outcome-${item.grantId}`}
            checked={outcome === 'inappropriate'}
            onChange={() => setOutcome('inappropriate')}
          />
          <span>Inappropriate</span>
        </label>
      </fieldset>
      <div className={`field${noteError ? ' field--error' : ''}`}>
        <label htmlFor={`note-${item.grantId}`}>Note</label>
        <p className="field__hint" id={`note-${item.grantId}-hint`}>
          Required when inappropriate. Judging it inappropriate ends the emergency access at once.
        </p>
        {noteError && (
          <p className="field__error" id={`note-${item.grantId}-error`}>
            {noteError}
          </p>
        )}
        <textarea
          id={`note-${item.grantId}`}
          rows={2}
          value={note}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={`note-${item.grantId}-hint${noteError ? ` note-${item.grantId}-error` : ''}`}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <ActionButton type="submit" pending={deciding.pending}>
        Record review
      </ActionButton>
    </form>
  );
}

export function ReviewQueueScreen() {
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const [done, setDone] = useState<string | null>(null);
  const q = useQuery('review.queue', { status });
  return (
    <div className="page">
      <h1>Break-glass reviews</h1>
      <p className="lead">Every emergency access waits here until you judge it. Review promptly: the age of each request is shown.</p>
      <div className="field field--inline">
        <label htmlFor="queue-status">Show</label>
        <select id="queue-status" value={status} onChange={(e) => setStatus(e.target.value as 'pending' | 'all')}>
          <option value="pending">Awaiting review</option>
          <option value="all">All, including reviewed</option>
        </select>
      </div>
      {done && <Alert kind="success">{done}</Alert>}
      {q.error && <ErrorNotice error={q.error} />}
      {q.data && q.data.items.length === 0 && (
        <div className="card empty">
          <p>{status === 'pending' ? 'Nothing is waiting for review.' : 'No emergency access has been used.'}</p>
        </div>
      )}
      {q.data?.items.map((item) => (
        <article key={item.grantId} className="card review" aria-labelledby={`grant-${item.grantId}`}>
          <h2 id={`grant-${item.grantId}`}>
            #{item.grantId}: {item.person} opened {SUBJECT_LABELS[item.subject].singular} No. {item.recordId}
          </h2>
          <dl className="facts">
            <div>
              <dt>When</dt>
              <dd>
                {formatDateTime(item.grantedAt)} ({item.ageHours} h ago)
              </dd>
            </div>
            <div>
              <dt>{item.endedBecause ? 'Ended' : 'Open until'}</dt>
              <dd>
                {item.endedBecause
                  ? item.endedBecause.charAt(0).toUpperCase() + item.endedBecause.slice(1)
                  : formatDateTime(item.expiresAt)}
              </dd>
            </div>
            <div>
              <dt>Opens during the grant</dt>
              <dd>{item.accessesDuringGrant}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{item.status === 'pending' ? 'Awaiting review' : item.status === 'appropriate' ? 'Appropriate' : 'Inappropriate'}</dd>
            </div>
          </dl>
          <p>
            <strong>Reason given:</strong> {item.reason}
          </p>
          <p>
            <strong>Normal access was refused because:</strong> {item.deniedBecause}
          </p>
          {item.status === 'pending' ? (
            <Decision
              item={item}
              onDone={(text) => {
                setDone(text);
                q.reload();
              }}
            />
          ) : (
            <p className="muted">
              Reviewed by {item.reviewer} on {item.reviewedAt ? formatDateTime(item.reviewedAt) : ''}
              {item.reviewNote ? `: ${item.reviewNote}` : ''}
            </p>
          )}
        </article>
      ))}
    </div>
  );
}
