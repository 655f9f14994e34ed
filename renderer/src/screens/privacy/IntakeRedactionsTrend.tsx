import type { DashboardView } from '@contract/dashboard';
import type { RedactionCount } from '@contract/intake';
import { countOfKind, SENSITIVE_KIND_LABELS, SENSITIVE_KINDS, type SensitiveKind } from '@contract/sensitiveKinds';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TableBox } from '../../components/TableBox';
import { formatMonth } from '../../format';

const COLOURS: Record<SensitiveKind, string> = {
  card_number: '#005ea2',
  card_security_code: '#73b3e7',
  ssn: '#b50909',
  date_of_birth: '#c05600',
  bank_account: '#007a73',
  mothers_maiden_name: '#8168b3',
  medicare_number: '#565c65',
};

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const total = (list: readonly RedactionCount[]) => list.reduce((n, r) => n + r.count, 0);
const words = (list: readonly RedactionCount[]) => list.map((r) => countOfKind(r.kind, r.count)).join(', ') || 'None';
const countOf = (list: readonly RedactionCount[], kind: SensitiveKind) => list.find((r) => r.kind === kind)?.count ?? 0;

/**
 * The privacy dashboard's trend of what citizens sent that they should not have, removed on
 * intake: card numbers pasted into Live Help are a training topic (for citizens' pages and for
 * operators), so the office sees them month by month and where they came in.
 */
export function IntakeRedactionsTrend({ months }: { months: DashboardView['intakeRedactions'] }) {
  const kinds = SENSITIVE_KINDS.filter((k) => months.some((m) => countOf(m.liveHelp, k) + countOf(m.correspondence, k) > 0));
  const data = months.map((m) => ({
    month: m.month,
    ...Object.fromEntries(kinds.map((k) => [k, countOf(m.liveHelp, k) + countOf(m.correspondence, k)])),
  }));
  const cardsInLiveHelp = months.reduce((n, m) => n + countOf(m.liveHelp, 'card_number'), 0);
  const all = months.reduce((n, m) => n + total(m.liveHelp) + total(m.correspondence), 0);
  return (
    <figure className="card chart" aria-labelledby="intake-redactions-title">
      <figcaption id="intake-redactions-title">Sensitive details citizens sent, removed on intake, by month</figcaption>
      <p>
        {all === 0
          ? 'Nothing sensitive was removed from Live Help transcripts or correspondence in the last 12 months.'
          : `${all} removed in the last 12 months, ${cardsInLiveHelp} of them card numbers pasted into Live Help.`}
      </p>
      {all > 0 && (
        <div aria-hidden="true" className="chart__plot" inert>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" tickFormatter={formatMonth} tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
              <Tooltip labelFormatter={(m) => formatMonth(String(m))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {kinds.map((k) => (
                <Bar
                  key={k}
                  dataKey={k}
                  stackId="kinds"
                  name={capitalised(SENSITIVE_KIND_LABELS[k].many)}
                  fill={COLOURS[k]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <details>
        <summary>The numbers</summary>
        <TableBox label="Sensitive details removed on intake, by month">
          <table className="data data--dense">
            <caption className="visually-hidden">Sensitive details removed on intake, by month and where they came in</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Live Help transcripts</th>
                <th scope="col">Correspondence and web forms</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <td>{formatMonth(m.month)}</td>
                  <td>{words(m.liveHelp)}</td>
                  <td>{words(m.correspondence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </details>
    </figure>
  );
}
