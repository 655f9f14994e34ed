import { ROLE_DESCRIPTIONS } from '@contract/roles';
import { useSignedIn } from '../session/SessionContext';
import { formatDate, greeting } from '../format';
import { TrainingReminders } from './training/TrainingReminders';
import { ReviewReminder } from './reports/ReviewReminder';
import { PrivacyNotices } from './monitoring/PrivacyNotices';

export function HomeScreen() {
  const { user } = useSignedIn();
  const first = user.displayName.split(' ')[0] ?? user.displayName;
  return (
    <div className="page">
      <h1>
        {greeting(new Date())}, {first}
      </h1>
      <p className="lead">
        {user.department} · Employee {user.employeeId}
      </p>

      {user.roles.some((r) => r.key === 'supervisor') && <PrivacyNotices />}
      <TrainingReminders />
      {user.roles.some((r) => r.key === 'supervisor') && <ReviewReminder />}

      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">Your roles</h2>
        <ul className="role-list">
          {user.roles.map((role) => (
            <li key={role.key} className="role-list__item">
              <span className="badge">{role.name}</span>
              <span>{ROLE_DESCRIPTIONS[role.key]}</span>
            </li>
          ))}
        </ul>
        <p className="muted">Roles are assigned by your administrator. If one is missing or wrong, ask your supervisor.</p>
      </section>

      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">Your account</h2>
        <dl className="facts">
          <div>
            <dt>Username</dt>
            <dd>{user.username}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>Hire date</dt>
            <dd>{formatDate(user.hireDate)}</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
