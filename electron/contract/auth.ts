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
  /**
   * active; locked (idle); must_change (a one-time password to replace); needs_code (the
   * authenticator's code comes next); must_enrol (set up a second factor before anything else).
   */
  state: z.enum(['active', 'locked', 'must_change', 'needs_code', 'must_enrol']),
  idleMinutes: z.number(),
  idleExpiresAt: IsoTime,
  user: SessionUser,
});
export type SessionView = z.infer<typeof SessionView>;

const Password = z.string().min(1, 'Enter your password.').max(256);

/** A code from the authenticator app (six digits) or one of the person's recovery codes. */
export const CodeAnswer = z
  .object({
    kind: z.enum(['totp', 'recovery']),
    code: z.string().trim().min(1, 'Enter the code.').max(64),
  })
  .strict();
export type CodeAnswer = z.infer<typeof CodeAnswer>;

export const SecondFactorStatus = z.object({
  /** An authenticator is set up and confirmed. */
  enrolled: z.boolean(),
  /** The person must use one; `requiredBecause` says why in words. */
  required: z.boolean(),
  requiredBecause: z.string().nullable(),
  enrolledAt: IsoTime.nullable(),
  lastUsedAt: IsoTime.nullable(),
  recoveryCodesLeft: z.number(),
  /** A code given within this many minutes covers a sensitive action. */
  stepUpMinutes: z.number(),
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatus>;

/** What the person enrolling needs, shown once: the QR code for the app and the same key to type in. */
export const EnrolmentStart = z.object({
  issuer: z.string(),
  account: z.string(),
  /** An SVG of the QR code as a data: URL, for an <img>. */
  qrCode: z.string().startsWith('data:image/svg+xml;base64,'),
  /** The secret in groups of four characters, for typing into the app by hand. */
  manualKey: z.string(),
  /** What the app must be set to: time-based, 6 digits, every 30 seconds. */
  digits: z.number(),
  periodSeconds: z.number(),
});
export type EnrolmentStart = z.infer<typeof EnrolmentStart>;

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

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
  'auth.verifyCode': defineChannel({
    access: 'second-factor',
    mutation: true,
    summary: 'The second sign-in step: a code from the authenticator app, or a recovery code.',
    input: CodeAnswer,
    output: SessionView,
  }),
  'auth.stepUp': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Give a second-factor code again before a sensitive action (it covers the next few minutes).',
    input: CodeAnswer,
    output: z.object({ steppedUpAt: IsoTime, validMinutes: z.number() }),
  }),
  'auth.secondFactor': defineChannel({
    access: 'enrolment',
    summary: "The caller's second factor: set up or not, whether it is required and why, recovery codes left.",
    input: Empty,
    output: SecondFactorStatus,
  }),
  'auth.beginEnrolment': defineChannel({
    access: 'enrolment',
    mutation: true,
    summary: 'Start setting up an authenticator app: a new secret as a QR code and a key to type (the same one until confirmed).',
    input: Empty,
    output: EnrolmentStart,
  }),
  'auth.confirmEnrolment': defineChannel({
    access: 'enrolment',
    mutation: true,
    summary: 'Confirm the authenticator with its first code; returns the recovery codes, shown this once.',
    input: z.object({ code: z.string().trim().min(1, 'Enter the code the app shows.').max(64) }).strict(),
    output: RecoveryCodes.extend({ session: SessionView }),
  }),
  'auth.regenerateRecoveryCodes': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Replace every recovery code with a new set, shown this once.',
    input: Empty,
    output: RecoveryCodes,
  }),
  'auth.signOut': defineChannel({
    access: 'any-session',
    summary: 'End the session.',
    input: Empty,
    output: z.object({ signedOut: z.literal(true) }),
  }),
};
