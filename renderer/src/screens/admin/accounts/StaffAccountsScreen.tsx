import { useState, type FormEvent } from 'react';
import { Pager } from '../../../components/Pager';
import { TableBox } from '../../../components/TableBox';
import { ACCOUNT_STATUS_FILTERS, type AccountStatusFilter } from '@contract/accounts';
import { ROLE_KEYS, ROLE_NAMES, type RoleKey } from '@contract/roles';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { SelectField } from '../../../components/SelectField';
import { formatDateTime } from '../../../format';
import { useQuery } from '../../../session/useQuery';
import { AccountBadges, personPath } from './accountStatus';
import { RoleRequests } from './RoleRequests';

const PAGE_SIZE = 25;

const STATUS_LABELS: Record<AccountStatusFilter, string> = {
  active: 'Active',
  locked: 'Locked',
  disabled: 'Disabled',
  must_change: 'Must change password',
  factor_enrolled: 'Second factor set up',
  factor_missing: 'No second factor',
};

interface Filter {
  search: string;
  department: string;
  role: RoleKey | '';
  status: AccountStatusFilter | '';
}
const NO_FILTER: Filter = { search: '', department: '', role: '', status: '' };

export function StaffAccountsScreen() {
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const list = useQuery('accounts.list', {
    page,
    pageSize: PAGE_SIZE,
    ...(filter.search ? { search: filter.search } : {}),
    ...(filter.department ? { department: filter.department } : {}),
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  });
  const requests = useQuery('accounts.roleRequests', {});
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  function apply(e: FormEvent) {
    e.preventDefault();
    setPage(1);
    setFilter(draft);
  }

  return (
    <div className="page page--wide">
      <div className="toolbar">
        <h1>Staff accounts</h1>
        <a className="button button--primary" href="#/admin/accounts/new">
          New account
        </a>
      </div>
      <p className="lead">
        Everyone with an account: find a person to unlock them, reset their password or second factor, change their roles or disable them.
      </p>

      {requests.data && (
        <RoleRequests
          items={requests.data.items}
          onDecided={() => {
            requests.reload();
            list.reload();
          }}
        />
      )}

      <form className="card filters" onSubmit={apply} noValidate aria-label="Find staff">
        <Field
          label="Search"
          hint="Name, username, e-mail or employee ID"
          value={draft.search}
          onChange={(e) => setDraft({ ...draft, search: e.target.value })}
          error={list.error?.fields?.search}
        />
        <SelectField
          label="Department"
          value={draft.department}
          onChange={(v) => setDraft({ ...draft, department: v })}
          options={[{ value: '', label: 'Any' }, ...(list.data?.departments ?? []).map((d) => ({ value: d.code, label: d.name }))]}
        />
        <SelectField
          label="Role"
          value={draft.role}
          onChange={(v) => setDraft({ ...draft, role: v as Filter['role'] })}
          options={[{ value: '', label: 'Any' }, ...ROLE_KEYS.map((k) => ({ value: k, label: ROLE_NAMES[k] }))]}
        />
        <SelectField
          label="Status"
          value={draft.status}
          onChange={(v) => setDraft({ ...draft, status: v as Filter['status'] })}
          options={[{ value: '', label: 'Any' }, ...ACCOUNT_STATUS_FILTERS.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
        />
        <div className="filters__actions">
          <button className="button button--primary" type="submit">
            Find
          </button>
        </div>
      </form>

      {list.error && !list.error.fields?.search && <ErrorNotice error={list.error} title="The staff list could not be loaded" />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite">
            {list.data.total} {list.data.total === 1 ? 'person' : 'people'} · page {page} of {pages}
          </p>
          {list.data.total === 0 ? (
            <div className="card empty">
              <p>Nobody matches. Clear a filter or search for part of a name.</p>
            </div>
          ) : (
            <div className="table-wrap">
              <TableBox label="Staff accounts">
                <table className="data data--dense">
                  <caption className="visually-hidden">Staff accounts</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Department</th>
                      <th scope="col">Roles</th>
                      <th scope="col">Status</th>
                      <th scope="col">Last sign-in</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.rows.map((r) => (
                      <tr key={r.username}>
                        <td>
                          <a href={personPath(r.username)}>{r.displayName}</a>
                          <br />
                          <span className="mono small">{r.username}</span>
                        </td>
                        <td>{r.department}</td>
                        <td className="small">{r.roles.map((x) => x.name).join(', ')}</td>
                        <td>
                          <AccountBadges row={r} />
                        </td>
                        <td className="small nowrap">{r.lastSignInAt ? formatDateTime(r.lastSignInAt) : 'Never'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            </div>
          )}
          <Pager page={page} pages={pages} onPage={setPage} previous="Previous" next="Next" />
        </>
      )}
    </div>
  );
}
