import { useState, type FormEvent } from 'react';
import { PurposeFields } from '../../components/PurposeFields';
import { PURPOSE_LIST, SEARCH_MAX_LENGTH, type PageCursor, type PurposeCode, type RecordSubjectName } from '@contract/records';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { navigate } from '../../session/useHashRoute';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { useExporter } from '../../session/useMenuCommands';
import { SUBJECT_LABELS, SUBJECTS } from './subjects';
import { countWords } from '../../format';

const PAGE_SIZE = 15;

/** Card numbers need the master key: on a workstation that cannot use it, say so (and which request to approve) before anyone tries. */
function CardKeyNotice() {
  const q = useQuery('keys.thisWorkstation', {});
  if (!q.data?.message) return null;
  return <Alert kind="warning">{q.data.message}</Alert>;
}

/** An export asks for a reason, as opening a record does; the reason goes into the audit entry and onto the file. */
function ExportForm({
  subject,
  search,
  shownAs,
  onClose,
}: {
  subject: RecordSubjectName;
  search: string;
  shownAs: string;
  onClose(): void;
}) {
  const exporting = useAction('records.export');
  const [code, setCode] = useState<PurposeCode | ''>('');
  const [note, setNote] = useState('');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [error, setError] = useState<string | undefined>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!code) {
      setError('Choose the reason you need these records.');
      return;
    }
    setError(undefined);
    void exporting.run({ subject, format, purpose: { code, ...(note.trim() ? { note } : {}) }, ...(search ? { search } : {}) });
  }
  return (
    <section className="card card--narrow" aria-labelledby="export-title">
      <h3 id="export-title">Export {search ? `the records matching "${shownAs}"` : 'this list'}</h3>
      <p className="muted">
        Protected fields stay masked. Your reason is recorded with the export, and every record in it counts as accessed by you.
      </p>
      {exporting.value && (
        <Alert kind="success">{`Exported ${exporting.value.rows} records (protected fields masked) to ${exporting.value.path}`}</Alert>
      )}
      {exporting.error && <Alert kind={exporting.error.code === 'CONFLICT' ? 'info' : 'error'}>{exporting.error.message}</Alert>}
      <form onSubmit={submit} noValidate>
        <PurposeFields
          idPrefix="export-purpose"
          label="Reason for the export"
          purposes={PURPOSE_LIST}
          code={code}
          onCode={setCode}
          note={note}
          onNote={setNote}
          error={error}
        />
        <fieldset className="field">
          <legend>Format</legend>
          <label className="choice">
            <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (spreadsheet)
          </label>
          <label className="choice">
            <input type="radio" name="export-format" checked={format === 'json'} onChange={() => setFormat('json')} /> JSON
          </label>
        </fieldset>
        <div className="button-row">
          <ActionButton type="submit" pending={exporting.pending}>
            Export
          </ActionButton>
          <button className="button button--secondary" type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}

function RecordList({ subject }: { subject: RecordSubjectName }) {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [tooLong, setTooLong] = useState<string | undefined>();
  // Pages are read by cursor (the next older or newer page from where this one ends), so a deep page is as quick as the first.
  const [position, setPosition] = useState<{ page: number; cursor?: PageCursor }>({ page: 1 });
  const { cursor } = position;
  const q = useQuery('records.list', {
    subject,
    search: applied || undefined,
    page: position.page,
    pageSize: PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
  const [exporting, setExporting] = useState(false);
  // What the search may be shown as: main masks a card number or SSN, and then the box lets go of it too.
  const answered = q.loading ? undefined : q.data;
  const shown = answered?.searchedAs ?? (applied ? '…' : '');
  const masked = Boolean(answered?.searchedAs && answered.searchedAs !== applied);
  if (masked && search === applied) setSearch('');
  const pages = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  // A page with nothing newer is the first, whatever was counted on the way (records may have arrived meanwhile).
  const page = q.data && !q.data.newer ? 1 : q.data?.totalCapped ? position.page : Math.min(position.page, pages);

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
    setPosition({ page: 1 });
    setApplied(search.trim());
  }
  const searchError = tooLong ?? q.error?.fields?.search;

  useExporter(() => setExporting(true));

  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">{SUBJECT_LABELS[subject].plural}</h2>
      {subject === 'CardTransaction' && <CardKeyNotice />}
      <form className="search-row" onSubmit={submit} role="search">
        <Field
          label="Search"
          hint={`Name, e-mail, topic or order number; or a whole card number, SSN or date of birth (recorded only masked). Up to ${SEARCH_MAX_LENGTH} characters.`}
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
              ? `No records match "${shown}". Check the spelling, or search by e-mail or order number.`
              : 'There are no records of this kind for your department.'}
          </p>
        </div>
      )}
      {q.data && q.data.total > 0 && (
        <>
          <div className="toolbar">
            <p className="muted" aria-live="polite">
              {countWords(q.data.total, q.data.totalCapped, 'record', 'records')}
              {applied ? ` matching "${shown}"` : ''} · page {page}
              {q.data.totalCapped ? '' : ` of ${pages}`}
            </p>
            <div className="button-row button-row--tight">
              <button
                className="button button--secondary button--small"
                type="button"
                aria-expanded={exporting}
                onClick={() => setExporting(true)}
              >
                Export…
              </button>
            </div>
          </div>
          {exporting && (
            <ExportForm
              key={`${subject}-${applied}`}
              subject={subject}
              search={applied}
              shownAs={shown}
              onClose={() => setExporting(false)}
            />
          )}
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
            <button
              className="button button--secondary button--small"
              type="button"
              disabled={!q.data.newer}
              onClick={() => !q.loading && q.data?.newer && setPosition({ page: page - 1, cursor: q.data.newer })}
            >
              Previous page
            </button>
            <button
              className="button button--secondary button--small"
              type="button"
              disabled={!q.data.older}
              onClick={() => !q.loading && q.data?.older && setPosition({ page: page + 1, cursor: q.data.older })}
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
      {current === 'CardTransaction' && allowed.some((s) => s.subject === 'CardTransaction') && (
        <p>
          <a className="button button--secondary" href="#/payments/new">
            Take a phone payment
          </a>
        </p>
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
