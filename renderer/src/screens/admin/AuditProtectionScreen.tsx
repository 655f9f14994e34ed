import { useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { SiemSettingsCard } from './SiemSettingsCard';

const INTERVALS = [15, 30, 60, 120, 240, 720, 1440];

/** Administrators: where this workstation's audit witness goes, how often checkpoints are signed, and SIEM forwarding. */
export function AuditProtectionScreen() {
  const q = useQuery('admin.auditWitness', {});
  const [folder, setFolder] = useState('');
  const saving = useAction('admin.setAuditWitness');
  const interval = useAction('admin.setCheckpointInterval');
  const [saved, setSaved] = useState<string | null>(null);
  const s = saving.value ?? interval.value ?? q.data;

  async function saveFolder(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const r = await saving.run({ folder });
    if (r?.ok) {
      setSaved(`The witness file is now written in ${r.value.folder}. A checkpoint was written there.`);
      setFolder('');
    }
  }

  async function backToDefault() {
    setSaved(null);
    const r = await saving.run({ folder: null });
    if (r?.ok) setSaved('The witness goes back to the default folder.');
  }

  async function setMinutes(value: string) {
    setSaved(null);
    const r = await interval.run({ minutes: Number(value) });
    if (r?.ok) setSaved(`Checkpoints every ${r.value.intervalMinutes} minutes.`);
  }

  return (
    <div className="page">
      <h1>Audit protection</h1>
      <p className="lead">
        The audit trail proves itself with signed checkpoints kept in the database and in a witness file outside it, and is copied to the
        agency's SIEM as it is written.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {saved && <Alert kind="success">{saved}</Alert>}
      {s && (
        <section className="card" aria-labelledby="witness-title">
          <h2 id="witness-title">Checkpoints and witness on this workstation</h2>
          {!s.signing.available && (
            <Alert kind="warning" title="This workstation does not sign checkpoints">
              {s.signing.reason}.
            </Alert>
          )}
          <dl className="facts">
            <div>
              <dt>Witness folder</dt>
              <dd className="mono small">{s.folder ?? 'None'}</dd>
            </div>
            <div>
              <dt>Chosen by</dt>
              <dd>{s.isDefault ? 'Default (this computer)' : 'An administrator'}</dd>
            </div>
            <div>
              <dt>Last witness write</dt>
              <dd>
                {s.lastWrite
                  ? `${formatDateTime(s.lastWrite.at)}: ${s.lastWrite.ok ? 'written' : `failed (${s.lastWrite.error})`}`
                  : 'None since Clearance started'}
              </dd>
            </div>
          </dl>
          <p className="muted small">
            Checkpoints are signed at this interval while the trail grows, and always at each start and stop, on every workstation of this
            database.
          </p>
          <SelectField
            label="Checkpoint interval"
            value={String(s.intervalMinutes)}
            onChange={(v) => void setMinutes(v)}
            options={(INTERVALS.includes(s.intervalMinutes) ? INTERVALS : [...INTERVALS, s.intervalMinutes]).map((m) => ({
              value: String(m),
              label: m < 60 ? `Every ${m} minutes` : m === 60 ? 'Every hour' : `Every ${m / 60} hours`,
            }))}
          />
          {interval.error && <Alert kind="error">{interval.error.message}</Alert>}
          <form onSubmit={saveFolder} noValidate>
            <Field
              label="Witness folder"
              hint={"A folder on a network share that the database's administrators cannot change, e.g. \\\\records-fs\\audit-witness"}
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              error={saving.error?.fields?.folder}
              autoComplete="off"
              spellCheck={false}
            />
            <div className="button-row">
              <ActionButton type="submit" pending={saving.pending}>
                Test and save
              </ActionButton>
              {!s.isDefault && (
                <ActionButton className="button button--secondary" pending={saving.pending} onClick={() => void backToDefault()}>
                  Use the default folder
                </ActionButton>
              )}
            </div>
          </form>
          {saving.error && <Alert kind="error">{saving.error.message}</Alert>}
        </section>
      )}
      <SiemSettingsCard />
    </div>
  );
}
