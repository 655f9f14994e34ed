import { z } from 'zod';
import { SessionView } from './auth.js';
import { defineChannel } from './channel.js';
import { Empty } from './common.js';
import { DepartmentName, Email, EmployeeId, PersonName, requiredText, Username } from './personFields.js';

/** Whether this database is set up, and whether it holds the demo organization (a banner says so on every screen). */
export const SetupStatus = z.object({
  setUp: z.boolean(),
  demo: z.boolean(),
  organizationName: z.string().nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupInput = z
  .object({
    organizationName: requiredText("the organization's name", 120),
    departments: z
      .array(DepartmentName)
      .min(1, 'Enter at least one department.')
      .max(50, 'Enter at most 50 departments here; more come with the roster import.')
      .refine((list) => new Set(list.map((d) => d.toLowerCase())).size === list.length, 'Each department once.'),
    administrator: z
      .object({
        displayName: PersonName,
        username: Username,
        email: Email,
        employeeId: EmployeeId,
        /** One of `departments`. */
        department: DepartmentName,
        password: z.string().min(1, 'Choose a password.').max(256),
      })
      .strict(),
  })
  .strict()
  .refine((s) => s.departments.some((d) => d.toLowerCase() === s.administrator.department.toLowerCase()), {
    message: 'Choose one of the departments above.',
    path: ['administrator', 'department'],
  });
export type SetupInput = z.infer<typeof SetupInput>;

export const setupContract = {
  'setup.status': defineChannel({
    access: 'public',
    summary: 'Whether the database is set up (else the first-run setup shows) and whether it is the demo organization.',
    input: Empty,
    output: SetupStatus,
  }),
  'setup.complete': defineChannel({
    access: 'public',
    mutation: true,
    summary:
      'First-run setup, once per database: the organization, its departments, the first administrator and the master key; signs the administrator in.',
    input: SetupInput,
    output: SessionView,
  }),
  'setup.openDemo': defineChannel({
    access: 'public',
    mutation: true,
    summary: 'Try the demo instead: reopens Clearance on a separate demo database (only offered before setup).',
    input: Empty,
    output: z.object({ opening: z.literal(true) }),
  }),
};
