import { formatDateTime } from '../../format';
import { TableBox } from '../../components/TableBox';
import { useQuery } from '../../session/useQuery';

/** The card processors' supervisor's home-screen card: card orders still pending after the set time. */
export function OverduePayments() {
  const q = useQuery('payments.overdue', {});
  if (!q.data?.supervises) return null;
  const { items, thresholdHours } = q.data;
  return (
    <section className="card" aria-labelledby="overdue-payments-title">
      <h2 id="overdue-payments-title">Card payments waiting</h2>
      {items.length === 0 ? (
        <p>
          <span className="badge badge--ok">Up to date</span> No card order has been pending longer than {thresholdHours} hours.
        </p>
      ) : (
        <>
          <p>
            <span className="badge badge--bad">
              {items.length} pending over {thresholdHours} hours
            </span>{' '}
            These orders still hold a card number. Ask the card processor to process or cancel them.
          </p>
          <TableBox label={`Card orders pending longer than ${thresholdHours} hours`}>
            <table className="data data--dense">
              <caption className="visually-hidden">Card orders pending longer than {thresholdHours} hours</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Agency</th>
                  <th scope="col">Taken</th>
                  <th scope="col">Waiting</th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, 10).map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.orderId}</th>
                    <td>{p.amount}</td>
                    <td>{p.agency}</td>
                    <td>
                      {formatDateTime(p.createdAt)}
                      {p.enteredBy ? ` by phone, ${p.enteredBy}` : ''}
                    </td>
                    <td>{p.ageHours >= 48 ? `${Math.floor(p.ageHours / 24)} days` : `${p.ageHours} hours`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
          {items.length > 10 && <p className="muted">And {items.length - 10} more.</p>}
        </>
      )}
    </section>
  );
}
