import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useSession } from '../../session/SessionContext';
import { useQuery } from '../../session/useQuery';

export function DatabaseScreen() {
  const { handleSessionError } = useSession();
  const q = useQuery(() => api.admin.databaseStatus(), []);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    setErrors({});
    const r = await api.admin.setDatabase({ kind: 'postgres', url, password });
    setPassword('');
    if (r.ok) {
      setNotice({
        kind: 'success',
        text: 'Connection tested and saved. Restart Clearance on this workstation to use the central database.',
      });
      q.reload();
    } else if (!handleSessionError(r)) {
      setErrors(r.fields ?? {});
      setNotice({ kind: 'error', text: r.message });
    }
  }

  async function switchToEmbedded() {
    const r = await api.admin.setDatabase({ kind: 'embedded' });
    if (r.ok) {
      setNotice({ kind: 'success', text: 'Saved. Restart Clearance to use the embedded database on this workstation.' });
      q.reload();
    } else if (!handleSessionError(r)) setNotice({ kind: 'error', text: r.message });
  }

  const s = q.data;
  return (
    <div className="page">
      <h1>Database</h1>
      <p className="lead">
        A single workstation keeps its data in an embedded database file. Many workstations share one PostgreSQL server, so training,
        permissions and the audit trail are one truth.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {s && (
        <section className="card" aria-labelledby="db-now">
          <h2 id="db-now">This workstation now</h2>
          <dl className="facts">
            <div>
              <dt>Database</dt>
              <dd>{s.dialect === 'postgres' ? 'Central PostgreSQL server' : 'Embedded (this computer only)'}</dd>
            </div>
            <div>
              <dt>Location</dt>
              <dd className="mono small">{s.location}</dd>
            </div>
            <div>
              <dt>Saved setting for the next start</dt>
              <dd className="mono small">{s.storedUrl ?? 'None (embedded database)'}</dd>
            </div>
          </dl>
          {s.fromEnvironment && (
            <p className="muted">CLEARANCE_DATABASE_URL is set on this computer and takes precedence over the saved setting.</p>
          )}
        </section>
      )}
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <section className="card card--narrow" aria-labelledby="db-set">
        <h2 id="db-set">Use a central PostgreSQL server</h2>
        <p className="muted">
          The connection is tested before anything is saved. The password is stored encrypted by the operating system's keychain.
        </p>
        <form onSubmit={save} noValidate>
          <Field
            label="Server URL"
            hint="postgres://clearance_app@db.agency.example:5432/clearance"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            error={errors.url}
            autoComplete="off"
            spellCheck={false}
          />
          <Field
            label="Database password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            autoComplete="off"
          />
          <button className="button button--primary" type="submit">
            Test and save
          </button>
        </form>
      </section>
      {s?.storedUrl && (
        <button className="button button--secondary" type="button" onClick={() => void switchToEmbedded()}>
          Go back to the embedded database
        </button>
      )}
    </div>
  );
}
