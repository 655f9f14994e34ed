import { z } from 'zod';

/**
 * Who may call a channel:
 * - public: anyone, with or without a session (sign-in, session status);
 * - session: an active, unlocked session whose password is not due for a forced change;
 * - password-change: an active session, or one that must change its password first;
 * - unlock: a session that the idle timer locked (or an active one);
 * - second-factor: a session whose password was right and whose authenticator code is asked next;
 * - enrolment: a session that must set up its second factor first (or an active one);
 * - any-session: any session that has not ended (sign-out).
 */
export type Access = 'public' | 'session' | 'password-change' | 'unlock' | 'second-factor' | 'enrolment' | 'any-session';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, A extends Access = Access> {
  access: A;
  input: I;
  output: O;
  /**
   * The call does work that must happen once per user action: it changes data, writes an audit
   * entry or a file. The renderer sends a request id with it, and the router answers a repeated
   * id with the first result instead of doing the work again (a double click, a retry).
   */
  mutation?: boolean;
  /**
   * A sensitive action: a second-factor code must have been given within the last few minutes
   * (setting `mfa.stepUpMinutes`, 15 by default). When it was not, the router refuses with
   * STEP_UP_REQUIRED; the renderer asks for a code (`auth.stepUp`) and sends the action again
   * with the same request id. Mark every reveal, process, break-glass and administrator action.
   */
  stepUp?: boolean;
  /** One line for the contract's readers. */
  summary: string;
}

export function defineChannel<I extends z.ZodType, O extends z.ZodType, const A extends Access>(def: ChannelDef<I, O, A>) {
  return def;
}

/**
 * The id of one user action, sent beside the input (the third argument of the preload's `invoke`),
 * so that main can recognise a repeat of the same action.
 */
export const RequestIdSchema = z.uuid('A request id is a UUID.');
