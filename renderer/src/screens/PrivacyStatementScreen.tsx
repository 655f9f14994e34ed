import statement from '../../../db/content/privacy-statement.md?raw';
import { Markdown } from '../components/Markdown';

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
  return (
    <div className="page page--reading">
      <h1>Privacy statement</h1>
      <p className="lead">The Commonwealth privacy statement. Every training module and question cites a clause of it.</p>
      <section className="card">
        <Markdown text={plain(statement)} />
      </section>
    </div>
  );
}
