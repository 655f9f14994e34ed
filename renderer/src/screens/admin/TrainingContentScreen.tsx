import { TableBox } from '../../components/TableBox';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { useExporter } from '../../session/useMenuCommands';

export function TrainingContentScreen() {
  const q = useQuery('training.contentOverview', {});
  const exporting = useAction('training.exportXapi');
  const done = exporting.value;
  const exported = done
    ? done.path
      ? { kind: 'success' as const, text: `Saved ${done.statements} xAPI statements to ${done.path}` }
      : { kind: 'info' as const, text: 'Not exported: no file was chosen.' }
    : exporting.error && { kind: 'error' as const, text: exporting.error.message };
  const exportXapi = () => void exporting.run({});

  useExporter(exportXapi);

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
        <TableBox label="Training modules">
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
        </TableBox>
      )}
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">Export completions</h2>
        <p>
          Every completion as an xAPI statement (actor, verb "passed", module, score, time) in one JSON file, for the organization's
          learning record store. The export is recorded in the audit trail.
        </p>
        <ActionButton className="button button--secondary" pending={exporting.pending} onClick={exportXapi}>
          Export completions (xAPI)
        </ActionButton>
        {exported && (
          <div className="spaced">
            <Alert kind={exported.kind}>{exported.text}</Alert>
          </div>
        )}
      </section>
    </div>
  );
}
