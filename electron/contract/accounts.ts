/**
 * Account administration (administrators): the staff list, one account's details, creating and
 * editing accounts, granting and revoking roles (with a preview, and a second administrator's
 * approval for administrator and privacy officer), unlock, password and second-factor resets,
 * disable/enable and ending sessions. People are named by their username; roles by their key,
 * shown with their name.
 */
import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime, RoleKeySchema, searchText } from './common.js';
import { Email, EmployeeId, PersonName, Reason, Username } from './personFields.js';

export const ACCOUNT_STATUS_FILTERS = ['active', 'locked', 'disabled', 'must_change', 'factor_enrolled', 'factor_missing'] as const;
export const AccountStatusFilter = z.enum(ACCOUNT_STATUS_FILTERS);
export type AccountStatusFilter = z.infer<typeof AccountStatusFilter>;

const RoleView = z.object({ key: RoleKeySchema, name: z.string() });
const Department = z.object({ code: z.string(), name: z.string() });

export const StaffRow = z.object({
  username: z.string(),
  displayName: z.string(),
  employeeId: z.string(),
  email: z.string(),
  department: z.string(),
  supervisor: z.string().nullable(),
  roles: z.array(RoleView),
  status: z.enum(['active', 'disabled']),
  disabledReason: z.string().nullable(),
  /** Set while the account is locked after failed attempts. */
  lockedUntil: IsoTime.nullable(),
  mustChangePassword: z.boolean(),
  /** Null where this database keeps no second factors yet. */
  secondFactorEnrolled: z.boolean().nullable(),
  lastSignInAt: IsoTime.nullable(),
});
export type StaffRow = z.infer<typeof StaffRow>;

export const StaffPage = z.object({
  rows: z.array(StaffRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  departments: z.array(Department),
});
export type StaffPage = z.infer<typeof StaffPage>;

export const RoleRequestView = z.object({
  id: z.number(),
  person: z.string(),
  username: z.string(),
  role: RoleView,
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: IsoTime,
  /** Whether the caller may approve it, and if not, why. */
  mayApprove: z.boolean(),
  whyNot: z.string().nullable(),
});
export type RoleRequestView = z.infer<typeof RoleRequestView>;

export const PersonDetail = StaffRow.extend({
  hireDate: z.string(),
  supervisorUsername: z.string().nullable(),
  departmentCode: z.string(),
  roleGrants: z.array(RoleView.extend({ grantedOn: z.string(), grantedBy: z.string().nullable() })),
  openSessions: z.number(),
  pendingRequests: z.array(RoleRequestView),
  /** The caller is looking at their own account: the screen offers none of the actions separation of duties forbids. */
  isSelf: z.boolean(),
  departments: z.array(Department),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const RoleChange = z.enum(['grant', 'revoke']);

export const RolePreview = z.object({
  person: z.string(),
  role: RoleView,
  change: RoleChange,
  /** Grant: the modules the role requires, with their state for this person. */
  modules: z.array(
    z.object({
      number: z.number(),
      title: z.string(),
      state: z.string(),
      /** YYYY-MM-DD it must be completed by, when it is not current. */
      dueDate: z.string().nullable(),
      /** When the completion that makes it current expires. */
      currentUntil: IsoTime.nullable(),
    }),
  ),
  /** Grant of a role that opens records: when record access starts. */
  recordAccess: z.string().nullable(),
  /** Grant: what the role adds. */
  gains: z.array(z.string()),
  /** Revoke: what ends at once (nothing another of their roles still gives). */
  ends: z.array(z.string()),
  /** Revoke: modules no longer required (their history is kept). */
  noLongerRequired: z.array(z.string()),
  /** Set when the grant waits for a second administrator. */
  approval: z.string().nullable(),
});
export type RolePreview = z.infer<typeof RolePreview>;

const Done = z.object({ message: z.string() });
const Target = { username: Username };

export const NewAccountInput = z
  .object({
    displayName: PersonName,
    username: Username,
    email: Email,
    employeeId: EmployeeId,
    department: z.string().min(1, 'Choose a department.'),
    supervisor: Username.nullable(),
    hireDate: z.iso.date('Enter the hire date as YYYY-MM-DD.'),
    roles: z.array(RoleKeySchema).max(7),
  })
  .strict();
export type NewAccountInput = z.infer<typeof NewAccountInput>;

export const CreatedAccount = z.object({
  username: z.string(),
  displayName: z.string(),
  /** Shown once, to hand over in person; stored only as a hash. */
  oneTimePassword: z.string(),
  granted: z.array(RoleView),
  /** Administrator or privacy officer, waiting for a second administrator. */
  pending: z.array(RoleView),
  curriculum: z.array(z.object({ number: z.number(), title: z.string(), dueDate: z.string() })),
});
export type CreatedAccount = z.infer<typeof CreatedAccount>;

export const accountsContract = {
  'accounts.list': defineChannel({
    access: 'session',
    summary: 'Administrators: staff, searched and filtered by department, role and status, one page at a time (in SQL).',
    input: z
      .object({
        search: searchText().optional(),
        department: z.string().max(40).optional(),
        role: RoleKeySchema.optional(),
        status: AccountStatusFilter.optional(),
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(1).max(100).default(25),
      })
      .strict(),
    output: StaffPage,
  }),
  'accounts.person': defineChannel({
    access: 'session',
    summary: "Administrators: one person's account, roles with who granted them, sessions and pending grants.",
    input: z.object(Target).strict(),
    output: PersonDetail,
  }),
  'accounts.create': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: create one account with a one-time password (shown once) and its curriculum from its roles.',
    input: NewAccountInput,
    output: CreatedAccount,
  }),
  'accounts.edit': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: change a person's name, e-mail, department or supervisor.",
    input: z
      .object({ ...Target, displayName: PersonName, email: Email, department: z.string().min(1), supervisor: Username.nullable() })
      .strict(),
    output: PersonDetail,
  }),
  'accounts.rolePreview': defineChannel({
    access: 'session',
    summary: 'Administrators: what granting or revoking a role would do (training due, record access, what ends at once). Changes nothing.',
    input: z.object({ ...Target, role: RoleKeySchema, change: RoleChange }).strict(),
    output: RolePreview,
  }),
  'accounts.changeRole': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: grant or revoke a role with a reason; administrator and privacy officer wait for a second administrator.',
    input: z.object({ ...Target, role: RoleKeySchema, change: RoleChange, reason: Reason }).strict(),
    output: z.object({ outcome: z.enum(['granted', 'revoked', 'pending']), message: z.string() }),
  }),
  'accounts.roleRequests': defineChannel({
    access: 'session',
    summary: 'Administrators: grants waiting for a second administrator.',
    input: Empty,
    output: z.object({ items: z.array(RoleRequestView) }),
  }),
  'accounts.decideRoleRequest': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: approve (a second administrator) or refuse a pending grant.',
    input: z
      .object({
        requestId: z.number().int().positive(),
        decision: z.enum(['approve', 'refuse']),
        note: z.string().trim().max(500).default(''),
      })
      .strict(),
    output: z.object({ outcome: z.enum(['approved', 'refused']), message: z.string() }),
  }),
  'accounts.unlock': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: unlock an account locked after failed attempts.',
    input: z.object({ ...Target, reason: Reason }).strict(),
    output: Done,
  }),
  'accounts.resetPassword': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: "Administrators: a new one-time password (shown once), a forced change at next sign-in; the person's sessions end.",
    input: z.object({ ...Target, reason: Reason }).strict(),
    output: Done.extend({ oneTimePassword: z.string() }),
  }),
  'accounts.resetSecondFactor': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: remove a second factor; the person enrols again at their next sign-in.',
    input: z.object({ ...Target, reason: Reason }).strict(),
    output: Done,
  }),
  'accounts.setEnabled': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: disable (their sessions end) or re-enable an account, with a reason.',
    input: z.object({ ...Target, enabled: z.boolean(), reason: Reason }).strict(),
    output: Done,
  }),
  'accounts.endSessions': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators: end every open session of a person (they must sign in again).',
    input: z.object({ ...Target, reason: Reason }).strict(),
    output: Done.extend({ ended: z.number() }),
  }),
};
