import { TableBox } from '../../components/TableBox';
import { lazy, Suspense, useState } from 'react';
import type { z } from 'zod';
import {
  CARD_STATUSES,
  DEFAULT_REPORT_SORT,
  PEOPLE_BY_STATUS_WORDS,
  reportWords,
  type ReportFilterSchema,
  type ReportSort,
  type ReportSortKey,
  type ScopeSchema,
} from '@contract/reports';
import { ROLE_KEYS, ROLE_NAMES } from '@contract/roles';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pager } from '../../components/Pager';
import { formatDate, formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useExporter } from '../../session/useMenuCommands';
import { useQuery } from '../../session/useQuery';
import { SelectField } from '../../components/SelectField';

// The charts (and the charting library) load when the report has something to draw.
const ReportCharts = lazy(async () => ({ default: (await import('./ReportCharts')).ReportCharts }));

const ANY = { value: '', label: 'Any' };

type Scope = z.input<typeof ScopeSchema>;
type Filter = z.input<typeof ReportFilterSchema>;
const STATUS_CLASS: Record<string, string> = {
  current: 'badge--ok',
  expiring: 'badge--warn',
  expired: 'badge--bad',
  overdue: 'badge--bad',
  never: '',
};

export function CertificationReportScreen() {
  const [scope, setScopeState] = useState<Scope>({ kind: 'team' });
  const [filter, setFilterState] = useState<Filter>({});
  const [sort, setSortState] = useState<ReportSort>(DEFAULT_REPORT_SORT);
  const [page, setPage] = useState(1);
  const exporting = useAction('reports.exportCertification');
  const [savedAs, setSavedAs] = useState<'csv' | 'pdf'>('csv');
  // Main filters, sorts (by the contract's definition, which the export uses too) and sends one page.
  const q = useQuery('reports.certification', { scope, filter, sort, page });
  const data = q.data;
  const rows = data?.rows ?? [];
  // A new scope, filter or order starts again at the first page.
  const setScope = (next: Scope) => {
    setScopeState(next);
    setPage(1);
  };
  const setFilter = (next: Filter) => {
    setFilterState(next);
    setPage(1);
  };
  const setSort = (next: ReportSort) => {
    setSortState(next);
    setPage(1);
  };

  function exportAs(format: 'csv' | 'pdf') {
    if (exporting.pending) return;
    setSavedAs(format);
    void exporting.run({ scope, filter, sort, format });
  }
  useExporter(() => exportAs('csv'));

  const sortBy = (key: ReportSortKey) => setSort({ key, ascending: sort.key === key ? !sort.ascending : true });
  const ariaSort = (key: ReportSortKey) => (sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none');
  const arrow = (key: ReportSortKey) => (sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : '');
  const header = (key: ReportSortKey, label: string) => (
    <th scope="col" aria-sort={ariaSort(key)}>
      <button type="button" className="sort-button" onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true">{arrow(key)}</span>
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
          <section className="stat-row" aria-label="Summary: people">
            <div className="stat">
              <span className="stat__value">
                {data.summary.fullyCertified} of {data.summary.people}
              </span>
              <span className="stat__label">people fully certified ({data.summary.compliancePercent}%)</span>
            </div>
            {CARD_STATUSES.map((status) => {
              const n = data.summary.peopleByStatus[status] ?? 0;
              return (
                <div className="stat" key={status} data-status={status}>
                  <span className="stat__value">{n}</span>
                  <span className="stat__label">
                    {n === 1 ? 'person' : 'people'} {PEOPLE_BY_STATUS_WORDS[status].card}
                  </span>
                </div>
              );
            })}
          </section>
          <Suspense
            fallback={
              <p className="loading" role="status">
                Loading the charts…
              </p>
            }
          >
            <ReportCharts summary={data.summary} />
          </Suspense>
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
                ...[...CARD_STATUSES, 'current' as const].map((status) => ({
                  value: status,
                  label: PEOPLE_BY_STATUS_WORDS[status].filter,
                })),
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
              {data.total} of {data.summary.people} people match
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
          {data.total === 0 ? (
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
                      <th key={m.moduleId} scope="col" aria-sort={ariaSort(`module:${m.moduleId}`)}>
                        <button type="button" className="sort-button" title={m.title} onClick={() => sortBy(`module:${m.moduleId}`)}>
                          <abbr title={m.title}>M{m.number}</abbr>
                          <span className="visually-hidden"> {m.title}</span>
                          <span aria-hidden="true">{arrow(`module:${m.moduleId}`)}</span>
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
                      <td className={r.fullyCertified ? undefined : 'status-no'}>{reportWords.certified(r)}</td>
                      <td className={r.recordAccessActive || !r.hasRecordRole ? undefined : 'status-no'}>{reportWords.recordAccess(r)}</td>
                      {data.modules.map((m) => {
                        const c = r.modules.find((x) => x.moduleId === m.moduleId);
                        return (
                          <td key={m.moduleId}>
                            {c ? (
                              <span className={`badge ${STATUS_CLASS[c.status] ?? ''}`}>{c.text}</span>
                            ) : (
                              <span className="muted">{reportWords.none}</span>
                            )}
                          </td>
                        );
                      })}
                      <td>{r.lastCompletedAt ? formatDate(r.lastCompletedAt) : reportWords.none}</td>
                      <td>{reportWords.score(r)}</td>
                      <td>{r.department}</td>
                      <td className="small">{reportWords.roles(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          )}
          {data.pages > 1 && (
            <div className="toolbar">
              <p className="muted" aria-live="polite">
                Page {data.page} of {data.pages}, people {(data.page - 1) * data.pageSize + 1}–
                {(data.page - 1) * data.pageSize + rows.length}
              </p>
              <Pager page={data.page} pages={data.pages} onPage={setPage} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
