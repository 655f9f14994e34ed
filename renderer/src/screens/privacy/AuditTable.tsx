import type { AuditEntryView } from '@contract/privacy';
import { formatDateTime } from '../../format';
import { isSubject, SUBJECT_LABELS } from '../records/subjects';

const OTHER_RESOURCES: Record<string, string> = {
  AuditTrail: 'Audit trail',
  EvidencePack: 'Evidence pack',
  BreakGlassReview: 'Break-glass review',
  workstation: 'Workstation',
  channel: 'Request',
  setting: 'Setting',
  page: 'Page',
};

/** What the entry is about, in words: "Card transaction 12", "Audit trail". */
function resourceText(e: AuditEntryView): string {
  if (!e.resourceType) return '—';
  const type = isSubject(e.resourceType) ? SUBJECT_LABELS[e.resourceType].singular : (OTHER_RESOURCES[e.resourceType] ?? e.resourceType);
  const label = type.charAt(0).toUpperCase() + type.slice(1);
  return e.resourceId && e.resourceId !== '*' ? `${label} ${e.resourceId}` : label;
}

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  return (
    <div className="table-wrap">
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
              <td className="mono small">{e.event}</td>
              <td className="small">{resourceText(e)}</td>
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
    </div>
  );
}
