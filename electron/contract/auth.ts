import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime, RoleKeySchema } from './common.js';

export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  employeeId: z.string(),
  email: z.string(),
  department: z.string(),
  hireDate: z.string(),
  roles: z.array(z.object({ key: RoleKeySchema, name: z.string() })),
  lastSignInAt: IsoTime.nullable(),
});

export const SessionView = z.object({
  state: z.enum(['active', 'locked', 'must_change']),
  idleMinutes: z.number(),
  idleExpiresAt: IsoTime,
  user: SessionUser,
});
export type SessionView = z.infer<typeof SessionView>;

const Password = z.string().min(1, 'Enter your password.').max(256);

export const authContract = {
  'auth.signIn': defineChannel({
    access: 'public',
    mutation: true,
    summary: 'Sign in with username and password; binds a session to the calling window.',
    input: z.object({ username: z.string().trim().min(1, 'Enter your username.').max(100), password: Password }).strict(),
    output: SessionView,
  }),
  'auth.current': defineChannel({
    access: 'public',
    summary: "The calling window's session, or null. Does not count as activity.",
    input: Empty,
    output: SessionView.nullable(),
  }),
  'auth.activity': defineChannel({
    access: 'session',
    summary: 'The person is active (typing, reading); pushes back the idle lock.',
    input: Empty,
    output: z.object({ idleExpiresAt: IsoTime }),
  }),
  'auth.unlock': defineChannel({
    access: 'unlock',
    mutation: true,
    summary: 'Re-enter the password to unlock a session the idle timer locked.',
    input: z.object({ password: Password }).strict(),
    output: SessionView,
  }),
  'auth.changePassword': defineChannel({
    access: 'password-change',
    mutation: true,
    summary: 'Change the password (required on first sign-in and after a reset).',
    input: z.object({ currentPassword: Password, newPassword: z.string().min(1, 'Enter a new password.').max(256) }).strict(),
    output: SessionView,
  }),
  'auth.signOut': defineChannel({
    access: 'any-session',
    summary: 'End the session.',
    input: Empty,
    output: z.object({ signedOut: z.literal(true) }),
  }),
};
