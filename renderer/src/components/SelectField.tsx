import { useId } from 'react';

export interface Option {
  value: string;
  label: string;
}

/** A labelled drop-down, with its error tied to it for screen readers. */
export function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  id,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: readonly Option[];
  error?: string | undefined;
  id?: string;
}) {
  const generated = useId();
  const selectId = id ?? generated;
  const errorId = error ? `${selectId}-error` : undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={selectId}>{label}</label>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      <select
        id={selectId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
