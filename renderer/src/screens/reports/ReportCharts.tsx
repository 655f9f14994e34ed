import { TableBox } from '../../components/TableBox';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CertificationReportView } from '@contract/reports';

type Summary = CertificationReportView['summary'];

/** Two charts, each with the same numbers as a table for screen readers and printing. */
export function ReportCharts({ summary }: { summary: Summary }) {
  return (
    <div className="chart-grid">
      <figure className="card chart" aria-labelledby="chart-dept-title">
        <figcaption id="chart-dept-title">Compliance by department</figcaption>
        <div aria-hidden="true" className="chart__plot" inert>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart accessibilityLayer={false} data={summary.byDepartment} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="department" tick={{ fontSize: 11 }} interval={0} />
              <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
              <Tooltip />
              <Bar dataKey="percent" name="Fully certified (%)" fill="#005ea2" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <TableBox label="Compliance by department">
          <table className="data data--dense">
            <caption className="visually-hidden">Compliance by department</caption>
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">People</th>
                <th scope="col">Fully certified</th>
                <th scope="col">Compliance</th>
              </tr>
            </thead>
            <tbody>
              {summary.byDepartment.map((d) => (
                <tr key={d.department}>
                  <td>{d.department}</td>
                  <td>{d.people}</td>
                  <td>{d.certified}</td>
                  <td>{d.percent}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </figure>
      <figure className="card chart" aria-labelledby="chart-exp-title">
        <figcaption id="chart-exp-title">Certifications expiring in the next 90 days</figcaption>
        <div aria-hidden="true" className="chart__plot" inert>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart accessibilityLayer={false} data={summary.expiringSoon} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Bar dataKey="count" name="Expiring" fill="#b38c00" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <TableBox label="Certifications expiring in the next 90 days">
          <table className="data data--dense">
            <caption className="visually-hidden">Certifications expiring in the next 90 days</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Module certifications expiring</th>
              </tr>
            </thead>
            <tbody>
              {summary.expiringSoon.map((b) => (
                <tr key={b.label}>
                  <td>{b.label}</td>
                  <td>{b.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </figure>
    </div>
  );
}
