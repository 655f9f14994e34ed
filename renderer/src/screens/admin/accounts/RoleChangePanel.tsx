import { useState, type FormEvent } from 'react';
import { TableBox } from '../../../components/TableBox';
import type { RoleKey } from '@contract/roles';
import { ROLE_NAMES } from '@contract/roles';
import { ActionButton } from '../../../components/ActionButton';
import { Alert } from '../../../components/Alert';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { formatDate } from '../../../format';
import { useAction } from '../../../session/useAction';
import { useQuery } from '../../../session/useQuery';

/**
 * A role grant or revoke, previewed first: the modules that become due and by when, when record
 * access starts, what ends at once, and whether a second administrator must approve. Then the
 * reason and the confirmation.
 */
export function RoleChangePanel({
  username,
  person,
  role,
  change,
  onDone,
  onCancel,
}: {
  username: string;
  person: string;
  role: RoleKey;
  change: 'grant' | 'revoke';
  onDone(message: string): void;
  onCancel(): void;
}) {
  const preview = useQuery('accounts.rolePreview', { username, role, change });
  const changing = useAction('accounts.changeRole');
  const [reason, setReason] = useState('');
  const p = preview.data;
  const verb = change === 'grant' ? 'Grant' : 'Revoke';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await changing.run({ username, role, change, reason });
    if (r?.ok) onDone(r.value.message);
  }

  return (
    <section className="card role-change" aria-labelledby="role-change-title">
      <h3 id="role-change-title">
        {verb} {ROLE_NAMES[role]} {change === 'grant' ? 'to' : 'from'} {person}: preview
      </h3>
      {preview.error && (
        <>
          <ErrorNotice error={preview.error} title="This change cannot be made" />
          <button className="button button--ghost" type="button" onClick={onCancel}>
            Close
          </button>
        </>
      )}
      {preview.loading && !p && <p className="loading">Working out what changes…</p>}
      {p && (
        <>
          {p.approval && <Alert kind="warning">{p.approval}</Alert>}
          {p.modules.length > 0 && (
            <>
              <h4>Training</h4>
              <TableBox label="Modules this role requires">
                <table className="data data--dense">
                  <caption className="visually-hidden">Modules this role requires</caption>
                  <thead>
                    <tr>
                      <th scope="col">Module</th>
                      <th scope="col">For {p.person}</th>
                      <th scope="col">Due by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.modules.map((m) => (
                      <tr key={m.number}>
                        <td>
                          {m.number}. {m.title}
                        </td>
                        <td>
                          {m.state}
                          {m.currentUntil ? ` until ${formatDate(m.currentUntil)}` : ''}
                        </td>
                        <td className="nowrap">{m.dueDate ? formatDate(m.dueDate) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            </>
          )}
          {p.recordAccess && <p className="spaced">{p.recordAccess}</p>}
          {p.gains.length > 0 && (
            <>
              <h4>What the role adds</h4>
              <ul className="plain-list">
                {p.gains.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            </>
          )}
          {change === 'revoke' && (
            <>
              <h4>What ends at once</h4>
              {p.ends.length ? (
                <ul className="plain-list">
                  {p.ends.map((g) => (
                    <li key={g}>{g}</li>
                  ))}
                </ul>
              ) : (
                <p>Nothing: their other roles give the same access.</p>
              )}
              {p.noLongerRequired.length > 0 && (
                <p className="muted small">No longer required (their completions stay on record): {p.noLongerRequired.join('; ')}.</p>
              )}
            </>
          )}
          <form onSubmit={submit} noValidate className="spaced">
            {changing.error && <Alert kind="error">{changing.error.message}</Alert>}
            <Field
              label="Reason"
              hint="Recorded in the audit trail with the change."
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={changing.error?.fields?.reason}
              required
            />
            <div className="button-row">
              <ActionButton
                type="submit"
                className={`button ${change === 'grant' ? 'button--primary' : 'button--danger'}`}
                pending={changing.pending}
              >
                {p.approval ? `Ask to grant ${ROLE_NAMES[role]}` : `${verb} ${ROLE_NAMES[role]}`}
              </ActionButton>
              <button className="button button--ghost" type="button" onClick={onCancel}>
                Cancel
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
