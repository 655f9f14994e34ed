import { useState, type FormEvent } from 'react';
import { SEARCH_MAX_LENGTH, type RecordSubjectName } from '@contract/records';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { navigate } from '../../session/useHashRoute';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { useExporter } from '../../session/useMenuCommands';
import { SUBJECT_LABELS, SUBJECTS } from './subjects';

const PAGE_SIZE = 15;

function RecordList({ subject }: { subject: RecordSubjectName }) {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [tooLong, setTooLong] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery('records.list', { subject, search: applied || undefined, page, pageSize: PAGE_SIZE });
  const exporting = useAction('records.export');
  const pages = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;

  function submit(e: FormEvent) {
    e.preventDefault();
    const length = search.trim().length;
    // Said at once, on the field, with the limit: not a general "information not valid" after a round trip.
    setTooLong(
      length > SEARCH_MAX_LENGTH
        ? `Search can be at most ${SEARCH_MAX_LENGTH} characters; this one has ${length.toLocaleString('en-US')}.`
        : undefined,
    );
    if (length > SEARCH_MAX_LENGTH) return;
    setPage(1);
    setApplied(search.trim());
  }
  const searchError = tooLong ?? q.error?.fields?.search;

  const exportList = (format: 'csv' | 'json') => void exporting.run({ subject, format, ...(applied ? { search: applied } : {}) });
  useExporter(() => exportList('csv'));

  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">{SUBJECT_LABELS[subject].plural}</h2>
      <form className="search-row" onSubmit={submit} role="search">
        <Field
          label="Search"
          hint={`Name, e-mail, topic or order number (up to ${SEARCH_MAX_LENGTH} characters)`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          error={searchError}
        />
        <button className="button button--secondary" type="submit">
          Search
        </button>
      </form>
      {q.error && !q.error.fields?.search && <ErrorNotice error={q.error} title="The list could not be shown" />}
      {q.data && q.data.total === 0 && (
        <div className="card empty">
          <p>
            {applied
              ? `No records match "${applied}". Check the spelling, or search by e-mail or order number.`
              : 'There are no records of this kind for your department.'}
          </p>
        </div>
      )}
      {q.data && q.data.total > 0 && (
        <>
          <div className="toolbar">
            <p className="muted" aria-live="polite">
              {q.data.total} record{q.data.total === 1 ? '' : 's'}
              {applied ? ` matching "${applied}"` : ''} · page {page} of {pages}
            </p>
            <div className="button-row button-row--tight">
              <ActionButton
                className="button button--secondary button--small"
                pending={exporting.pending}
                onClick={() => exportList('csv')}
              >
                Export CSV
              </ActionButton>
              <ActionButton
                className="button button--secondary button--small"
                pending={exporting.pending}
                onClick={() => exportList('json')}
              >
                Export JSON
              </ActionButton>
            </div>
          </div>
          {exporting.value && (
            <Alert kind="success">{`Exported ${exporting.value.rows} records (protected fields masked) to ${exporting.value.path}`}</Alert>
          )}
          {exporting.error && <Alert kind={exporting.error.code === 'CONFLICT' ? 'info' : 'error'}>{exporting.error.message}</Alert>}
          <ul className="record-list">
            {q.data.items.map((r) => (
              <li key={r.id}>
                <a className="record-list__item" href={`#/records/${subject}/${r.id}`}>
                  <span className="record-list__title">{r.title}</span>
                  <span className="record-list__meta">
                    {r.subtitle} · {r.department} · No. {r.id}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label="Pages">
            <button className="button button--secondary button--small" type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous page
            </button>
            <button
              className="button button--secondary button--small"
              type="button"
              disabled={page >= pages}
              onClick={() => setPage(page + 1)}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function OpenByNumber({ subjects }: { subjects: RecordSubjectName[] }) {
  const [subject, setSubject] = useState<RecordSubjectName>(subjects[0] ?? 'PersonalRecord');
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) {
      setError('Enter the record number, a whole number such as 42.');
      return;
    }
    navigate(`/records/${subject}/${n}`);
  }
  return (
    <section className="card" aria-labelledby="by-number-title">
      <h2 id="by-number-title">Open a record by number</h2>
      <p className="muted">
        For a record you were given a reference to. If your rules do not cover it, you will be told why, and offered emergency access where
        your role allows it.
      </p>
      <form onSubmit={submit} noValidate className="inline-form">
        <div className="field">
          <label htmlFor="by-number-kind">Kind of record</label>
          <select id="by-number-kind" value={subject} onChange={(e) => setSubject(e.target.value as RecordSubjectName)}>
            {subjects.map((s) => (
              <option key={s} value={s}>
                {SUBJECT_LABELS[s].plural}
              </option>
            ))}
          </select>
        </div>
        <Field label="Record number" inputMode="numeric" value={id} onChange={(e) => setId(e.target.value)} error={error} />
        <button className="button button--secondary" type="submit">
          Open
        </button>
      </form>
    </section>
  );
}

export function RecordsScreen({ subject }: { subject?: RecordSubjectName | undefined }) {
  const access = useQuery('records.myAccess', {});
  if (access.error)
    return (
      <div className="page">
        <h1>Records</h1>
        <ErrorNotice error={access.error} />
      </div>
    );
  if (!access.data)
    return (
      <div className="page">
        <h1>Records</h1>
        <p className="muted">Loading…</p>
      </div>
    );
  const allowed = access.data.subjects.filter((s) => s.allowed);
  const current = subject ?? allowed[0]?.subject;
  // A link to a kind of record this person may not list (a breadcrumb from a record opened by number): say why.
  const refused = access.data.subjects.find((s) => s.subject === subject && !s.allowed && s.reason.startsWith('Your role'));
  return (
    <div className="page">
      <h1>Records</h1>
      <p className="lead">Open a record only when your work needs it. Every list, open and reveal is recorded with the reason you give.</p>
      {access.data.subjects
        .filter((s) => !s.allowed && s.reason.startsWith('Your role') === false)
        .map((s) => (
          <Alert key={s.subject} kind="error" title={`${SUBJECT_LABELS[s.subject].plural}: access paused`}>
            <p>{s.reason}</p>
            <p>
              <a href="#/training">Go to My training</a>
            </p>
          </Alert>
        ))}
      {refused && (
        <Alert kind="info" title={`You cannot browse ${SUBJECT_LABELS[refused.subject].plural.toLowerCase()}`}>
          <p>
            {refused.reason}{' '}
            {access.data.breakGlass
              ? 'A single record you were given a reference to can still be opened by its number below, with emergency access that the privacy officer reviews.'
              : ''}
          </p>
          {allowed.length > 0 && (
            <p>
              Your records:{' '}
              {allowed.map((s, i) => (
                <span key={s.subject}>
                  {i > 0 && ', '}
                  <a href={`#/records/${s.subject}`}>{SUBJECT_LABELS[s.subject].plural}</a>
                </span>
              ))}
              .
            </p>
          )}
        </Alert>
      )}
      {allowed.length > 1 && (
        <nav className="tabs" aria-label="Kinds of record">
          {allowed.map((s) => (
            <a key={s.subject} href={`#/records/${s.subject}`} aria-current={s.subject === current ? 'page' : undefined}>
              {SUBJECT_LABELS[s.subject].plural}
            </a>
          ))}
        </nav>
      )}
      {current && allowed.some((s) => s.subject === current) && <RecordList key={current} subject={current} />}
      {!refused && allowed.length === 0 && access.data.subjects.every((s) => s.reason.startsWith('Your role')) && (
        <div className="card empty">
          <p>
            Your role does not include browsing records.{' '}
            {access.data.breakGlass ? 'In an emergency you can open a single record by its number below; the access is reviewed.' : ''}
          </p>
        </div>
      )}
      {access.data.breakGlass && <OpenByNumber subjects={SUBJECTS} />}
    </div>
  );
}
