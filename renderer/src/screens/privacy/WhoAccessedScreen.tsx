import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useSession } from '../../session/SessionContext';
import type { Err } from '@contract/result';
import { AuditTable } from './AuditTable';

type Result = Extract<Awaited<ReturnType<typeof api.audit.whoAccessed>>, { ok: true }>['value'];

export function WhoAccessedScreen() {
  const { handleSessionError } = useSession();
  const [person, setPerson] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<Err | null>(null);

  async function search(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await api.audit.whoAccessed({ person });
    if (r.ok) setResult(r.value);
    else if (!handleSessionError(r)) setError(r);
  }

  return (
    <div className="page page--wide">
      <h1>Who accessed this person's data</h1>
      <p className="lead">
        Find every record about a citizen by name or e-mail, and every access to those records: opens, reveals, processing, emergency access
        and denials.
      </p>
      <form className="card card--narrow" onSubmit={search} noValidate>
        <Field label="Name or e-mail" value={person} onChange={(e) => setPerson(e.target.value)} error={error?.fields?.person} />
        <button className="button button--primary" type="submit">
          Search
        </button>
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
