import { useState, type FormEvent } from 'react';
import { ROLE_DESCRIPTIONS, ROLE_KEYS, ROLE_NAMES, type RoleKey } from '@contract/roles';
import { ActionButton } from '../../../components/ActionButton';
import { Alert } from '../../../components/Alert';
import { Field } from '../../../components/Field';
import { SelectField } from '../../../components/SelectField';
import { formatDate } from '../../../format';
import { useAction } from '../../../session/useAction';
import { useQuery } from '../../../session/useQuery';
import { personPath } from './accountStatus';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function NewAccountScreen() {
  const departments = useQuery('accounts.list', { pageSize: 1 }).data?.departments ?? [];
  const [draft, setDraft] = useState({
    displayName: '',
    username: '',
    email: '',
    employeeId: '',
    department: '',
    supervisor: '',
    hireDate: today(),
  });
  const [roles, setRoles] = useState<RoleKey[]>([]);
  const creating = useAction('accounts.create');
  const fields = creating.error?.fields ?? {};
  const department = draft.department || departments[0]?.code || '';
  const created = creating.value;
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    await creating.run({ ...draft, department, supervisor: draft.supervisor.trim() || null, roles });
  }

  if (created) {
    return (
      <div className="page">
        <h1>Account created</h1>
        <Alert kind="warning" title="One-time password: shown only now">
          <p>
            Give it to {created.displayName} privately. They must change it at their first sign-in. It is stored only as a hash and cannot
            be shown again; if it is lost, reset the password.
          </p>
          <p>
            Username <span className="mono">{created.username}</span>, one-time password{' '}
            <span className="mono" data-testid="new-account-otp">
              {created.oneTimePassword}
            </span>
          </p>
        </Alert>
        <section className="card" aria-labelledby="created-roles">
          <h2 id="created-roles">Roles</h2>
          <p>Granted: {created.granted.map((r) => r.name).join(', ')}.</p>
          {created.pending.length > 0 && (
            <Alert kind="info">Waiting for a second administrator's approval: {created.pending.map((r) => r.name).join(', ')}.</Alert>
          )}
          <h2>Curriculum</h2>
          <ul className="plain-list">
            {created.curriculum.map((m) => (
              <li key={m.number}>
                {m.number}. {m.title}: due by {formatDate(m.dueDate)}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <a className="button button--primary" href={personPath(created.username)}>
              Open the account
            </a>
            <a className="button button--secondary" href="#/admin/accounts">
              Back to staff accounts
            </a>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div className="page">
      <p className="breadcrumb">
        <a href="#/admin/accounts">Staff accounts</a>
      </p>
      <h1>New account</h1>
      <p className="lead">One person at a time. For many, use the roster import. Their curriculum follows from their roles.</p>
      <form className="card card--narrow" onSubmit={submit} noValidate>
        {creating.error && (
          <Alert kind="error" title="The account was not created">
            {creating.error.message}
          </Alert>
        )}
        <Field label="Full name" value={draft.displayName} onChange={set('displayName')} error={fields.displayName} required />
        <Field label="Username" value={draft.username} onChange={set('username')} error={fields.username} required />
        <Field label="E-mail" type="email" value={draft.email} onChange={set('email')} error={fields.email} required />
        <Field label="Employee ID" value={draft.employeeId} onChange={set('employeeId')} error={fields.employeeId} required />
        <SelectField
          label="Department"
          value={department}
          onChange={(v) => setDraft({ ...draft, department: v })}
          options={departments.map((d) => ({ value: d.code, label: d.name }))}
          error={fields.department}
        />
        <Field
          label="Supervisor's username"
          hint="Leave empty for nobody."
          value={draft.supervisor}
          onChange={set('supervisor')}
          error={fields.supervisor}
        />
        <Field label="Hire date" type="date" value={draft.hireDate} onChange={set('hireDate')} error={fields.hireDate} required />
        <fieldset className="review-role">
          <legend>Roles</legend>
          <p className="muted small">
            Everyone is a Staff member. Administrator and privacy officer need a second administrator's approval.
          </p>
          {ROLE_KEYS.filter((k) => k !== 'staff').map((k) => (
            <div key={k}>
              <label className="choice">
                <input
                  type="checkbox"
                  aria-describedby={`role-${k}-description`}
                  checked={roles.includes(k)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, k] : roles.filter((r) => r !== k))}
                />{' '}
                {ROLE_NAMES[k]}
              </label>
              <p className="muted small role-description" id={`role-${k}-description`}>
                {ROLE_DESCRIPTIONS[k]}
              </p>
            </div>
          ))}
        </fieldset>
        <ActionButton type="submit" pending={creating.pending} pendingLabel="Creating…">
          Create the account
        </ActionButton>
      </form>
    </div>
  );
}
