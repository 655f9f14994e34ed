import type { CurriculumItem } from '@contract/training';
import { formatDate } from '../../format';
import { useQuery } from '../../session/useQuery';

const URGENCY: Record<CurriculumItem['status'], number> = {
  overdue: 0,
  expired: 1,
  in_progress: 2,
  not_started: 3,
  expiring: 4,
  passed: 5,
};

/** The module to take next: the most urgent one that is not current, the earliest due first. */
export function nextModule(items: readonly CurriculumItem[], except?: string): CurriculumItem | undefined {
  return items
    .filter((i) => i.moduleId !== except && (i.status !== 'passed' || i.stale) && i.status !== 'expiring')
    .sort(
      (a, b) => URGENCY[a.status] - URGENCY[b.status] || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.number - b.number,
    )[0];
}

/** "What next" after a completion: the next module due, with a link to it, or that all is current. */
export function NextModule({ after }: { after: string }) {
  const q = useQuery('training.myCurriculum', {});
  if (!q.data) return null;
  const next = nextModule(q.data.items, after);
  return (
    <section className="card next-module" aria-labelledby="next-module-title">
      <h2 id="next-module-title">Next in your training</h2>
      {next ? (
        <>
          <p>
            <strong>
              {next.number}. {next.title}
            </strong>
            {next.dueDate
              ? ` · ${next.status === 'overdue' || next.status === 'expired' ? 'was due' : 'due'} ${formatDate(next.dueDate)}`
              : ''}
          </p>
          <a className="button button--primary" href={`#/training/${next.moduleId}`}>
            {next.lessonsRead > 0 && next.status !== 'expired' ? 'Continue' : 'Start'} module {next.number}
          </a>
        </>
      ) : (
        <p>
          <span className="badge badge--ok">All current</span> Every module your roles require is current. Nothing else is due.
        </p>
      )}
    </section>
  );
}
