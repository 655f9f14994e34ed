import type { SessionView } from '../../contract/auth.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import type { ResolvedSession } from '../../services/auth/authService.js';
import { SIGN_IN_RULES } from '../../services/auth/signInRules.js';
import type { Services } from '../../services/index.js';

export function toSessionView(services: Services, { session, principal }: ResolvedSession): SessionView {
  if (session.state === 'ended') throw new Error('an ended session has no view');
  return {
    state: session.state,
    idleMinutes: SIGN_IN_RULES.idleMinutes,
    idleExpiresAt: services.auth.idleExpiresAt(session),
    user: {
      username: principal.username,
      displayName: principal.displayName,
      employeeId: principal.employeeId,
      email: principal.email,
      department: principal.departmentName,
      hireDate: principal.hireDate,
      roles: principal.roles.map((key) => ({ key, name: ROLE_NAMES[key] })),
      lastSignInAt: principal.lastSignInAt,
    },
  };
}
