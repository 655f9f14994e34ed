import type { AuditEntryView } from '@contract/privacy';
import { formatDateTime } from '../../format';

/** Event names break after their dots and underscores when the column is narrow, never inside a word. */
function breakable(event: string) {
  return event.split(/(?<=[._])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  return (
    // Focusable, so a keyboard can scroll it when the table is wider than the screen.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
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
              <td className="mono small">{breakable(e.event)}</td>
              <td className="small">{e.resourceLabel ?? '—'}</td>
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
