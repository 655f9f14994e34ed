import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SignatureFields } from '../../components/SignatureFields';
import type { QuizResult } from '@contract/training';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { useAction } from '../../session/useAction';
import { navigate } from '../../session/useHashRoute';

function Acknowledgement({ result }: { result: QuizResult }) {
  const [agreed, setAgreed] = useState(false);
  const [signature, setSignature] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const acknowledge = useAction('training.acknowledge');
  const errors = { ...(acknowledge.error?.fields ?? {}), ...problems };

  async function sign(e: FormEvent) {
    e.preventDefault();
    if (acknowledge.pending) return;
    const found: Record<string, string> = {};
    if (!agreed) found.agreed = 'Confirm that you have read and understood the statement.';
    if (!signature.trim()) found.signature = 'Type your full name.';
    setProblems(found);
    if (Object.keys(found).length) {
      acknowledge.reset();
      return;
    }
    const r = await acknowledge.run({ attemptId: result.attemptId, signature });
    if (r?.ok) navigate(`/training/certificate/${r.value.certificateId}`);
  }

  return (
    <section className="card acknowledgement" aria-labelledby="ack-title">
      <h2 id="ack-title">Policy acknowledgement</h2>
      <p>To complete the module, read the statement below and sign it with your full name.</p>
      <blockquote className="ack-text">{result.acknowledgementText}</blockquote>
      {acknowledge.error && (
        <Alert kind="error" title="Not signed">
          {acknowledge.error.message}
        </Alert>
      )}
      <form onSubmit={sign} noValidate>
        <SignatureFields
          idPrefix="ack"
          agreement="I have read and understood this statement."
          agreed={agreed}
          onAgreed={setAgreed}
          signature={signature}
          onSignature={setSignature}
          errors={errors}
        />
        <ActionButton type="submit" pending={acknowledge.pending}>
          Sign and complete
        </ActionButton>
      </form>
    </section>
  );
}

export function QuizResultView({
  result,
  moduleId,
  moduleTitle,
  retrying,
  onRetry,
}: {
  result: QuizResult;
  moduleId: string;
  moduleTitle: string;
  /** New questions are being drawn. */
  retrying: boolean;
  onRetry(): void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [result.attemptId]);
  const optionText = (q: QuizResult['questions'][number], ids: string[]) =>
    ids.length ? ids.map((id) => q.options.find((o) => o.id === id)?.text ?? id).join('; ') : 'No answer';
  return (
    <div className="page page--reading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/training">My training</a> <span aria-hidden="true">›</span> <a href={`#/training/${moduleId}`}>{moduleTitle}</a>{' '}
        <span aria-hidden="true">›</span> <span>Quiz result</span>
      </nav>
      <h1 tabIndex={-1} ref={headingRef}>
        {result.passed ? 'You passed' : 'Not passed yet'}
      </h1>
      <Alert kind={result.passed ? 'success' : 'warning'} title={`Your score: ${result.score}%`}>
        <p>
          {result.correctCount} of {result.questionCount} correct. The pass mark is {result.passMark}%.{' '}
          {result.passed
            ? 'Sign the acknowledgement below to complete the module.'
            : 'Read the explanations below, then try again with a fresh set of questions.'}
        </p>
      </Alert>
      {result.passed && result.acknowledgementText && <Acknowledgement result={result} />}
      {!result.passed && (
        <div className="button-row">
          <ActionButton pending={retrying} onClick={onRetry}>
            Try again with new questions
          </ActionButton>
          <a className="button button--secondary" href={`#/training/${moduleId}`}>
            Review the lessons
          </a>
        </div>
      )}
      <h2 className="section-title">Your answers</h2>
      <ol className="result-list">
        {result.questions.map((q) => (
          <li key={q.id} className={`card result ${q.isCorrect ? 'result--right' : 'result--wrong'}`} data-question={q.id}>
            <p className="result__verdict">
              <span className={`badge ${q.isCorrect ? 'badge--ok' : 'badge--bad'}`}>{q.isCorrect ? 'Correct' : 'Incorrect'}</span>
            </p>
            <p className="result__prompt">{q.prompt}</p>
            <dl className="result__answers">
              <dt>Your answer</dt>
              <dd>{optionText(q, q.chosen)}</dd>
              {!q.isCorrect && (
                <>
                  <dt>Correct answer</dt>
                  <dd>{optionText(q, q.correct)}</dd>
                </>
              )}
            </dl>
            <p className="result__explanation">{q.explanation}</p>
            <p className="muted small">Privacy statement: {q.clause.title}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
