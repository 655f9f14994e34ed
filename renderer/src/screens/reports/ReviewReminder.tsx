import { useQuery } from '../../session/useQuery';

/** The supervisor's home-screen card: how many access reviews are overdue. */
export function ReviewReminder() {
  const q = useQuery('reviews.team', {});
  if (!q.data || q.data.items.length === 0) return null;
  const overdue = q.data.items.filter((i) => i.overdue);
  return (
    <section className="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Access reviews</h2>
      {overdue.length === 0 ? (
        <p>
          <span className="badge badge--ok">Up to date</span> Every access review in your team is current.
        </p>
      ) : (
        <p>
          <span className="badge badge--bad">{overdue.length} overdue</span>{' '}
          {overdue
            .map((o) => o.name)
            .slice(0, 5)
            .join(', ')}
          {overdue.length > 5 ? ` and ${overdue.length - 5} more` : ''}.
        </p>
      )}
      <p>
        <a href="#/reports/reviews">Go to Access reviews</a>
      </p>
    </section>
  );
}
