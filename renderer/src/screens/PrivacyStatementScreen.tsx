import { ErrorNotice } from '../components/ErrorNotice';
import { Markdown } from '../components/Markdown';
import { useQuery } from '../session/useQuery';

/** The organization's privacy statement, which every module is built from (Help › Privacy Statement). */
function plain(md: string): string {
  return md
    .split('\n')
    .filter((l) => !l.startsWith('>') && !l.startsWith('# '))
    .map((l) =>
      l
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/^\s*[*•]\s+/, '- ')
        .trimEnd(),
    )
    .join('\n');
}

export function PrivacyStatementScreen() {
  const statement = useQuery('app.privacyStatement', {});
  return (
    <div className="page page--reading">
      <h1>Privacy statement</h1>
      <p className="lead">The Commonwealth privacy statement. Every training module and question cites a clause of it.</p>
      {statement.error && <ErrorNotice error={statement.error} title="The privacy statement could not be shown" />}
      {statement.loading && !statement.data && <p className="loading">Loading…</p>}
      {statement.data && (
        <section className="card">
          <Markdown text={plain(statement.data.markdown)} />
        </section>
      )}
    </div>
  );
}
