import { TableBox } from '../../components/TableBox';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { CertificationReportView, ReportFilterSchema, ScopeSchema } from '@contract/reports';
import { ROLE_KEYS, ROLE_NAMES, type RoleKey } from '@contract/roles';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useExporter } from '../../session/useMenuCommands';
import { useQuery } from '../../session/useQuery';
import { ReportCharts } from './ReportCharts';
import { SelectField } from '../../components/SelectField';

const ANY = { value: '', label: 'Any' };

type Scope = z.input<typeof ScopeSchema>;
type Filter = z.input<typeof ReportFilterSchema>;
type Row = CertificationReportView['rows'][number];
type SortKey =
  'name' | 'department' | 'roles' | 'lastCompletedAt' | 'lastScore' | 'fullyCertified' | 'recordAccessActive' | `module:${string}`;

const STATUS_ORDER = { overdue: 0, expired: 1, never: 2, expiring: 3, current: 4 } as const;
const STATUS_CLASS: Record<string, string> = {
  current: 'badge--ok',
  expiring: 'badge--warn',
  expired: 'badge--bad',
  overdue: 'badge--bad',
  never: '',
};

function sortValue(r: Row, key: SortKey): string | number {
  if (key.startsWith('module:')) {
    const c = r.modules.find((m) => m.moduleId === key.slice(7));
    return c ? STATUS_ORDER[c.status] * 1000 + (c.days ?? 0) : 9999;
  }
  switch (key) {
    case 'roles':
      return r.roles.join(',');
    case 'lastCompletedAt':
      return r.lastCompletedAt ?? '';
    case 'lastScore':
      return r.lastScore ?? -1;
    case 'fullyCertified':
      return r.fullyCertified ? 1 : 0;
    case 'recordAccessActive':
      return r.recordAccessActive ? 1 : 0;
    case 'department':
      return r.department;
    default:
      return r.name;
  }
}

export function CertificationReportScreen() {
  const [scope, setScope] = useState<Scope>({ kind: 'team' });
  const [filter, setFilter] = useState<Filter>({});
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'name', asc: true });
  const exporting = useAction('reports.exportCertification');
  const [savedAs, setSavedAs] = useState<'csv' | 'pdf'>('csv');
  const q = useQuery('reports.certification', { scope, filter });
  const data = q.data;

  const rows = useMemo(() => {
    if (!data) return [];
    const out = [...data.rows];
    out.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (x < y ? -1 : x > y ? 1 : 0) * (sort.asc ? 1 : -1);
    });
    return out;
  }, [data, sort]);

  function exportAs(format: 'csv' | 'pdf') {
    if (exporting.pending) return;
    setSavedAs(format);
    void exporting.run({ scope, filter, format });
  }
  useExporter(() => exportAs('csv'));

  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSort({ key, asc: sort.key === key ? !sort.asc : true })}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.asc ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
  const set = (k: keyof Filter) => (value: string) => setFilter({ ...filter, [k]: value || undefined });

  return (
    <div className="page page--wide">
      <h1>Certification report</h1>
      <p className="lead">
        {data
          ? `${data.scopeLabel} · generated ${formatDateTime(data.generatedAt)} by ${data.generatedBy}`
          : 'Who is certified, who is expiring, and whose record access is suspended.'}
      </p>
      {q.error && <ErrorNotice error={q.error} title="The report could not be produced" />}
      {data && (
        <>
          <section className="stat-row" aria-label="Summary">
            <div className="stat">
              <span className="stat__value">{data.summary.compliancePercent}%</span>
              <span className="stat__label">
                fully certified ({data.summary.fullyCertified} of {data.summary.people})
              </span>
            </div>
            <div className="stat">
              <span className="stat__value">{data.summary.byStatus.overdue ?? 0}</span>
              <span className="stat__label">overdue</span>
            </div>
            <div className="stat">
              <span className="stat__value">{data.summary.byStatus.expired ?? 0}</span>
              <span className="stat__label">expired</span>
            </div>
            <div className="stat">
              <span className="stat__value">{data.summary.byStatus.expiring ?? 0}</span>
              <span className="stat__label">expiring within 30 days</span>
            </div>
            <div className="stat">
              <span className="stat__value">{data.summary.byStatus.never ?? 0}</span>
              <span className="stat__label">never trained</span>
            </div>
          </section>
          <ReportCharts summary={data.summary} />
          <form className="card filters" aria-label="Filter the report" onSubmit={(e) => e.preventDefault()}>
            {data.canChooseScope && (
              <SelectField
                label="Scope"
                value={scope.kind === 'department' ? String(scope.departmentId) : scope.kind}
                onChange={(v) =>
                  setScope(
                    v === 'organization'
                      ? { kind: 'organization' }
                      : v === 'team'
                        ? { kind: 'team' }
                        : { kind: 'department', departmentId: Number(v) },
                  )
                }
                options={[
                  { value: 'team', label: 'My team' },
                  { value: 'organization', label: 'Whole organization' },
                  ...data.departments.map((d) => ({ value: String(d.id), label: d.name })),
                ]}
              />
            )}
            <SelectField
              label="Status"
              value={filter.status ?? ''}
              onChange={set('status')}
              options={[
                ANY,
                { value: 'overdue', label: 'Overdue' },
                { value: 'expired', label: 'Expired' },
                { value: 'expiring', label: 'Expiring' },
                { value: 'never', label: 'Never trained' },
                { value: 'current', label: 'Current' },
              ]}
            />
            <SelectField
              label="Module"
              value={filter.moduleId ?? ''}
              onChange={set('moduleId')}
              options={[ANY, ...data.modules.map((m) => ({ value: m.moduleId, label: `${m.number}. ${m.title}` }))]}
            />
            <SelectField
              label="Role"
              value={filter.role ?? ''}
              onChange={set('role')}
              options={[ANY, ...ROLE_KEYS.map((k) => ({ value: k, label: ROLE_NAMES[k] }))]}
            />
            <SelectField
              label="Department"
              value={filter.department ?? ''}
              onChange={set('department')}
              options={[ANY, ...data.summary.byDepartment.map((d) => ({ value: d.department, label: d.department }))]}
            />
          </form>
          {exporting.value && (
            <Alert kind="success">{`Saved ${exporting.value.rows} rows as ${savedAs.toUpperCase()} to ${exporting.value.path}`}</Alert>
          )}
          {exporting.error && <Alert kind={exporting.error.code === 'CONFLICT' ? 'info' : 'error'}>{exporting.error.message}</Alert>}
          <div className="toolbar">
            <p className="muted" aria-live="polite">
              {rows.length} of {data.summary.people} people shown
            </p>
            <div className="button-row button-row--tight">
              <ActionButton className="button button--secondary button--small" pending={exporting.pending} onClick={() => exportAs('csv')}>
                Export CSV
              </ActionButton>
              <ActionButton className="button button--secondary button--small" pending={exporting.pending} onClick={() => exportAs('pdf')}>
                Export PDF
              </ActionButton>
            </div>
          </div>
          {rows.length === 0 ? (
            <div className="card empty">
              <p>Nobody matches these filters. Clear a filter to see more people.</p>
            </div>
          ) : (
            <TableBox label="Certification by person and module">
              <table className="data data--dense report-table">
                <caption className="visually-hidden">Certification by person and module</caption>
                <thead>
                  <tr>
                    {header('name', 'Name')}
                    {header('fullyCertified', 'Certified')}
                    {header('recordAccessActive', 'Record access')}
                    {data.modules.map((m) => (
                      <th
                        key={m.moduleId}
                        scope="col"
                        aria-sort={sort.key === `module:${m.moduleId}` ? (sort.asc ? 'ascending' : 'descending') : 'none'}
                      >
                        <button
                          type="button"
                          className="sort-button"
                          title={m.title}
                          onClick={() =>
                            setSort({ key: `module:${m.moduleId}`, asc: sort.key === `module:${m.moduleId}` ? !sort.asc : true })
                          }
                        >
                          <abbr title={m.title}>M{m.number}</abbr>
                          <span className="visually-hidden"> {m.title}</span>
                          <span aria-hidden="true">{sort.key === `module:${m.moduleId}` ? (sort.asc ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      </th>
                    ))}
                    {header('lastCompletedAt', 'Last completed')}
                    {header('lastScore', 'Score')}
                    {header('department', 'Department')}
                    {header('roles', 'Roles')}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.staffId} data-person={r.name}>
                      <td>
                        <strong>{r.name}</strong>
                        <div className="muted small">{r.employeeId}</div>
                      </td>
                      <td>
                        {r.fullyCertified ? 'Yes' : <span className="status-no">No</span>}
                        {r.uncertifiedRoles.length > 0 && (
                          <div className="muted small">Not for: {r.uncertifiedRoles.map((k) => ROLE_NAMES[k]).join(', ')}</div>
                        )}
                      </td>
                      <td>
                        {r.recordAccessActive ? (
                          'Active'
                        ) : r.roles.some((k) => ['live_help_operator', 'records_clerk', 'card_processor'].includes(k)) ? (
                          <span className="status-no">Suspended</span>
                        ) : (
                          '—'
                        )}
                      </td>
                      {data.modules.map((m) => {
                        const c = r.modules.find((x) => x.moduleId === m.moduleId);
                        return (
                          <td key={m.moduleId}>
                            {c ? (
                              <span className={`badge ${STATUS_CLASS[c.status] ?? ''}`}>{c.text}</span>
                            ) : (
                              <span className="muted">—</span>
                            )}
                          </td>
                        );
                      })}
                      <td>{r.lastCompletedAt ? formatDate(r.lastCompletedAt) : '—'}</td>
                      <td>{r.lastScore === null ? '—' : `${r.lastScore}%`}</td>
                      <td>{r.department}</td>
                      <td className="small">
                        {r.roles
                          .filter((k) => k !== 'staff')
                          .map((k: RoleKey) => ROLE_NAMES[k])
                          .join(', ') || 'Staff member'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          )}
        </>
      )}
    </div>
  );
}
