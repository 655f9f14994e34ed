import type { RoleRequestView } from '@contract/accounts';
import { TableBox } from '../../../components/TableBox';
import { ActionButton } from '../../../components/ActionButton';
import { Alert } from '../../../components/Alert';
import { formatDateTime } from '../../../format';
import { useAction } from '../../../session/useAction';
import { personPath } from './accountStatus';

/** Grants of administrator or privacy officer waiting for a second administrator: approve or refuse. */
export function RoleRequests({
  items,
  onDecided,
  showPerson = true,
}: {
  items: RoleRequestView[];
  onDecided(): void;
  showPerson?: boolean;
}) {
  const deciding = useAction('accounts.decideRoleRequest');
  if (items.length === 0) return null;

  async function decide(requestId: number, decision: 'approve' | 'refuse') {
    const r = await deciding.run({ requestId, decision });
    if (r?.ok) onDecided();
  }

  return (
    <section className="card" aria-labelledby="role-requests-title">
      <h2 id="role-requests-title">Waiting for a second administrator</h2>
      <p className="muted">
        Administrator and privacy officer are granted only when a second administrator approves: not the one who asked, and not the person
        concerned.
      </p>
      {deciding.error && <Alert kind="error">{deciding.error.message}</Alert>}
      {deciding.value && <Alert kind="success">{deciding.value.message}</Alert>}
      <div className="table-wrap">
        <TableBox label="Role grants waiting for approval">
          <table className="data data--dense">
            <caption className="visually-hidden">Role grants waiting for approval</caption>
            <thead>
              <tr>
                {showPerson && <th scope="col">Person</th>}
                <th scope="col">Role</th>
                <th scope="col">Asked by</th>
                <th scope="col">Reason</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr key={q.id}>
                  {showPerson && (
                    <td>
                      <a href={personPath(q.username)}>{q.person}</a>
                    </td>
                  )}
                  <td>{q.role.name}</td>
                  <td>
                    {q.requestedBy}
                    <br />
                    <span className="muted small">{formatDateTime(q.requestedAt)}</span>
                  </td>
                  <td className="small">{q.reason}</td>
                  <td>
                    <div className="button-row button-row--tight">
                      {q.mayApprove && (
                        <ActionButton
                          className="button button--primary button--small"
                          pending={deciding.pending}
                          aria-label={`Approve ${q.role.name} for ${q.person}`}
                          onClick={() => void decide(q.id, 'approve')}
                        >
                          Approve
                        </ActionButton>
                      )}
                      <ActionButton
                        className="button button--secondary button--small"
                        pending={deciding.pending}
                        aria-label={`Refuse ${q.role.name} for ${q.person}`}
                        onClick={() => void decide(q.id, 'refuse')}
                      >
                        Refuse
                      </ActionButton>
                    </div>
                    {q.whyNot && <p className="muted small">{q.whyNot}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </div>
    </section>
  );
}
