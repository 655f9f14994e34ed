import type { StaffRow } from '@contract/accounts';
import { formatDateTime } from '../../../format';

/** An account's state as badges: enabled or not, locked until when, a forced password change, the second factor. */
export function AccountBadges({ row }: { row: StaffRow }) {
  return (
    <span className="badge-group">
      {row.status === 'disabled' && <span className="badge badge--bad">Disabled</span>}
      {row.lockedUntil && <span className="badge badge--bad">Locked until {formatDateTime(row.lockedUntil)}</span>}
      {row.status === 'active' && !row.lockedUntil && <span className="badge badge--ok">Active</span>}
      {row.mustChangePassword && <span className="badge badge--warn">Must change password</span>}
      {row.secondFactorEnrolled === true && <span className="badge">Second factor set up</span>}
      {row.secondFactorEnrolled === false && <span className="badge badge--warn">No second factor</span>}
    </span>
  );
}

export const personPath = (username: string) => `#/admin/accounts/${encodeURIComponent(username)}`;
