import { useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

export function DatabaseScreen() {
  const q = useQuery('admin.databaseStatus', {});
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const saving = useAction('admin.setDatabase');
  const [saved, setSaved] = useState<string | null>(null);
  const errors = saving.error?.fields ?? {};

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const r = await saving.run({ kind: 'postgres', url, password });
    if (!r) return;
    setPassword('');
    if (!r.ok) return;
    setSaved('Connection tested and saved. Restart Clearance on this workstation to use the central database.');
    q.reload();
  }

  async function switchToEmbedded() {
    setSaved(null);
    const r = await saving.run({ kind: 'embedded' });
    if (!r?.ok) return;
    setSaved('Saved. Restart Clearance to use the embedded database on this workstation.');
    q.reload();
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
      {saved && <Alert kind="success">{saved}</Alert>}
      {saving.error && <Alert kind="error">{saving.error.message}</Alert>}
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
          <ActionButton type="submit" pending={saving.pending}>
            Test and save
          </ActionButton>
        </form>
      </section>
      {s?.storedUrl && (
        <ActionButton className="button button--secondary" pending={saving.pending} onClick={() => void switchToEmbedded()}>
          Go back to the embedded database
        </ActionButton>
      )}
    </div>
  );
}
