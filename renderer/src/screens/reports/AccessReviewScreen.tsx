import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReviewItem } from '@contract/reviews';
import { ROLE_NAMES } from '@contract/roles';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

function ReviewForm({ item, onDone }: { item: ReviewItem; onDone(text: string): void }) {
  const completing = useAction('reviews.complete');
  const reviewable = item.roles.filter((r) => r.key !== 'staff');
  const [decisions, setDecisions] = useState<Record<string, 'keep' | 'revoke' | ''>>(
    Object.fromEntries(reviewable.map((r) => [r.key, ''])),
  );
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  // A revoke ends access at once, so it is confirmed in a second step before anything is sent.
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const error = missing ?? completing.error?.message;
  const revoking = reviewable.filter((r) => decisions[r.key] === 'revoke');

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (completing.pending) return;
    const undecided = reviewable.filter((r) => !decisions[r.key]);
    setMissing(undecided.length ? `Choose keep or revoke for: ${undecided.map((r) => r.name).join(', ')}.` : null);
    if (undecided.length) {
      completing.reset();
      return;
    }
    if (revoking.length) setConfirming(true);
    else void send();
  }

  async function send() {
    const r = await completing.run({
      staffId: item.staffId,
      decisions: reviewable.map((role) => ({
        role: role.key,
        decision: decisions[role.key] as 'keep' | 'revoke',
        ...(notes[role.key]?.trim() ? { note: notes[role.key] } : {}),
      })),
      ...(note.trim() ? { note } : {}),
    });
    if (!r?.ok) {
      setConfirming(false);
      return;
    }
    const revoked = r.value.revoked.map((k) => ROLE_NAMES[k]);
    onDone(
      revoked.length
        ? `Review of ${item.name} recorded. ${listInWords(revoked)} ${revoked.length === 1 ? 'was' : 'were'} revoked and no longer ${revoked.length === 1 ? 'gives' : 'give'} any access.`
        : `Review of ${item.name} recorded. All of ${item.name}'s access is kept.`,
    );
  }

  if (confirming) {
    const names = listInWords(revoking.map((r) => r.name));
    return (
      <div className="review-form review-confirm" role="group" aria-labelledby={`confirm-${item.staffId}`} tabIndex={-1} ref={confirmRef}>
        <h3 id={`confirm-${item.staffId}`}>
          Revoke {names} from {item.name}?
        </h3>
        <p>
          {item.name} loses {revoking.length === 1 ? 'this role' : 'these roles'} and the access{' '}
          {revoking.length === 1 ? 'it gives' : 'they give'} at once: {revoking.map((r) => r.grants).join('; ')}. To give{' '}
          {revoking.length === 1 ? 'it' : 'them'} back, an administrator grants {revoking.length === 1 ? 'it' : 'them'} again.
        </p>
        {completing.error && <Alert kind="error">{completing.error.message}</Alert>}
        <div className="button-row">
          <ActionButton className="button button--danger" pending={completing.pending} onClick={() => void send()}>
            Yes, revoke {names}
          </ActionButton>
          <button className="button button--secondary" type="button" onClick={() => setConfirming(false)}>
            Go back
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="review-form" aria-label={`Review ${item.name}`}>
      {error && <Alert kind="error">{error}</Alert>}
      {reviewable.length === 0 && (
        <p className="muted">{item.name} holds no role beyond staff training. Confirm the review to record it.</p>
      )}
      {reviewable.map((role) => (
        <fieldset key={role.key} className="review-role">
          <legend>
            {role.name}: <span className="muted">{role.grants}</span>
          </legend>
          <label className="choice">
            <input
              type="radio"
              name={`${item.staffId}-${role.key}`}
              checked={decisions[role.key] === 'keep'}
              onChange={() => setDecisions({ ...decisions, [role.key]: 'keep' })}
            />
            <span>Keep</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${item.staffId}-${role.key}`}
              checked={decisions[role.key] === 'revoke'}
              onChange={() => setDecisions({ ...decisions, [role.key]: 'revoke' })}
            />
            <span>Revoke now</span>
          </label>
          <div className="field">
            <label htmlFor={`n-${item.staffId}-${role.key}`}>Note for {role.name} (optional)</label>
            <input
              id={`n-${item.staffId}-${role.key}`}
              value={notes[role.key] ?? ''}
              onChange={(e) => setNotes({ ...notes, [role.key]: e.target.value })}
            />
          </div>
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor={`note-${item.staffId}`}>Review note (optional)</label>
        <textarea id={`note-${item.staffId}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <ActionButton type="submit" pending={completing.pending}>
        Complete review of {item.name}
      </ActionButton>
    </form>
  );
}

/** "A", "A and B", "A, B and C". */
function listInWords(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The outcome of a review, shown where the supervisor clicked and given focus, so it is seen and heard. */
function ReviewDone({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [text]);
  return (
    <div className="review-done" tabIndex={-1} ref={ref}>
      <Alert kind="success">{text}</Alert>
    </div>
  );
}

export function AccessReviewScreen() {
  const q = useQuery('reviews.team', {});
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<{ staffId: number; text: string } | null>(null);
  const items = q.data?.items ?? [];
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <div className="page page--wide">
      <h1>Access reviews</h1>
      <p className="lead">
        Every six months, confirm that each person in your team still needs each role (PCI DSS 7.2.4). Revoking a role ends its access at
        once.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {q.data && items.length === 0 && (
        <div className="card empty">
          <p>Nobody reports to you, so there is nothing to review.</p>
        </div>
      )}
      {q.data && items.length > 0 && (
        <p aria-live="polite">
          <strong>{overdue}</strong> of {items.length} reviews overdue.
        </p>
      )}
      {items.map((item) => (
        <article key={item.staffId} className="card review-card" aria-labelledby={`rv-${item.staffId}`}>
          <div className="review-card__head">
            <h2 id={`rv-${item.staffId}`}>{item.name}</h2>
            <span className={`badge ${item.overdue ? 'badge--bad' : 'badge--ok'}`}>
              {item.overdue ? `Overdue since ${formatDate(item.dueAt)}` : `Due ${formatDate(item.dueAt)}`}
            </span>
          </div>
          <dl className="facts">
            <div>
              <dt>Department</dt>
              <dd>{item.department}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>{item.roles.map((r) => r.name).join(', ')}</dd>
            </div>
            <div>
              <dt>Training</dt>
              <dd>{item.fullyCertified ? 'All current' : 'Not all current'}</dd>
            </div>
            <div>
              <dt>Record access</dt>
              <dd>
                {item.recordAccessActive
                  ? 'Active'
                  : item.roles.some((r) => r.grants.includes('records') || r.grants.includes('transcripts') || r.grants.includes('card'))
                    ? 'Suspended (training)'
                    : 'None'}
              </dd>
            </div>
            <div>
              <dt>Since {formatDate(item.activity.since)}</dt>
              <dd>
                {item.activity.opens} opens · {item.activity.reveals} reveals · {item.activity.breakGlass} break-glass ·{' '}
                {item.activity.denials} denied
              </dd>
            </div>
            <div>
              <dt>Last reviewed</dt>
              <dd>{item.lastReviewedAt ? formatDate(item.lastReviewedAt) : 'Never'}</dd>
            </div>
          </dl>
          {done?.staffId === item.staffId && <ReviewDone text={done.text} />}
          {open === item.staffId ? (
            <ReviewForm
              item={item}
              onDone={(text) => {
                setDone({ staffId: item.staffId, text });
                setOpen(null);
                q.reload();
              }}
            />
          ) : (
            <button
              className="button button--secondary"
              type="button"
              onClick={() => {
                setDone(null);
                setOpen(item.staffId);
              }}
            >
              Review {item.name}
            </button>
          )}
        </article>
      ))}
    </div>
  );
}
