import { useEffect, useState } from 'react';
import type { RecordSubjectName } from '@contract/records';
import { ActionButton } from '../../components/ActionButton';
import { useAction } from '../../session/useAction';

/**
 * A masked value with a Reveal button. The revealed value shows for the time main allows, then
 * masks again; it cannot be selected or copied.
 */
export function RevealableValue({
  subject,
  id,
  field,
  label,
  masked,
  canReveal,
}: {
  subject: RecordSubjectName;
  id: number;
  field: string;
  label: string;
  masked: string;
  canReveal: boolean;
}) {
  const reveal = useAction('records.reveal');
  const [shown, setShown] = useState<{ value: string; until: number } | null>(null);
  // The time of the last tick: the countdown is drawn from it, not from Date.now() during render.
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!shown) return;
    const timer = window.setInterval(() => {
      const at = Date.now();
      if (at >= shown.until) setShown(null);
      else setNow(at);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [shown]);

  async function show() {
    const r = await reveal.run({ subject, id, field });
    if (!r?.ok) return;
    const at = Date.now();
    setNow(at);
    setShown({ value: r.value.value, until: at + r.value.expiresInSeconds * 1000 });
  }

  const secondsLeft = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0;
  return (
    <span className="revealable">
      {shown ? (
        <span
          className="revealed"
          data-testid={`revealed-${field}`}
          onCopy={(e) => e.preventDefault()}
          onCut={(e) => e.preventDefault()}
          onContextMenu={(e) => e.preventDefault()}
        >
          {shown.value}
        </span>
      ) : (
        <span className="masked" aria-label={`${label}, masked`}>
          {masked}
        </span>
      )}
      {shown && <span className="muted small"> Masks again in {secondsLeft} s</span>}
      {!shown && canReveal && (
        <ActionButton
          className="button button--secondary button--small"
          pending={reveal.pending}
          onClick={() => void show()}
          aria-label={`Reveal ${label}`}
        >
          Reveal
        </ActionButton>
      )}
      {reveal.error && (
        <span className="field__error" role="alert">
          {reveal.error.message}
        </span>
      )}
    </span>
  );
}
