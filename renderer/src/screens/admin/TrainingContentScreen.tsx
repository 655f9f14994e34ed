import { useState } from 'react';
import { api } from '../../api';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/SessionContext';
import { useQuery } from '../../session/useQuery';
import { useExporter } from '../../session/useMenuCommands';

export function TrainingContentScreen() {
  const { handleSessionError } = useSession();
  const q = useQuery(() => api.training.contentOverview(), []);
  const [exported, setExported] = useState<{ kind: 'success' | 'info' | 'error'; text: string } | null>(null);

  async function exportXapi() {
    setExported(null);
    const r = await api.training.exportXapi({});
    if (r.ok)
      setExported(
        r.value.path
          ? { kind: 'success', text: `Saved ${r.value.statements} xAPI statements to ${r.value.path}` }
          : { kind: 'info', text: 'Not exported: no file was chosen.' },
      );
    else if (!handleSessionError(r)) setExported({ kind: 'error', text: r.message });
  }

  useExporter(() => void exportXapi());

  return (
    <div className="page">
      <h1>Training content</h1>
      <p className="lead">
        The modules in force, their versions, and the roles that require each. Content is published from the files under db/content; a new
        major version makes everyone who holds it retrain.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {q.data && q.data.problems.length > 0 && (
        <Alert kind="warning" title="Some content files were not imported">
          <ul>
            {q.data.problems.map((p, i) => (
              <li key={i}>
                <span className="mono">{p.file}</span>: {p.problem}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {q.data && (
        <table className="data">
          <caption className="visually-hidden">Training modules</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Version</th>
              <th scope="col">Pass mark</th>
              <th scope="col">Valid for</th>
              <th scope="col">Lessons</th>
              <th scope="col">Questions</th>
              <th scope="col">Required by</th>
            </tr>
          </thead>
          <tbody>
            {q.data.modules.map((m) => (
              <tr key={m.moduleId}>
                <td>
                  <strong>
                    {m.number}. {m.title}
                  </strong>
                  <div className="muted small">
                    {m.versions.map((v) => `v${v.version} published ${formatDateTime(v.publishedAt)}`).join(' · ')}
                  </div>
                </td>
                <td>{m.currentVersion}</td>
                <td>{m.passMark}%</td>
                <td>{m.validityMonths} months</td>
                <td>{m.lessonCount}</td>
                <td>{m.questionCount}</td>
                <td>{m.requiredBy.map((r) => r.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">Export completions</h2>
        <p>
          Every completion as an xAPI statement (actor, verb "passed", module, score, time) in one JSON file, for the organization's
          learning record store. The export is recorded in the audit trail.
        </p>
        <button className="button button--secondary" type="button" onClick={() => void exportXapi()}>
          Export completions (xAPI)
        </button>
        {exported && (
          <div className="spaced">
            <Alert kind={exported.kind}>{exported.text}</Alert>
          </div>
        )}
      </section>
    </div>
  );
}
