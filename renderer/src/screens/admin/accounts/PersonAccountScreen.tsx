import { useState, type FormEvent } from 'react';
import type { PersonDetail } from '@contract/accounts';
import { ROLE_KEYS, ROLE_NAMES, type RoleKey } from '@contract/roles';
import { ActionButton } from '../../../components/ActionButton';
import { Alert } from '../../../components/Alert';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { SelectField } from '../../../components/SelectField';
import { formatDate, formatDateTime } from '../../../format';
import { useAction } from '../../../session/useAction';
import { useQuery } from '../../../session/useQuery';
import { AccountBadges } from './accountStatus';
import { ReasonAction } from './ReasonAction';
import { RoleChangePanel } from './RoleChangePanel';
import { RoleRequests } from './RoleRequests';

function EditDetails({ person, onSaved }: { person: PersonDetail; onSaved(): void }) {
  const [draft, setDraft] = useState({
    displayName: person.displayName,
    email: person.email,
    department: person.departmentCode,
    supervisor: person.supervisorUsername ?? '',
  });
  const editing = useAction('accounts.edit');
  const fields = editing.error?.fields ?? {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await editing.run({ username: person.username, ...draft, supervisor: draft.supervisor.trim() || null });
    if (r?.ok) onSaved();
  }

  return (
    <form onSubmit={submit} noValidate className="card card--narrow" aria-labelledby="edit-title">
      <h2 id="edit-title">Details</h2>
      {editing.error && <Alert kind="error">{editing.error.message}</Alert>}
      {editing.value && <Alert kind="success">Saved.</Alert>}
      <Field
        label="Full name"
        value={draft.displayName}
        onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
        error={fields.displayName}
      />
      <Field
        label="E-mail"
        type="email"
        value={draft.email}
        onChange={(e) => setDraft({ ...draft, email: e.target.value })}
        error={fields.email}
      />
      <SelectField
        label="Department"
        value={draft.department}
        onChange={(v) => setDraft({ ...draft, department: v })}
        options={person.departments.map((d) => ({ value: d.code, label: d.name }))}
        error={fields.department}
      />
      <Field
        label="Supervisor's username"
        hint="Leave empty for nobody."
        value={draft.supervisor}
        onChange={(e) => setDraft({ ...draft, supervisor: e.target.value })}
        error={fields.supervisor}
      />
      <ActionButton type="submit" className="button button--secondary" pending={editing.pending}>
        Save details
      </ActionButton>
    </form>
  );
}

function Roles({ person, onChanged }: { person: PersonDetail; onChanged(): void }) {
  const grantable = ROLE_KEYS.filter(
    (k) => k !== 'staff' && !person.roles.some((r) => r.key === k) && !person.pendingRequests.some((q) => q.role.key === k),
  );
  const [choice, setChoice] = useState<RoleKey | ''>('');
  const [open, setOpen] = useState<{ role: RoleKey; change: 'grant' | 'revoke' } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = choice && grantable.includes(choice) ? choice : (grantable[0] ?? '');

  return (
    <section className="card" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      {done && <Alert kind="success">{done}</Alert>}
      {person.isSelf && <Alert kind="info">Nobody changes their own roles: another administrator must do it (separation of duties).</Alert>}
      <ul className="role-list">
        {person.roleGrants.map((r) => (
          <li key={r.key} className="role-list__item">
            <span>
              <strong>{r.name}</strong>{' '}
              <span className="muted small">
                since {formatDate(r.grantedOn)}
                {r.grantedBy ? `, granted by ${r.grantedBy}` : ''}
              </span>
            </span>
            {r.key !== 'staff' && !person.isSelf && (
              <button
                className="button button--secondary button--small"
                type="button"
                aria-label={`Revoke ${r.name}`}
                onClick={() => {
                  setDone(null);
                  setOpen({ role: r.key, change: 'revoke' });
                }}
              >
                Revoke…
              </button>
            )}
          </li>
        ))}
      </ul>
      {!person.isSelf && grantable.length > 0 && (
        <div className="inline-form">
          <SelectField
            label="Grant a role"
            value={chosen}
            onChange={(v) => setChoice(v as RoleKey)}
            options={grantable.map((k) => ({ value: k, label: ROLE_NAMES[k] }))}
          />
          <button
            className="button button--secondary"
            type="button"
            onClick={() => {
              setDone(null);
              if (chosen) setOpen({ role: chosen, change: 'grant' });
            }}
          >
            Preview the grant
          </button>
        </div>
      )}
      {open && (
        <RoleChangePanel
          key={`${open.change}-${open.role}`}
          username={person.username}
          person={person.displayName}
          role={open.role}
          change={open.change}
          onCancel={() => setOpen(null)}
          onDone={(message) => {
            setOpen(null);
            setDone(message);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function Actions({ person, onChanged }: { person: PersonDetail; onChanged(): void }) {
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setNotice(message);
    onChanged();
  };
  if (person.isSelf) {
    return (
      <section className="card" aria-labelledby="actions-title">
        <h2 id="actions-title">Account actions</h2>
        <p>
          This is your own account. Another administrator must unlock it, reset its password or second factor, or disable it; change your
          password under My account.
        </p>
      </section>
    );
  }
  const u = person.username;
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Account actions</h2>
      {notice && <Alert kind="success">{notice}</Alert>}
      <div className="account-actions">
        {person.lockedUntil && (
          <ReasonAction
            key="unlock"
            channel="accounts.unlock"
            username={u}
            title="Unlock"
            explanation={`Locked until ${formatDateTime(person.lockedUntil)} after too many failed attempts. Check who is asking before you unlock.`}
            button="Unlock the account"
            onDone={done}
          />
        )}
        <ReasonAction
          key="resetPassword"
          channel="accounts.resetPassword"
          username={u}
          title="Reset password"
          explanation="A new one-time password, shown once; they must change it at next sign-in, and their open sessions end."
          button="Reset the password"
          onDone={done}
          renderResult={(v) => (
            <Alert kind="warning" title="One-time password: shown only now">
              <p>{v.message}</p>
              <p>
                Give it to {person.displayName} privately:{' '}
                <span className="mono" data-testid="reset-otp">
                  {v.oneTimePassword}
                </span>
              </p>
            </Alert>
          )}
        />
        <ReasonAction
          key="resetSecondFactor"
          channel="accounts.resetSecondFactor"
          username={u}
          title="Reset second factor"
          explanation="Removes their authenticator and recovery codes; they set up a new one at their next sign-in."
          button="Reset the second factor"
          onDone={done}
        />
        <ReasonAction
          key="endSessions"
          channel="accounts.endSessions"
          username={u}
          title="End sessions"
          explanation={`${person.openSessions} open session(s). They must sign in again everywhere.`}
          button="End their sessions"
          onDone={done}
        />
        <ReasonAction
          key="setEnabled"
          channel="accounts.setEnabled"
          username={u}
          extra={{ enabled: person.status !== 'active' }}
          title={person.status === 'active' ? 'Disable' : 'Enable'}
          explanation={
            person.status === 'active'
              ? 'They can no longer sign in, and their open sessions end at once.'
              : `Disabled${person.disabledReason ? `: ${person.disabledReason}` : ''}. Enabling lets them sign in again.`
          }
          button={person.status === 'active' ? 'Disable the account' : 'Enable the account'}
          danger={person.status === 'active'}
          onDone={done}
        />
      </div>
    </section>
  );
}

export function PersonAccountScreen({ username }: { username: string }) {
  const q = useQuery('accounts.person', { username });
  const p = q.data;
  return (
    <div className="page page--wide">
      <p className="breadcrumb">
        <a href="#/admin/accounts">Staff accounts</a>
      </p>
      {q.error && <ErrorNotice error={q.error} title="This account could not be loaded" />}
      {p && (
        <>
          <h1>{p.displayName}</h1>
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title" className="visually-hidden">
              Summary
            </h2>
            <p>
              <AccountBadges row={p} />
            </p>
            <dl className="facts">
              <div>
                <dt>Username</dt>
                <dd className="mono">{p.username}</dd>
              </div>
              <div>
                <dt>Employee ID</dt>
                <dd>{p.employeeId}</dd>
              </div>
              <div>
                <dt>E-mail</dt>
                <dd>{p.email}</dd>
              </div>
              <div>
                <dt>Department</dt>
                <dd>{p.department}</dd>
              </div>
              <div>
                <dt>Supervisor</dt>
                <dd>{p.supervisor ?? 'None'}</dd>
              </div>
              <div>
                <dt>Hired</dt>
                <dd>{formatDate(p.hireDate)}</dd>
              </div>
              <div>
                <dt>Last sign-in</dt>
                <dd>{p.lastSignInAt ? formatDateTime(p.lastSignInAt) : 'Never'}</dd>
              </div>
              <div>
                <dt>Open sessions</dt>
                <dd>{p.openSessions}</dd>
              </div>
            </dl>
          </section>
          <RoleRequests items={p.pendingRequests} onDecided={q.reload} showPerson={false} />
          <Roles person={p} onChanged={q.reload} />
          <Actions person={p} onChanged={q.reload} />
          <EditDetails key={p.username} person={p} onSaved={q.reload} />
        </>
      )}
    </div>
  );
}
