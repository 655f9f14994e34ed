import { TableBox } from '../../components/TableBox';
import { auditEventInWords, auditResourceInWords } from '@contract/auditWords';
import type { AuditEntryView } from '@contract/privacy';
import { formatDateTime } from '../../format';

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  return (
    <TableBox label={caption}>
      <table className="data data--dense">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Event</th>
            <th scope="col">Record</th>
            <th scope="col">Outcome</th>
            <th scope="col">Rule or reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td className="nowrap">{formatDateTime(e.at)}</td>
              <td>
                {e.actor ?? '—'}
                <div className="muted small">{e.workstation}</div>
              </td>
              <td className="small">{auditEventInWords(e.event)}</td>
              <td className="small">{e.resourceLabel ?? (auditResourceInWords(e.resourceType, e.resourceId) || '—')}</td>
              <td>
                <span className={`badge ${e.outcome === 'allowed' ? 'badge--ok' : 'badge--bad'}`}>
                  {e.outcome === 'allowed' ? 'Allowed' : 'Denied'}
                </span>
              </td>
              <td className="small">{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
