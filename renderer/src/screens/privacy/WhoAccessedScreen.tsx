import { useState, type FormEvent } from 'react';
import type { OutputOf } from '@contract/index';
import { ActionButton } from '../../components/ActionButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';
import { AuditTable } from './AuditTable';

export function WhoAccessedScreen() {
  const [person, setPerson] = useState('');
  // The last answer stays on screen while the next search runs, and after one that fails.
  const [result, setResult] = useState<OutputOf<'audit.whoAccessed'> | null>(null);
  const searching = useAction('audit.whoAccessed');
  const error = searching.error;

  async function search(e: FormEvent) {
    e.preventDefault();
    const r = await searching.run({ person });
    if (r?.ok) setResult(r.value);
  }

  return (
    <div className="page page--wide">
      <h1>Who accessed this person's data</h1>
      <p className="lead">
        Find every record about a citizen by name or e-mail, and every access to those records: opens, reveals, processing, emergency access
        and denials.
      </p>
      <form className="card card--narrow" onSubmit={search} noValidate>
        <Field
          label="Name or e-mail"
          hint="Or a whole SSN, date of birth or card number: it is matched by its keyed hash and recorded only masked."
          autoComplete="off"
          value={person}
          onChange={(e) => setPerson(e.target.value)}
          error={error?.fields?.person}
        />
        <ActionButton type="submit" pending={searching.pending}>
          Search
        </ActionButton>
      </form>
      {error && !error.fields && <ErrorNotice error={error} />}
      {result && (
        <>
          <section aria-labelledby="records-found">
            <h2 id="records-found">Records about this person ({result.records.length})</h2>
            {result.records.length === 0 ? (
              <p className="card empty">No record mentions this name or e-mail.</p>
            ) : (
              <ul className="plain-list">
                {result.records.map((r) => (
                  <li key={`${r.subject}-${r.id}`}>
                    {r.label} <span className="muted small">(No. {r.id})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="accesses-found">
            <h2 id="accesses-found">Accesses ({result.accesses.length})</h2>
            {result.accesses.length === 0 ? (
              <p className="card empty">Nobody has opened these records.</p>
            ) : (
              <AuditTable entries={result.accesses} caption="Accesses to this person's records" />
            )}
          </section>
        </>
      )}
    </div>
  );
}
