import { auditEventInWords, auditResourceInWords } from '@contract/auditWords';
import { TableBox } from '../../components/TableBox';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAge, formatDate, formatDateTime, formatMonth } from '../../format';
import { useAction } from '../../session/useAction';
import { useExporter } from '../../session/useMenuCommands';
import { useQuery } from '../../session/useQuery';
import { IntakeRedactionsTrend } from './IntakeRedactionsTrend';

export function DashboardScreen() {
  const q = useQuery('dashboard.privacy', {});
  const writing = useAction('dashboard.evidencePack');
  const written = writing.value;
  const d = q.data;

  const writePack = () => void writing.run({});
  useExporter(writePack);

  return (
    <div className="page page--wide">
      <h1>Privacy dashboard</h1>
      <p className="lead">{d ? `The organization as of ${formatDateTime(d.generatedAt)}.` : 'The organization at a glance.'}</p>
      {q.error && <ErrorNotice error={q.error} />}
      {d && (
        <>
          <section className="stat-row" aria-label="Key figures">
            <div className="stat">
              <span className="stat__value">
                {d.compliance.certified} of {d.compliance.people}
              </span>
              <span className="stat__label">people fully certified ({d.compliance.percent}%)</span>
            </div>
            <div className="stat">
              <span className="stat__value">{d.overdueTraining.people}</span>
              <span className="stat__label">people with overdue training ({d.overdueTraining.modules} modules)</span>
            </div>
            <div className="stat">
              <span className="stat__value">{d.pendingBreakGlass.length}</span>
              <span className="stat__label">break-glass accesses awaiting review</span>
            </div>
            <div className="stat">
              <span className="stat__value">{d.overdueReviews.count}</span>
              <span className="stat__label">access reviews overdue</span>
            </div>
            <div className="stat">
              <span className="stat__value">{d.openAlerts.total}</span>
              <span className="stat__label">privacy alerts open</span>
            </div>
          </section>
          <section className="card" aria-labelledby="alerts-title">
            <h2 id="alerts-title">Open privacy alerts, by rule and how long they have waited</h2>
            {d.openAlerts.total === 0 ? (
              <p>No alert is waiting for your judgement.</p>
            ) : (
              <div className="table-wrap">
                <TableBox label="Open privacy alerts by rule and age">
                  <table className="data data--dense">
                    <caption className="visually-hidden">Open privacy alerts by rule and age</caption>
                    <thead>
                      <tr>
                        <th scope="col">Rule</th>
                        <th scope="col">Raised today</th>
                        <th scope="col">1 to 7 days</th>
                        <th scope="col">Over 7 days</th>
                        <th scope="col">Oldest</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.openAlerts.byRule.map((r) => (
                        <tr key={r.rule}>
                          <th scope="row">{r.name}</th>
                          <td>{r.today}</td>
                          <td>{r.thisWeek}</td>
                          <td>{r.older}</td>
                          <td>{r.oldestDays === 0 ? 'today' : r.oldestDays === 1 ? '1 day' : `${r.oldestDays} days`}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              </div>
            )}
            <p>
              {d.openAlerts.lastRunAt ? `The rules last ran ${formatDateTime(d.openAlerts.lastRunAt)}. ` : 'The rules have not run yet. '}
              <a href="#/privacy/alerts">Go to Privacy alerts</a>
            </p>
          </section>
          <div className="chart-grid">
            <figure className="card chart" aria-labelledby="trend-title">
              <figcaption id="trend-title">Training compliance by month (module certifications current, for today's roles)</figcaption>
              <div aria-hidden="true" className="chart__plot" inert>
                <ResponsiveContainer width="100%" height={200}>
                  <AreaChart accessibilityLayer={false} data={d.trend} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="month" tickFormatter={formatMonth} tick={{ fontSize: 11 }} />
                    <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
                    <Tooltip labelFormatter={(m) => formatMonth(String(m))} />
                    <Area dataKey="percent" name="Current (%)" stroke="#005ea2" fill="#d9e8f6" isAnimationActive={false} />
                  </AreaChart>
                </ResponsiveContainer>
              </div>
              <details>
                <summary>The numbers</summary>
                <TableBox label="Training compliance by month">
                  <table className="data data--dense">
                    <caption className="visually-hidden">Training compliance by month</caption>
                    <thead>
                      <tr>
                        <th scope="col">Month</th>
                        <th scope="col">Current</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.trend.map((t) => (
                        <tr key={t.month}>
                          <td>{formatMonth(t.month)}</td>
                          <td>{t.percent}%</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              </details>
            </figure>
            <section className="card" aria-labelledby="verify-title">
              <h2 id="verify-title">Audit chain</h2>
              {d.lastVerification ? (
                <Alert
                  kind={d.lastVerification.ok ? 'success' : 'error'}
                  title={d.lastVerification.ok ? 'Last check: intact' : 'Last check: BROKEN'}
                >
                  {formatDateTime(d.lastVerification.at)}, {d.lastVerification.scheduled ? 'daily schedule' : `by ${d.lastVerification.by}`}
                  : {d.lastVerification.result}
                </Alert>
              ) : (
                <p>
                  The chain has not been checked yet. <a href="#/privacy/audit">Verify it on the Audit trail screen.</a>
                </p>
              )}
              <h2>SIEM forwarding</h2>
              {d.siem ? (
                <>
                  <p>
                    {d.siem.lag === 0
                      ? `Up to date with ${d.siem.destination}.`
                      : `${d.siem.lag} entr${d.siem.lag === 1 ? 'y' : 'ies'} not yet delivered to ${d.siem.destination}${
                          d.siem.oldestUndeliveredAt ? `, the oldest written ${formatAge(d.siem.oldestUndeliveredAt, d.generatedAt)}` : ''
                        }.`}
                  </p>
                  {d.siem.state === 'idle' && <p>No workstation is forwarding right now; the next one to start takes it up.</p>}
                  {d.siem.lastError && (
                    <Alert kind="warning" title="Delivery is retrying">
                      {d.siem.lastError}
                    </Alert>
                  )}
                  {d.siem.lastSuccessAt && (
                    <p className="muted small">
                      Last delivery {formatDateTime(d.siem.lastSuccessAt)}
                      {d.siem.forwardingWorkstation ? `, from ${d.siem.forwardingWorkstation}` : ''}.
                    </p>
                  )}
                </>
              ) : (
                <p>Not set up: the audit trail is not forwarded to a SIEM. An administrator sets it up under Audit protection.</p>
              )}
              <h2>Evidence pack</h2>
              <p>
                For an assessor: the certification report (CSV and PDF), access reviews and break-glass reviews of the last 12 months, the
                chain verification with its head hash, the training versions in force, and a SHA-256 manifest.
              </p>
              <ActionButton pending={writing.pending} onClick={writePack}>
                Write evidence pack…
              </ActionButton>
              {written && (
                <div className="spaced">
                  <Alert kind="success">{`Evidence pack written to ${written.path}`}</Alert>
                </div>
              )}
              {writing.error && (
                <div className="spaced">
                  <Alert kind={writing.error.code === 'CONFLICT' ? 'info' : 'error'}>{writing.error.message}</Alert>
                </div>
              )}
              {written && (
                <ul className="plain-list small">
                  {written.files.map((f) => (
                    <li key={f.name}>
                      <span className="mono">{f.name}</span> <span className="muted">{f.sha256.slice(0, 16)}…</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <IntakeRedactionsTrend months={d.intakeRedactions} />
          <div className="chart-grid">
            <section className="card" aria-labelledby="bg-pending">
              <h2 id="bg-pending">Break-glass awaiting review</h2>
              {d.pendingBreakGlass.length === 0 ? (
                <p>Nothing is waiting.</p>
              ) : (
                <TableBox label="Break-glass awaiting review">
                  <table className="data data--dense">
                    <caption className="visually-hidden">Break-glass awaiting review</caption>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Person</th>
                        <th scope="col">Record</th>
                        <th scope="col">Age</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.pendingBreakGlass.map((p) => (
                        <tr key={p.grantId}>
                          <td>{p.grantId}</td>
                          <td>{p.person}</td>
                          <td>{auditResourceInWords(p.subject, String(p.recordId))}</td>
                          <td>{p.ageHours} h</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              )}
              <p>
                <a href="#/privacy/reviews">Go to Break-glass reviews</a>
              </p>
            </section>
            <section className="card" aria-labelledby="rv-overdue">
              <h2 id="rv-overdue">Access reviews overdue</h2>
              {d.overdueReviews.count === 0 ? (
                <p>All access reviews are current.</p>
              ) : (
                <TableBox label="Access reviews overdue">
                  <table className="data data--dense">
                    <caption className="visually-hidden">Access reviews overdue</caption>
                    <thead>
                      <tr>
                        <th scope="col">Person</th>
                        <th scope="col">Supervisor</th>
                        <th scope="col">Due</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.overdueReviews.people.map((p) => (
                        <tr key={p.name}>
                          <td>{p.name}</td>
                          <td>{p.supervisor ?? '—'}</td>
                          <td>{formatDate(p.dueAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              )}
              {d.overdueReviews.count > d.overdueReviews.people.length && (
                <p className="muted">…and {d.overdueReviews.count - d.overdueReviews.people.length} more.</p>
              )}
            </section>
          </div>
          <section className="card" aria-labelledby="keys-title">
            <h2 id="keys-title">Master key</h2>
            {d.keys ? (
              <>
                <p>
                  Version {d.keys.version}, made on {formatDate(d.keys.createdAt)} ({d.keys.ageDays} {d.keys.ageDays === 1 ? 'day' : 'days'}{' '}
                  old); rotation due {formatDate(d.keys.rotationDueAt)}.
                </p>
                {d.keys.rotationDue && <Alert kind="warning">The master key is due for rotation. Ask an administrator to rotate it.</Alert>}
                <TableBox label="Workstations enrolled">
                  <table className="data data--dense">
                    <caption>Workstations enrolled ({d.keys.enrolledWorkstations.length})</caption>
                    <thead>
                      <tr>
                        <th scope="col">Workstation</th>
                        <th scope="col">Fingerprint</th>
                        <th scope="col">Holds the key since</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.keys.enrolledWorkstations.map((w) => (
                        <tr key={w.fingerprint}>
                          <td>{w.name}</td>
                          <td className="mono">{w.fingerprint}</td>
                          <td>{w.enrolledAt ? formatDate(w.enrolledAt) : 'Approved, not yet collected'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableBox>
              </>
            ) : (
              <p>No master key has been created yet.</p>
            )}
          </section>
          <section className="card" aria-labelledby="denials-title">
            <h2 id="denials-title">Access denied or refused in the last 30 days, by reason</h2>
            <p className="muted small">
              Records, the audit trail, reports and other actions refused to people signed in. Sign-in and password mistakes are not counted
              here; they are in the audit trail.
            </p>
            {d.denialsByReason.length === 0 ? (
              <p>No access was denied.</p>
            ) : (
              <TableBox label="Denials by reason">
                <table className="data data--dense">
                  <caption className="visually-hidden">Denials by reason</caption>
                  <thead>
                    <tr>
                      <th scope="col">What was refused</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Times</th>
                      <th scope="col">
                        <span className="visually-hidden">Entries</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.denialsByReason.map((x) => (
                      <tr key={`${x.event}|${x.reason}`}>
                        <td>{auditEventInWords(x.event)}</td>
                        <td>{x.reason}</td>
                        <td>{x.count}</td>
                        <td>
                          <a
                            href={`#/privacy/audit?${new URLSearchParams({ event: x.event, outcome: 'denied', from: d.denialsSince, reason: x.reason })}`}
                            aria-label={`Show the ${x.count} ${x.count === 1 ? 'entry' : 'entries'}: ${auditEventInWords(x.event)}, ${x.reason}`}
                          >
                            Show {x.count === 1 ? 'the entry' : 'the entries'}
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            )}
          </section>
        </>
      )}
    </div>
  );
}
