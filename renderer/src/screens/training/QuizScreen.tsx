import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../../api';
import type { QuizResult, QuizView } from '@contract/training';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAction } from '../../session/useAction';
import { QuizResultView } from './QuizResultView';

type Answers = Record<string, string[]>;

export function QuizScreen({ moduleId }: { moduleId: string }) {
  const [quiz, setQuiz] = useState<QuizView | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [result, setResult] = useState<QuizResult | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const starting = useAction('training.startQuiz');
  const submitting = useAction('training.submitQuiz');
  const started = useRef(false);
  const topRef = useRef<HTMLHeadingElement>(null);

  async function draw() {
    const r = await starting.run({ moduleId });
    if (!r?.ok) return;
    setQuiz(r.value);
    // A quiz resumed after a reload comes back with the answers already chosen.
    setAnswers(r.value.draft);
    setResult(null);
    setMissing([]);
    submitting.reset();
    topRef.current?.focus();
  }

  useEffect(() => {
    // One draw per visit, even if React runs the effect twice.
    if (started.current) return;
    started.current = true;
    void draw();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The draft is saved as the learner answers, one save at a time, the latest answers winning.
  const draft = useRef<{ saving: boolean; pending: Answers | null }>({ saving: false, pending: null });
  function saveDraft(attemptId: number, next: Answers) {
    draft.current.pending = next;
    if (draft.current.saving) return;
    draft.current.saving = true;
    void (async () => {
      while (draft.current.pending) {
        const answers = draft.current.pending;
        draft.current.pending = null;
        await call('training.saveQuizDraft', { attemptId, answers });
      }
      draft.current.saving = false;
    })();
  }

  function choose(questionId: string, optionId: string, multiple: boolean, checked: boolean) {
    const now = answers[questionId] ?? [];
    const next = multiple ? (checked ? [...now, optionId] : now.filter((o) => o !== optionId)) : [optionId];
    const all = { ...answers, [questionId]: next };
    setAnswers(all);
    if (quiz) saveDraft(quiz.attemptId, all);
    // A question answered now is no longer missing: its "Choose an answer." goes at once, not at the next submit.
    if (next.length) setMissing((m) => m.filter((id) => id !== questionId));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!quiz) return;
    const unanswered = quiz.questions.filter((q) => !answers[q.id]?.length).map((q) => q.id);
    setMissing(unanswered);
    if (unanswered.length) return;
    const r = await submitting.run({ attemptId: quiz.attemptId, answers });
    if (!r?.ok) return;
    setResult(r.value);
    window.scrollTo(0, 0);
  }

  if (starting.error && !quiz) {
    return (
      <div className="page">
        <h1>Quiz</h1>
        <ErrorNotice error={starting.error} title="The quiz could not start" />
        <a href={`#/training/${moduleId}`}>Back to the lessons</a>
      </div>
    );
  }
  if (!quiz)
    return (
      <div className="page">
        <p className="muted">Drawing your questions…</p>
      </div>
    );
  if (result)
    return (
      <QuizResultView
        result={result}
        moduleId={moduleId}
        moduleTitle={quiz.moduleTitle}
        retrying={starting.pending}
        onRetry={() => void draw()}
      />
    );

  const numberOf = (id: string) => quiz.questions.findIndex((q) => q.id === id) + 1;
  return (
    <div className="page page--reading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/training">My training</a> <span aria-hidden="true">›</span> <a href={`#/training/${moduleId}`}>{quiz.moduleTitle}</a>{' '}
        <span aria-hidden="true">›</span> <span>Quiz</span>
      </nav>
      <h1 tabIndex={-1} ref={topRef}>
        Quiz: {quiz.moduleTitle}
      </h1>
      <p className="lead">
        Attempt {quiz.attemptNumber} · {quiz.questions.length} questions · pass mark {quiz.passMark}%
      </p>
      {submitting.error && <ErrorNotice error={submitting.error} title="Your answers were not submitted" />}
      {missing.length > 0 && (
        <Alert kind="error" title="Some questions have no answer">
          Answer question {missing.map(numberOf).join(', ')} before submitting.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        {quiz.questions.map((q, i) => {
          const multiple = q.type === 'multiple';
          const unanswered = missing.includes(q.id);
          return (
            <fieldset key={q.id} className={`card question${unanswered ? ' question--missing' : ''}`} data-question={q.id}>
              <legend>
                <span className="question__number">Question {i + 1}</span> {q.prompt}
              </legend>
              {multiple && !/select all that apply/i.test(q.prompt) && <p className="muted small">Select all that apply.</p>}
              {unanswered && <p className="field__error">Choose an answer.</p>}
              {q.options.map((o) => (
                <label key={o.id} className="choice">
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={`q-${q.id}`}
                    value={o.id}
                    checked={answers[q.id]?.includes(o.id) ?? false}
                    onChange={(e) => choose(q.id, o.id, multiple, e.target.checked)}
                  />
                  <span>{o.text}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
        <div className="button-row">
          <ActionButton type="submit" pending={submitting.pending || starting.pending}>
            Submit answers
          </ActionButton>
        </div>
      </form>
    </div>
  );
}
