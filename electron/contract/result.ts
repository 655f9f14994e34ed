/** What every IPC call returns. Errors are values at the boundary, never thrown across it. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'SESSION_LOCKED'
  | 'PASSWORD_CHANGE_REQUIRED'
  /** The session's password was right; the authenticator's code is asked before anything else. */
  | 'SECOND_FACTOR_REQUIRED'
  /** The person must set up a second factor before anything else. */
  | 'ENROLMENT_REQUIRED'
  /** A sensitive action needs a fresh second-factor code (auth.stepUp), then the same request again. */
  | 'STEP_UP_REQUIRED'
  | 'INVALID_CREDENTIALS'
  | 'LOCKED_OUT'
  | 'ACCOUNT_DISABLED'
  | 'PASSWORD_POLICY'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; code: ErrorCode; message: string; fields?: Record<string, string> };
export type Result<T> = Ok<T> | Err;
