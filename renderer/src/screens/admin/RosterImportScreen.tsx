import { TableBox } from '../../components/TableBox';
import { FileErrorsTable } from '../../components/FileErrorsTable';
import { useState, type ChangeEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { useAction } from '../../session/useAction';

const KIND_LABEL = { new: 'New hire', leaver: 'Leaver', changed: 'Changed', unchanged: 'No change' } as const;

export function RosterImportScreen() {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const previewing = useAction('roster.preview');
  const applying = useAction('roster.apply');
  const applied = applying.value;
  // Once applied, the preview is history: what was done shows instead.
  const preview = applied ? null : previewing.value;
  const message = previewing.error?.message ?? applying.error?.message;

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    previewing.reset();
    applying.reset();
    setConfirmed([]);
    if (!file) return;
    const text = await file.text();
    // Apply sends exactly the file that was previewed (a second choice while one is checked is ignored).
    if (!(await previewing.run({ csv: text }))) return;
    setCsv(text);
    setFileName(file.name);
  }

  return (
    <div className="page page--wide">
      <h1>Roster import</h1>
      <p className="lead">
        Import the staff roster as CSV with the columns employee_id, name, email, department, supervisor_employee_id, hire_date
        (YYYY-MM-DD), roles (separated by ;) and status (active or terminated). The whole file is checked first: a file with any error
        imports nothing.
      </p>
      <section className="card card--narrow">
        <div className="field">
          <label htmlFor="roster-file">Roster file (CSV)</label>
          <input
            id="roster-file"
            type="file"
            accept=".csv,text/csv"
            disabled={previewing.pending || applying.pending}
            onChange={(e) => void choose(e)}
          />
        </div>
      </section>
      {message && <Alert kind="error">{message}</Alert>}
      {preview && preview.errors.length > 0 && (
        <section aria-labelledby="roster-errors">
          <Alert
            kind="error"
            title={`${fileName}: ${preview.errors.length} error${preview.errors.length === 1 ? '' : 's'}. Nothing will be imported.`}
          >
            <p>Correct the file and choose it again.</p>
          </Alert>
          <h2 id="roster-errors">Errors</h2>
          <FileErrorsTable
            label="Errors in the roster file"
            place="Column"
            errors={preview.errors.map((e) => ({ row: e.row, where: e.column, message: e.message }))}
          />
        </section>
      )}
      {preview && preview.errors.length === 0 && (
        <section aria-labelledby="roster-preview">
          <h2 id="roster-preview">What will change</h2>
          <p>
            {preview.counts.new} new hire{preview.counts.new === 1 ? '' : 's'} · {preview.counts.changed} changed · {preview.counts.leaver}{' '}
            leaver{preview.counts.leaver === 1 ? '' : 's'} · {preview.counts.unchanged} unchanged
          </p>
          {preview.changes.some((c) => c.regrants.length > 0) && (
            <Alert kind="warning" title="Some rows give back a role an access review revoked">
              Confirm each of those rows below (after checking with the supervisor who revoked it) before applying.
            </Alert>
          )}
          <TableBox label="Changes the roster makes">
            <table className="data data--dense">
              <caption className="visually-hidden">Changes the roster makes</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Employee</th>
                  <th scope="col">Change</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={c.row}>
                    <td>{c.row}</td>
                    <td>
                      {c.name} <span className="muted small">({c.employeeId})</span>
                    </td>
                    <td>
                      <span
                        className={`badge ${c.kind === 'leaver' ? 'badge--bad' : c.kind === 'new' ? 'badge--ok' : c.kind === 'changed' ? 'badge--warn' : ''}`}
                      >
                        {KIND_LABEL[c.kind]}
                      </span>
                    </td>
                    <td className="small">
                      {c.changes.join('; ') || '—'}
                      {c.regrants.map((g) => (
                        <p key={g} className="status-no">
                          {g}
                        </p>
                      ))}
                      {c.regrants.length > 0 && (
                        <label className="choice">
                          <input
                            type="checkbox"
                            checked={confirmed.includes(c.employeeId)}
                            onChange={(e) =>
                              setConfirmed(e.target.checked ? [...confirmed, c.employeeId] : confirmed.filter((x) => x !== c.employeeId))
                            }
                          />{' '}
                          Confirm the re-grant for {c.name}
                        </label>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
          <div className="button-row">
            <ActionButton pending={applying.pending} onClick={() => void applying.run({ csv, confirmedRegrants: confirmed })}>
              Apply these changes
            </ActionButton>
            <span className="muted small">Applied in one step: all of it or none of it.</span>
          </div>
        </section>
      )}
      {applied && (
        <section aria-labelledby="roster-done">
          <Alert kind="success" title="Roster imported">
            {applied.counts.new} new, {applied.counts.changed} changed, {applied.counts.leaver} leaver
            {applied.counts.leaver === 1 ? '' : 's'} disabled.
          </Alert>
          {applied.newAccounts.length > 0 && (
            <>
              <h2 id="roster-done">One-time passwords</h2>
              <Alert kind="warning">
                These are shown only now. Give each new hire their password privately; they must change it at first sign-in.
              </Alert>
              <TableBox label="New accounts and their one-time passwords">
                <table className="data data--dense">
                  <caption className="visually-hidden">New accounts and their one-time passwords</caption>
                  <thead>
                    <tr>
                      <th scope="col">Employee</th>
                      <th scope="col">Username</th>
                      <th scope="col">One-time password</th>
                    </tr>
                  </thead>
                  <tbody>
                    {applied.newAccounts.map((a) => (
                      <tr key={a.employeeId}>
                        <td>
                          {a.name} ({a.employeeId})
                        </td>
                        <td className="mono">{a.username}</td>
                        <td className="mono" data-testid={`otp-${a.employeeId}`}>
                          {a.oneTimePassword}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            </>
          )}
        </section>
      )}
    </div>
  );
}
