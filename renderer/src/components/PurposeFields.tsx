import type { PurposeCode } from '@contract/records';

/**
 * The reason someone needs records, and an optional note: asked the same way when a record is
 * opened and when a list is exported (main records both in the audit entry).
 */
export function PurposeFields({
  idPrefix,
  label,
  purposes,
  code,
  onCode,
  note,
  onNote,
  error,
}: {
  idPrefix: string;
  label: string;
  purposes: readonly { code: PurposeCode; label: string }[];
  code: PurposeCode | '';
  onCode(code: PurposeCode | ''): void;
  note: string;
  onNote(note: string): void;
  error?: string | undefined;
}) {
  const errorId = `${idPrefix}-error`;
  return (
    <>
      <div className={`field${error ? ' field--error' : ''}`}>
        <label htmlFor={`${idPrefix}-code`}>{label}</label>
        {error && (
          <p className="field__error" id={errorId}>
            {error}
          </p>
        )}
        <select
          id={`${idPrefix}-code`}
          value={code}
          onChange={(e) => onCode(e.target.value as PurposeCode | '')}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
        >
          <option value="">Choose a reason…</option>
          {purposes.map((p) => (
            <option key={p.code} value={p.code}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-note`}>Note (optional)</label>
        <textarea id={`${idPrefix}-note`} rows={2} maxLength={500} value={note} onChange={(e) => onNote(e.target.value)} />
      </div>
    </>
  );
}
