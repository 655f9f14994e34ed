import { useId, useState, type FormEvent } from 'react';
import type { SessionView } from '@contract/auth';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Brand } from '../../components/Brand';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { useSession } from '../../session/SessionContext';
import { useAction } from '../../session/useAction';
import { FirstAdministratorSecondFactor } from './FirstAdministratorSecondFactor';

const PASSWORD_RULES = 'At least 12 characters, with letters and digits.';

const STEPS = [
  { key: 'details', label: 'Organization and first administrator' },
  { key: 'second-factor', label: 'Second factor' },
] as const;
type Stage = (typeof STEPS)[number]['key'];

function departmentsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  ];
}

/** A labelled multi-line text box, with its hint and error tied to it. */
function TextAreaField({
  label,
  hint,
  error,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string | undefined;
  value: string;
  onChange(v: string): void;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <textarea
        id={id}
        rows={4}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
      />
    </div>
  );
}

function SetupForm({ onSetUp }: { onSetUp(view: SessionView): void }) {
  const [organizationName, setOrganizationName] = useState('');
  const [departmentText, setDepartmentText] = useState('');
  const [admin, setAdmin] = useState({ displayName: '', username: '', email: '', employeeId: '', department: '', password: '' });
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const complete = useAction('setup.complete');
  const departments = departmentsOf(departmentText);
  const department = departments.includes(admin.department) ? admin.department : (departments[0] ?? '');
  const fields = complete.error?.fields ?? {};
  const departmentError = Object.entries(fields).find(([k]) => k.startsWith('departments'))?.[1];
  const set = (k: keyof typeof admin) => (e: { target: { value: string } }) => setAdmin({ ...admin, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMismatch(admin.password !== confirm);
    if (admin.password !== confirm) return;
    const r = await complete.run({ organizationName, departments, administrator: { ...admin, department } });
    if (r?.ok) onSetUp(r.value);
  }

  return (
    <form onSubmit={submit} noValidate>
      {complete.error && (
        <Alert kind="error" title="Clearance was not set up">
          {complete.error.message}
        </Alert>
      )}
      <fieldset>
        <legend>Your organization</legend>
        <Field
          label="Organization name"
          value={organizationName}
          onChange={(e) => setOrganizationName(e.target.value)}
          error={fields.organizationName}
          required
        />
        <TextAreaField
          label="Departments"
          hint="One per line. More come with the roster import later."
          value={departmentText}
          onChange={setDepartmentText}
          error={departmentError}
        />
      </fieldset>
      <fieldset>
        <legend>First administrator</legend>
        <p className="muted small">
          This account manages staff accounts and roles. It cannot grant itself more: a second administrator approves that.
        </p>
        <Field
          label="Full name"
          autoComplete="name"
          value={admin.displayName}
          onChange={set('displayName')}
          error={fields['administrator.displayName']}
          required
        />
        <Field
          label="Username"
          autoComplete="username"
          value={admin.username}
          onChange={set('username')}
          error={fields['administrator.username']}
          required
        />
        <Field
          label="E-mail"
          type="email"
          autoComplete="email"
          value={admin.email}
          onChange={set('email')}
          error={fields['administrator.email']}
          required
        />
        <Field
          label="Employee ID"
          hint="As in your staff roster, so a roster import recognises you."
          value={admin.employeeId}
          onChange={set('employeeId')}
          error={fields['administrator.employeeId']}
          required
        />
        <SelectField
          label="Department"
          value={department}
          onChange={(v) => setAdmin({ ...admin, department: v })}
          options={
            departments.length
              ? departments.map((d) => ({ value: d, label: d }))
              : [{ value: '', label: 'Enter the departments above first' }]
          }
          error={fields['administrator.department']}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={PASSWORD_RULES}
          value={admin.password}
          onChange={set('password')}
          error={fields['administrator.password']}
          required
        />
        <Field
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={mismatch ? 'The two passwords do not match.' : undefined}
          required
        />
      </fieldset>
      <p className="muted small">Setting up also creates the deployment's master key, which protects card numbers and second factors.</p>
      <ActionButton type="submit" pending={complete.pending} pendingLabel="Setting up…">
        Set up Clearance
      </ActionButton>
    </form>
  );
}

function TryTheDemo() {
  const demo = useAction('setup.openDemo');
  return (
    <aside className="setup-card spaced" aria-labelledby="demo-title">
      <h2 id="demo-title">Just looking?</h2>
      <p>
        The demo opens a separate database with a synthetic organization and demo accounts. Nothing you do there touches this one, and it is
        always labelled as a demo.
      </p>
      {demo.value && <Alert kind="info">Clearance is reopening on the demo organization…</Alert>}
      {demo.error && <Alert kind="error">{demo.error.message}</Alert>}
      <ActionButton className="button button--secondary" pending={demo.pending} onClick={() => void demo.run({})}>
        Try the demo
      </ActionButton>
    </aside>
  );
}

/**
 * First run: the organization, its departments and the first administrator (signed in once set
 * up), then their second factor. `onDone` leaves the setup for the app.
 */
export function SetupScreen({ onDone }: { onDone(): void }) {
  const { setView } = useSession();
  const [stage, setStage] = useState<Stage>('details');
  return (
    <div className="setup-page">
      <main className="setup-card" aria-labelledby="setup-title">
        <Brand size={36} />
        <h1 id="setup-title">Set up Clearance</h1>
        <p className="lead">
          This database is new. Set it up once for your organization; every workstation that uses it shares the result.
        </p>
        <ol className="setup-steps" aria-label="Setup steps">
          {STEPS.map((s, i) => (
            <li key={s.key} aria-current={s.key === stage ? 'step' : undefined}>
              {i + 1}. {s.label}
            </li>
          ))}
        </ol>
        {stage === 'details' ? (
          <SetupForm
            onSetUp={(view) => {
              setView(view);
              setStage('second-factor');
            }}
          />
        ) : (
          <FirstAdministratorSecondFactor onDone={onDone} />
        )}
      </main>
      {stage === 'details' && <TryTheDemo />}
    </div>
  );
}
