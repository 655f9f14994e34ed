import { useEffect, useRef, useState } from 'react';
import { call } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Markdown } from '../../components/Markdown';
import { navigate } from '../../session/useHashRoute';
import { useQuery } from '../../session/useQuery';

export function ModuleReaderScreen({ moduleId }: { moduleId: string }) {
  const q = useQuery('training.module', { moduleId });
  const [index, setIndex] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const module = q.data;
  const current = index ?? module?.lessonIndex ?? 0;

  useEffect(() => {
    if (index !== null) headingRef.current?.focus();
  }, [index]);

  if (q.error)
    return (
      <div className="page">
        <h1>Training module</h1>
        <ErrorNotice error={q.error} />
        <a href="#/training">Back to My training</a>
      </div>
    );
  if (!module)
    return (
      <div className="page">
        <p className="muted">Loading the module…</p>
      </div>
    );

  const lesson = module.lessons[current]!;
  const last = current === module.lessons.length - 1;
  // Progress is saved in the background as the person reads, not a user action: the last lesson shown wins.
  const go = (i: number) => {
    setIndex(i);
    void call('training.saveProgress', { moduleId, lessonIndex: i });
  };

  return (
    <div className="page page--reading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/training">My training</a> <span aria-hidden="true">›</span> <span>{module.title}</span>
      </nav>
      <h1>
        {module.number}. {module.title}
      </h1>
      <p className="muted">Version {module.version}</p>
      <div className="progress">
        <span id="lesson-progress-label">
          Lesson {current + 1} of {module.lessons.length}
        </span>
        <progress max={module.lessons.length} value={current + 1} aria-labelledby="lesson-progress-label" />
      </div>
      <article className="card lesson" aria-labelledby="lesson-title">
        <h2 id="lesson-title" tabIndex={-1} ref={headingRef}>
          {lesson.title}
        </h2>
        <Markdown text={lesson.body} />
        <aside className="clause" aria-label="From the privacy statement">
          <p className="clause__title">From the privacy statement: {lesson.clause.title}</p>
          {lesson.clause.quote && <blockquote>{lesson.clause.quote}</blockquote>}
        </aside>
      </article>
      <div className="button-row">
        <button className="button button--secondary" type="button" disabled={current === 0} onClick={() => go(current - 1)}>
          Previous lesson
        </button>
        {!last && (
          <button className="button button--primary" type="button" onClick={() => go(current + 1)}>
            Next lesson
          </button>
        )}
        {last && (
          <button
            className="button button--primary"
            type="button"
            onClick={() =>
              void call('training.saveProgress', { moduleId, lessonIndex: current }).then(() => navigate(`/training/${moduleId}/quiz`))
            }
          >
            Take the quiz
          </button>
        )}
      </div>
      {last && (
        <p className="muted">
          The quiz has {module.quizSize} questions drawn at random. You need {module.passMark}% to pass, then you sign the policy
          acknowledgement.
        </p>
      )}
    </div>
  );
}
