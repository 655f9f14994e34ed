import { useState, type FormEvent } from 'react';
import { Pager } from '../../components/Pager';
import type { z } from 'zod';
import { AUDIT_AREAS, AUDIT_EVENTS, auditEventInWords } from '@contract/auditWords';
import type { AuditFilterSchema, StaffPick } from '@contract/privacy';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';
import { AuditTable } from './AuditTable';
import { PersonPicker } from './PersonPicker';
import { TrailIntegrity } from './TrailIntegrity';
import { SelectField } from '../../components/SelectField';
import { useExporter } from '../../session/useMenuCommands';
import { countWords } from '../../format';

type Filter = z.input<typeof AuditFilterSchema>;
const PAGE_SIZE = 25;

function compact(f: Filter): Filter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '' && v !== undefined)) as Filter;
}

/** Events by area: an area matches every event in it (the filter matches the start of the event's code). */
function EventSelect({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor="audit-event">Event</label>
      <select id="audit-event" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {value && !AUDIT_EVENTS[value] && !value.endsWith('.') && <option value={value}>{auditEventInWords(value)}</option>}
        {Object.entries(AUDIT_AREAS).map(([area, words]) => (
          <optgroup key={area} label={words}>
            <option value={`${area}.`}>Any: {words.toLowerCase()}</option>
            {Object.entries(AUDIT_EVENTS)
              .filter(([code]) => code.startsWith(`${area}.`))
              .map(([code, eventWords]) => (
                <option key={code} value={code}>
                  {eventWords}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

const FILTER_KEYS = ['event', 'outcome', 'resourceType', 'resourceId', 'from', 'to', 'reason'] as const;

/** A filter from a link's query (the dashboard links to the entries of one denial reason). */
function filterFrom(query: URLSearchParams): Filter {
  return compact(Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k) ?? undefined])) as Filter);
}

export function AuditTrailScreen({ query = new URLSearchParams() }: { query?: URLSearchParams }) {
  const [draft, setDraft] = useState<Filter>(() => filterFrom(query));
  const [filter, setFilter] = useState<Filter>(() => filterFrom(query));
  const [page, setPage] = useState(1);
  const [person, setPerson] = useState<StaffPick | null>(null);
  const exporting = useAction('audit.export');
  const q = useQuery('audit.search', { filter, page, pageSize: PAGE_SIZE });
  // The router names the field a refused filter came from (a NUL byte, a bad date).
  const fieldErrors = Object.fromEntries(Object.entries(q.error?.fields ?? {}).map(([k, v]) => [k.replace(/^filter\./, ''), v])) as Partial<
    Record<keyof Filter, string>
  >;
  // Past the counted 1,000 the next page exists while this one is full.
  const pages = !q.data
    ? 1
    : q.data.totalCapped
      ? page + (q.data.entries.length === PAGE_SIZE ? 1 : 0)
      : Math.max(1, Math.ceil(q.data.total / PAGE_SIZE));
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  function choose(p: StaffPick | null) {
    setPerson(p);
    setDraft({ ...draft, actorId: p?.id });
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    setPage(1);
    setFilter(compact(draft));
  }

  const exportAs = (format: 'csv' | 'json') => void exporting.run({ filter, format });
  useExporter(() => exportAs('csv'));

  return (
    <div className="page page--wide">
      <h1>Audit trail</h1>
      <p className="lead">
        Every access, denial, sign-in and administrative action, append-only and hash-chained. Your searches here are recorded too.
      </p>

      <TrailIntegrity />

      <form className="card filters" onSubmit={apply} noValidate aria-label="Filter the audit trail">
        <PersonPicker chosen={person} onChoose={choose} />
        <EventSelect value={draft.event ?? ''} onChange={(v) => setDraft({ ...draft, event: v || undefined })} />
        <SelectField
          label="Outcome"
          value={draft.outcome ?? ''}
          onChange={(v) => setDraft({ ...draft, outcome: (v || undefined) as Filter['outcome'] })}
          options={[
            { value: '', label: 'Any' },
            { value: 'allowed', label: 'Allowed' },
            { value: 'denied', label: 'Denied' },
          ]}
        />
        <SelectField
          label="Record type"
          value={draft.resourceType ?? ''}
          onChange={(v) => setDraft({ ...draft, resourceType: v || undefined })}
          options={[
            { value: '', label: 'Any' },
            { value: 'LiveHelpTranscript', label: 'Live Help transcript' },
            { value: 'PersonalRecord', label: 'Personal-information record' },
            { value: 'CardTransaction', label: 'Card transaction' },
          ]}
        />
        <Field
          label="Record number"
          value={draft.resourceId ?? ''}
          onChange={set('resourceId')}
          inputMode="numeric"
          error={fieldErrors.resourceId}
        />
        <Field label="From" type="date" value={draft.from ?? ''} onChange={set('from')} />
        <Field label="To" type="date" value={draft.to ?? ''} onChange={set('to')} />
        {draft.reason && (
          <div className="field">
            <span className="field__label">Reason</span>
            <p className="small">
              {draft.reason}{' '}
              <button className="button button--link" type="button" onClick={() => setDraft({ ...draft, reason: undefined })}>
                Any reason
              </button>
            </p>
          </div>
        )}
        <div className="filters__actions">
          <button className="button button--primary" type="submit">
            Apply filters
          </button>
        </div>
      </form>

      {exporting.value && <Alert kind="success">{`Exported ${exporting.value.rows} entries to ${exporting.value.path}`}</Alert>}
      {exporting.error && <Alert kind={exporting.error.code === 'CONFLICT' ? 'info' : 'error'}>{exporting.error.message}</Alert>}
      {q.error && <ErrorNotice error={q.error} title="The audit trail could not be searched" />}
      {q.data && (
        <>
          <div className="toolbar">
            <p className="muted" aria-live="polite">
              {countWords(q.data.total, q.data.totalCapped, 'entry', 'entries')} · page {page}
              {q.data.totalCapped ? '' : ` of ${pages}`}
            </p>
            <div className="button-row button-row--tight">
              <ActionButton className="button button--secondary button--small" pending={exporting.pending} onClick={() => exportAs('csv')}>
                Export CSV
              </ActionButton>
              <ActionButton className="button button--secondary button--small" pending={exporting.pending} onClick={() => exportAs('json')}>
                Export JSON
              </ActionButton>
            </div>
          </div>
          {q.data.total === 0 ? (
            <div className="card empty">
              <p>No entries match these filters. Widen the dates or clear a filter.</p>
            </div>
          ) : (
            <AuditTable entries={q.data.entries} caption="Audit entries" />
          )}
          <Pager page={page} pages={pages} onPage={setPage} previous="Newer" next="Older" />
        </>
      )}
    </div>
  );
}
