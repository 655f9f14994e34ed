import { useState, type FormEvent } from 'react';
import { FileErrorsTable } from '../../components/FileErrorsTable';
import { INTAKE_KIND_NAMES, type IntakeApplied, type IntakePreview, type RedactionCount } from '@contract/intake';
import { countOfKind, SENSITIVE_KIND_LABELS } from '@contract/sensitiveKinds';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { TableBox } from '../../components/TableBox';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

const STATUS_LABEL = { new: 'New', duplicate: 'Already stored', updated: 'Status updated' } as const;
const STATUS_BADGE = { new: 'badge badge--ok', duplicate: 'badge', updated: 'badge badge--warn' } as const;
const VIA_LABEL = { screen: 'This screen', watched_folder: 'Watched folder' } as const;
const OUTCOME_LABEL = { done: 'Imported', rejected: 'Rejected', left: 'Left for later' } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const redactionWords = (list: readonly RedactionCount[]) => list.map((r) => countOfKind(r.kind, r.count)).join(', ');
const kilobytes = (bytes: number) => (bytes < 1024 ? plural(bytes, 'byte') : `${(bytes / 1024).toFixed(1)} KB`);

/**
 * A records-intake officer brings in the files the source systems produce: chooses one (main reads
 * it; this screen never holds it), sees what it would do (counts, duplicates, what is removed on
 * the way in, or every error by row and field), imports it in one step, and sets the watched folder.
 */
export function RecordsIntakeScreen() {
  const choosing = useAction('intake.choose');
  const applying = useAction('intake.apply');
  const history = useQuery('intake.history', {});
  const chosen = choosing.value?.status === 'chosen' ? choosing.value : null;
  // Once imported, the preview is history: what was done shows instead.
  const preview = applying.value ? null : chosen;

  async function choose() {
    applying.reset();
    await choosing.run({});
  }

  async function importChosen(token: string) {
    const r = await applying.run({ token });
    if (r?.ok) history.reload();
  }

  return (
    <div className="page page--wide">
      <h1>Records intake</h1>
      <p className="lead">
        Bring in Live Help transcripts, correspondence and web forms, and the payment portal’s settlement file. Clearance checks the whole
        file first and shows what it would do; a file with any error imports nothing. Card numbers, Social Security numbers and the other
        details citizens should not send are removed before anything is stored.
      </p>

      <section className="card" aria-labelledby="intake-choose-title">
        <h2 id="intake-choose-title">Import a file</h2>
        <p>JSON Lines, JSON or CSV, as the source system exports it. Nothing is stored until you import it.</p>
        <div className="button-row">
          <ActionButton pending={choosing.pending} pendingLabel="Reading the file…" onClick={() => void choose()}>
            {preview ? 'Choose another file…' : 'Choose a file…'}
          </ActionButton>
        </div>
        {choosing.value?.status === 'cancelled' && <p className="muted">No file was chosen.</p>}
      </section>

      {choosing.error && <Alert kind="error">{choosing.error.message}</Alert>}
      {preview && <PreviewSection preview={preview.preview} importing={applying} onImport={() => void importChosen(preview.token)} />}
      {applying.value && <ImportedNotice applied={applying.value} />}

      <section aria-labelledby="intake-history-title">
        <h2 id="intake-history-title">Recent imports</h2>
        {history.error && <ErrorNotice error={history.error} />}
        {history.data && history.data.imports.length === 0 && <p className="empty">No file has been imported yet.</p>}
        {history.data && history.data.imports.length > 0 && (
          <TableBox label="Recent imports">
            <table className="data data--dense" aria-labelledby="intake-history-title">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col">Kind of records</th>
                  <th scope="col">Added</th>
                  <th scope="col">Duplicates</th>
                  <th scope="col">Removed on the way in</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {history.data.imports.map((i) => (
                  <tr key={i.id}>
                    <td className="nowrap">{formatDateTime(i.at)}</td>
                    <td>
                      {i.fileName}
                      <br />
                      <span className="muted small">{VIA_LABEL[i.via]}</span>
                    </td>
                    <td>{INTAKE_KIND_NAMES[i.kind]}</td>
                    <td>
                      {i.added}
                      {i.kind === 'settlement' && i.updated > 0 && <span className="muted small"> ({i.updated} updated)</span>}
                    </td>
                    <td>{i.duplicates}</td>
                    <td>{redactionWords(i.redactions) || 'Nothing'}</td>
                    <td>{i.by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
        )}
      </section>

      <WatchedFolderSection onScanned={history.reload} />
    </div>
  );
}

function PreviewSection({
  preview,
  importing,
  onImport,
}: {
  preview: IntakePreview;
  importing: { pending: boolean; error: { message: string } | null };
  onImport(): void;
}) {
  const { file, counts } = preview;
  const kindName = preview.kind ? INTAKE_KIND_NAMES[preview.kind] : 'A file of unknown kind';
  const nothingToDo = counts.new === 0 && counts.updated === 0;
  return (
    <section className="intake-preview" aria-labelledby="intake-preview-title">
      <h2 id="intake-preview-title">Preview of {file.name}</h2>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>Kind</dt>
            <dd>{kindName}</dd>
          </div>
          <div>
            <dt>Format</dt>
            <dd>{file.format ? { jsonl: 'JSON Lines', json: 'JSON', csv: 'CSV' }[file.format] : 'Not recognised'}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{kilobytes(file.bytes)}</dd>
          </div>
          <div>
            <dt>SHA-256 fingerprint</dt>
            <dd className="mono hash">{file.sha256}</dd>
          </div>
        </dl>
      </div>

      {preview.errorCount > 0 ? (
        <ErrorsList preview={preview} />
      ) : (
        <>
          <div className="stat-row" role="group" aria-label="What the import would do">
            <div className="stat">
              <span className="stat__value">{counts.records}</span>
              <span className="stat__label">records in the file</span>
            </div>
            <div className="stat">
              <span className="stat__value">{counts.new}</span>
              <span className="stat__label">new, to be stored</span>
            </div>
            <div className="stat">
              <span className="stat__value">{counts.duplicates}</span>
              <span className="stat__label">already stored, skipped</span>
            </div>
            {preview.kind === 'settlement' && (
              <div className="stat">
                <span className="stat__value">{counts.updated}</span>
                <span className="stat__label">orders whose status moves on</span>
              </div>
            )}
            <div className="stat">
              <span className="stat__value">{preview.recordsWithRedactions}</span>
              <span className="stat__label">records with details removed</span>
            </div>
          </div>

          <RedactionsPreview preview={preview} />
          <ItemsTable preview={preview} />

          {importing.error && <Alert kind="error">{importing.error.message}</Alert>}
          {nothingToDo ? (
            <Alert kind="info" title="Nothing to import">
              Every record in this file is already stored. Importing it again would add nothing.
            </Alert>
          ) : (
            <div className="button-row">
              <ActionButton pending={importing.pending} pendingLabel="Importing…" onClick={onImport}>
                Import {plural(counts.new + counts.updated, 'record')}
              </ActionButton>
              <span className="muted small">Imported in one step: all of it or none of it.</span>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ErrorsList({ preview }: { preview: IntakePreview }) {
  const shown = preview.errors.length;
  return (
    <>
      <Alert kind="error" title={`${preview.file.name}: ${plural(preview.errorCount, 'error')}. Nothing will be imported.`}>
        <p>Correct the file (or ask the source system for a new export) and choose it again.</p>
      </Alert>
      <h3>Errors by row and field</h3>
      {shown < preview.errorCount && (
        <p className="muted">
          The first {shown} of {preview.errorCount} errors are listed.
        </p>
      )}
      <FileErrorsTable
        label="Errors by row and field"
        place="Field"
        errors={preview.errors.map((e) => ({ row: e.row, where: e.field, message: e.message }))}
      />
    </>
  );
}

function RedactionsPreview({ preview }: { preview: IntakePreview }) {
  if (preview.redactions.length === 0)
    return (
      <>
        <h3>Removed on the way in</h3>
        <p>Nothing sensitive was found in the free text of the records to be stored.</p>
      </>
    );
  return (
    <>
      <h3 id="intake-redactions-title">Removed on the way in</h3>
      <p>These are replaced by a labelled note before anything is stored; the originals never reach the database.</p>
      <TableBox label="What would be removed, by kind">
        <table className="data data--dense" aria-labelledby="intake-redactions-title">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Found</th>
            </tr>
          </thead>
          <tbody>
            {preview.redactions.map((r) => (
              <tr key={r.kind}>
                <td>{SENSITIVE_KIND_LABELS[r.kind].many[0]!.toUpperCase() + SENSITIVE_KIND_LABELS[r.kind].many.slice(1)}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      {preview.samples.length > 0 && (
        <>
          <h3 id="intake-samples-title">Where they were found</h3>
          <ul className="plain-list redaction-samples" aria-labelledby="intake-samples-title">
            {preview.samples.map((s, i) => (
              <li key={i}>
                <p className="small muted">
                  Row {s.row} · {s.sourceId} · {s.where} · {SENSITIVE_KIND_LABELS[s.kind].one}
                </p>
                <blockquote>{s.excerpt}</blockquote>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function ItemsTable({ preview }: { preview: IntakePreview }) {
  if (preview.items.length === 0) return null;
  return (
    <>
      <h3 id="intake-items-title">Records in the file</h3>
      {preview.items.length < preview.counts.records && (
        <p className="muted">
          The first {preview.items.length} of {preview.counts.records} records are listed, new ones first.
        </p>
      )}
      <TableBox label="Records in the file">
        <table className="data data--dense" aria-labelledby="intake-items-title">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Source id</th>
              <th scope="col">Record</th>
              <th scope="col">Department</th>
              <th scope="col">What happens</th>
              <th scope="col">Removed</th>
            </tr>
          </thead>
          <tbody>
            {preview.items.map((item) => (
              <tr key={`${item.row}-${item.sourceId}`}>
                <td>{item.row}</td>
                <td className="mono">{item.sourceId}</td>
                <td>{item.title}</td>
                <td>{item.department}</td>
                <td>
                  <span className={STATUS_BADGE[item.status]}>{STATUS_LABEL[item.status]}</span>
                  {item.note && <span className="small muted"> {item.note}</span>}
                </td>
                <td>{redactionWords(item.redactions) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

function ImportedNotice({ applied }: { applied: IntakeApplied }) {
  const { counts } = applied;
  return (
    <Alert kind="success" title={`${applied.fileName} imported`}>
      <p>
        {INTAKE_KIND_NAMES[applied.kind]}: {counts.new} new
        {applied.kind === 'settlement' ? `, ${counts.updated} updated` : ''}, {counts.duplicates} already stored and skipped.
      </p>
      <p>{applied.redactions.length > 0 ? `Removed on the way in: ${redactionWords(applied.redactions)}.` : 'Nothing needed removing.'}</p>
    </Alert>
  );
}

function WatchedFolderSection({ onScanned }: { onScanned(): void }) {
  const status = useQuery('intake.folder', {});
  const setting = useAction('intake.setFolder');
  const scanning = useAction('intake.scanFolder');
  const [folder, setFolder] = useState('');
  const current = setting.value ?? status.data;

  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await setting.run({ folder });
    if (r?.ok) {
      setFolder('');
      status.reload();
    }
  }

  async function clear() {
    const r = await setting.run({ folder: null });
    if (r?.ok) status.reload();
  }

  async function scan() {
    const r = await scanning.run({});
    if (r?.ok) onScanned();
  }

  return (
    <section aria-labelledby="intake-folder-title">
      <h2 id="intake-folder-title">Watched intake folder</h2>
      <p>
        Files the source systems drop into this folder are imported on their own, under the same rules, by the workstation it was set on.
        Each file then moves to <span className="mono">done</span> or <span className="mono">rejected</span> with a report beside it.
      </p>
      {status.error && <ErrorNotice error={status.error} />}
      {current && (
        <div className="card">
          {current.folder ? (
            <dl className="facts">
              <div>
                <dt>Folder</dt>
                <dd className="mono">{current.folder}</dd>
              </div>
              <div>
                <dt>Watched by</dt>
                <dd>
                  {current.workstation}
                  {current.onThisWorkstation ? ' (this workstation)' : ''}
                </dd>
              </div>
              <div>
                <dt>Set by</dt>
                <dd>
                  {current.setBy ?? 'Unknown'}
                  {current.setAt ? `, ${formatDateTime(current.setAt)}` : ''}
                </dd>
              </div>
            </dl>
          ) : (
            <p>No watched folder is set. Files are imported only from this screen.</p>
          )}
          {current.folder && (
            <div className="button-row">
              {current.onThisWorkstation && (
                <ActionButton pending={scanning.pending} pendingLabel="Looking…" onClick={() => void scan()}>
                  Look in the folder now
                </ActionButton>
              )}
              <ActionButton className="button button--secondary" pending={setting.pending} onClick={() => void clear()}>
                Stop watching
              </ActionButton>
            </div>
          )}
          {scanning.error && <Alert kind="error">{scanning.error.message}</Alert>}
          {scanning.value &&
            (scanning.value.files.length === 0 ? (
              <p className="muted">No new files were waiting.</p>
            ) : (
              <ul className="plain-list" aria-label="Files looked at">
                {scanning.value.files.map((f) => (
                  <li key={f.file}>
                    <span className={f.outcome === 'done' ? 'badge badge--ok' : f.outcome === 'rejected' ? 'badge badge--bad' : 'badge'}>
                      {OUTCOME_LABEL[f.outcome]}
                    </span>{' '}
                    {f.file}: {f.summary}
                  </li>
                ))}
              </ul>
            ))}
        </div>
      )}
      <form className="card card--narrow" onSubmit={(e) => void save(e)} noValidate aria-labelledby="intake-folder-form-title">
        <h3 id="intake-folder-form-title">{current?.folder ? 'Watch another folder' : 'Set the watched folder'}</h3>
        {setting.error && !setting.error.fields?.folder && <Alert kind="error">{setting.error.message}</Alert>}
        <Field
          label="Folder (full path)"
          hint="On this workstation or a share it can reach. Its imports run under your records-intake permission."
          spellCheck={false}
          autoComplete="off"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          error={setting.error?.fields?.folder}
        />
        <ActionButton type="submit" className="button button--secondary" pending={setting.pending}>
          Watch this folder
        </ActionButton>
      </form>
    </section>
  );
}
