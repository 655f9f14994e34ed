import { useState, type FormEvent } from 'react';
import type { SiemSettingsInput, SiemStatusView } from '@contract/siem';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { formatDateTime } from '../../format';
import { useAction } from '../../session/useAction';
import { useQuery } from '../../session/useQuery';

interface Draft {
  kind: 'syslog' | 'jsonl';
  host: string;
  port: string;
  tls: boolean;
  caFile: string;
  servername: string;
  certFile: string;
  keyFile: string;
  sdId: string;
  folder: string;
}

const EMPTY: Draft = {
  kind: 'syslog',
  host: '',
  port: '6514',
  tls: true,
  caFile: '',
  servername: '',
  certFile: '',
  keyFile: '',
  sdId: '',
  folder: '',
};

function fromSettings(s: SiemStatusView['settings']): Draft {
  if (!s) return EMPTY;
  if (s.kind === 'jsonl') return { ...EMPTY, kind: 'jsonl', folder: s.folder };
  return {
    ...EMPTY,
    host: s.host,
    port: String(s.port),
    tls: s.tls !== undefined,
    caFile: s.tls?.caFile ?? '',
    servername: s.tls?.servername ?? '',
    certFile: s.tls?.certFile ?? '',
    keyFile: s.tls?.keyFile ?? '',
    sdId: s.sdId ?? '',
  };
}

function toSettings(d: Draft): SiemSettingsInput {
  if (d.kind === 'jsonl') return { kind: 'jsonl', folder: d.folder };
  return {
    kind: 'syslog',
    host: d.host,
    port: Number(d.port),
    ...(d.tls ? { tls: { caFile: d.caFile, servername: d.servername, certFile: d.certFile, keyFile: d.keyFile } } : {}),
    ...(d.sdId ? { sdId: d.sdId } : {}),
  };
}

export function stateInWords(s: Pick<SiemStatusView, 'state' | 'lag' | 'lastError'>): string {
  switch (s.state) {
    case 'off':
      return 'Off: the audit trail is not forwarded.';
    case 'idle':
      return 'Set up, but no workstation is forwarding right now; the next one to start takes it up.';
    case 'caught_up':
      return 'Up to date: every entry has been delivered.';
    case 'sending':
      return `Sending: ${s.lag} entr${s.lag === 1 ? 'y' : 'ies'} to deliver.`;
    case 'retrying':
      return `Retrying: ${s.lastError ?? 'the SIEM could not be reached'}. ${s.lag} entr${s.lag === 1 ? 'y waits' : 'ies wait'}; nothing is lost.`;
  }
}

/** Administrators: where the audit trail is forwarded, tested before it is saved, and how forwarding goes. */
export function SiemSettingsCard() {
  const q = useQuery('siem.status', {});
  const testing = useAction('siem.test');
  const saving = useAction('siem.save');
  const turningOff = useAction('siem.turnOff');
  const [draft, setDraft] = useState<Draft | null>(null);
  const status = turningOff.value ?? saving.value ?? q.data;
  const d = draft ?? fromSettings(status?.settings ?? null);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...d, [k]: e.target.value });
  const errors = { ...(testing.error?.fields ?? {}), ...(saving.error?.fields ?? {}) };
  const fieldError = (k: string) => errors[`settings.${k}`] ?? errors[`settings.tls.${k}`];

  async function save(e: FormEvent) {
    e.preventDefault();
    testing.reset();
    const r = await saving.run({ settings: toSettings(d) });
    if (r?.ok) {
      setDraft(null);
      q.reload();
    }
  }

  async function turnOff() {
    const r = await turningOff.run({});
    if (r?.ok) {
      setDraft(null);
      q.reload();
    }
  }

  return (
    <section className="card" aria-labelledby="siem-title">
      <h2 id="siem-title">SIEM forwarding</h2>
      <p>
        Every audit entry is sent to the agency's SIEM as it is written, at least once and in order; after an outage the backlog follows.
        One workstation of the database forwards at a time. Forwarding never holds up anyone's work. No secret is stored: TLS keys stay in
        their files.
      </p>
      {q.error && <ErrorNotice error={q.error} />}
      {status && (
        <dl className="facts">
          <div>
            <dt>Now</dt>
            <dd>{stateInWords(status)}</dd>
          </div>
          {status.destination && (
            <div>
              <dt>Destination</dt>
              <dd>{status.destination}</dd>
            </div>
          )}
          {status.forwardingWorkstation && (
            <div>
              <dt>Forwarding from</dt>
              <dd>{status.forwardingWorkstation}</dd>
            </div>
          )}
          {status.lastSuccessAt && (
            <div>
              <dt>Last delivery</dt>
              <dd>{formatDateTime(status.lastSuccessAt)}</dd>
            </div>
          )}
        </dl>
      )}
      <form onSubmit={save} noValidate aria-label="SIEM forwarding settings">
        <SelectField
          label="Send entries as"
          value={d.kind}
          onChange={(v) => setDraft({ ...d, kind: v === 'jsonl' ? 'jsonl' : 'syslog' })}
          options={[
            { value: 'syslog', label: 'Syslog (RFC 5424) over TCP or TLS' },
            { value: 'jsonl', label: 'JSON Lines files in a folder the SIEM collects' },
          ]}
        />
        {d.kind === 'syslog' ? (
          <>
            <Field
              label="SIEM host"
              value={d.host}
              onChange={set('host')}
              error={fieldError('host')}
              autoComplete="off"
              spellCheck={false}
            />
            <Field label="Port" value={d.port} onChange={set('port')} error={fieldError('port')} inputMode="numeric" />
            <div className="field">
              <label className="choice">
                <input type="checkbox" checked={d.tls} onChange={(e) => setDraft({ ...d, tls: e.target.checked })} />
                <span>Use TLS (RFC 5425)</span>
              </label>
            </div>
            {d.tls && (
              <>
                <Field
                  label="CA file (PEM)"
                  hint="The certificate authority, or the SIEM's own certificate, to trust; empty for the system's"
                  value={d.caFile}
                  onChange={set('caFile')}
                  error={fieldError('caFile')}
                  spellCheck={false}
                />
                <Field
                  label="Server name"
                  hint="When the certificate names the SIEM differently from the host above"
                  value={d.servername}
                  onChange={set('servername')}
                  spellCheck={false}
                />
                <Field label="Client certificate file (PEM)" value={d.certFile} onChange={set('certFile')} spellCheck={false} />
                <Field label="Client key file (PEM)" value={d.keyFile} onChange={set('keyFile')} spellCheck={false} />
              </>
            )}
            <Field
              label="Structured-data ID"
              hint="Your agency's IANA enterprise number after the @; empty for clearance@32473"
              value={d.sdId}
              onChange={set('sdId')}
              error={fieldError('sdId')}
              spellCheck={false}
            />
          </>
        ) : (
          <Field label="Folder" value={d.folder} onChange={set('folder')} error={fieldError('folder')} spellCheck={false} />
        )}
        <div className="button-row">
          <ActionButton
            className="button button--secondary"
            pending={testing.pending}
            onClick={() => {
              saving.reset();
              void testing.run({ settings: toSettings(d) });
            }}
          >
            Send a test message
          </ActionButton>
          <ActionButton type="submit" pending={saving.pending}>
            Test and save
          </ActionButton>
          {status?.settings && (
            <ActionButton className="button button--secondary" pending={turningOff.pending} onClick={() => void turnOff()}>
              Turn forwarding off
            </ActionButton>
          )}
        </div>
      </form>
      {testing.value && <Alert kind={testing.value.ok ? 'success' : 'error'}>{testing.value.message}</Alert>}
      {testing.error && <Alert kind="error">{testing.error.message}</Alert>}
      {saving.value && <Alert kind="success">Saved. Forwarding to {saving.value.destination}.</Alert>}
      {saving.error && <Alert kind="error">{saving.error.message}</Alert>}
      {turningOff.error && <Alert kind="error">{turningOff.error.message}</Alert>}
    </section>
  );
}
