/**
 * The one door from the renderer into main. For every call it checks the channel, validates
 * the input, resolves the session from the sender, enforces the channel's access level, runs
 * the handler, validates the output (which also strips any field the contract does not name),
 * and returns a typed result. Refusals are audited. A mutation sent with a request id runs once
 * per id: a repeat gets the first result (see recentRequests.ts).
 */
import type { z } from 'zod';
import { contract, isChannel, type AccessOf, type Channel, type ParsedInputOf, type OutputOf } from '../contract/index.js';
import { RequestIdSchema, type Access } from '../contract/channel.js';
import { NO_NUL_MESSAGE, nulPath } from '../contract/common.js';
import type { Result, ErrorCode } from '../contract/result.js';
import type { ResolvedSession } from '../services/auth/authService.js';
import { AppError, isConnectionError } from '../services/errors.js';
import type { Services } from '../services/index.js';
import type { Clock } from '../services/clock.js';
import type { Logger } from '../services/logger.js';
import type { Caller, PublicContext, SessionContext } from './context.js';
import { SessionBindings } from './sessionBindings.js';
import { RecentRequests } from './recentRequests.js';

type ContextFor<C extends Channel> = AccessOf<C> extends 'public' ? PublicContext : SessionContext;
export type Handler<C extends Channel> = (input: ParsedInputOf<C>, ctx: ContextFor<C>) => Promise<OutputOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

const allowedStates: Record<Exclude<Access, 'public'>, readonly string[]> = {
  session: ['active'],
  'password-change': ['active', 'must_change'],
  unlock: ['active', 'locked'],
  'second-factor': ['needs_code'],
  enrolment: ['active', 'must_enrol'],
  'any-session': ['active', 'locked', 'must_change', 'needs_code', 'must_enrol'],
};

/** What a session in each state may not do yet: the message for the person, and the audit reason in words. */
const stateRefusal: Record<string, { code: ErrorCode; message: string; reason: string }> = {
  locked: {
    code: 'SESSION_LOCKED',
    message: 'Your session is locked after 15 minutes without activity. Enter your password to continue.',
    reason: 'session locked after inactivity',
  },
  must_change: {
    code: 'PASSWORD_CHANGE_REQUIRED',
    message: 'Change your password before continuing.',
    reason: 'password change required first',
  },
  needs_code: {
    code: 'SECOND_FACTOR_REQUIRED',
    message: 'Enter the code from your authenticator app to finish signing in.',
    reason: 'second factor not yet given',
  },
  must_enrol: {
    code: 'ENROLMENT_REQUIRED',
    message: 'Set up your second factor (an authenticator app) before continuing.',
    reason: 'second factor not yet set up',
  },
};

const STEP_UP_MESSAGE = 'This action needs a fresh code from your authenticator app.';

export class Router {
  readonly bindings = new SessionBindings();
  readonly recentRequests = new RecentRequests(() => this.clock.now().getTime());

  constructor(
    private readonly services: Services,
    private readonly handlers: Handlers,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  private async refuse(
    caller: Caller,
    session: ResolvedSession | null,
    channel: string,
    code: ErrorCode,
    message: string,
    reason: string,
    extra: Record<string, string> = {},
  ): Promise<Result<never>> {
    const actor = session ? { id: session.principal.id, username: session.principal.username } : null;
    await this.services.audit.record({
      actor,
      workstation: caller.workstation,
      event: 'ipc.refused',
      outcome: 'denied',
      resource: { type: 'channel', id: channel.slice(0, 80) },
      reason,
      details: extra,
    });
    return { ok: false, code, message };
  }

  private started: Promise<void> = Promise.resolve();

  /**
   * Holds every call until the app's start-up work is done: its start checkpoint must come before
   * anything this run writes. The window loads meanwhile, so nobody waits on it in practice.
   */
  holdUntil(started: Promise<void>): void {
    this.started = started;
  }

  /** `requestId` names the user action a mutation belongs to (a UUID); optional, and ignored for other channels. */
  async invoke(caller: Caller, channel: unknown, input: unknown, requestId?: unknown): Promise<Result<unknown>> {
    try {
      await this.started;
    } catch (error) {
      this.logger.error(`start-up failed: ${error instanceof Error ? error.name : 'error'}`);
      return {
        ok: false,
        code: 'UNAVAILABLE',
        message:
          'Clearance could not finish starting, so nothing was done. Close it and start it again; if it keeps happening, tell your administrator.',
      };
    }
    try {
      return await this.dispatch(caller, channel, input, requestId);
    } catch (error) {
      return this.failure(channel, error);
    }
  }

  /** An exception as a result: the AppError's words, or a general message with the cause only in the log. */
  private failure(channel: unknown, error: unknown): Result<never> {
    if (error instanceof AppError) {
      return { ok: false, code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
    }
    if (isConnectionError(error)) {
      this.logger.error(`IPC ${String(channel).slice(0, 80)}: database unreachable`);
      return {
        ok: false,
        code: 'UNAVAILABLE',
        message:
          'The central database cannot be reached, so nothing was done. Check the network connection and try again; your next action will reconnect.',
      };
    }
    // Only the name and message: never inputs, which may hold personal data or passwords.
    const e = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    this.logger.error(`IPC ${String(channel).slice(0, 80)} failed: ${e}`);
    return {
      ok: false,
      code: 'INTERNAL',
      message: 'Something went wrong on our side and nothing was changed. Try again; if it keeps happening, tell your administrator.',
    };
  }

  private async dispatch(caller: Caller, channel: unknown, input: unknown, requestId: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) {
      return this.refuse(caller, null, String(channel), 'UNKNOWN_CHANNEL', 'This action does not exist.', 'unknown channel');
    }
    const def = contract[channel];
    const sessionId = this.bindings.get(caller.senderKey);
    const session = sessionId ? await this.services.auth.resolve(sessionId, caller.workstation) : null;
    if (sessionId && !session) this.unbind(caller.senderKey);

    const id = requestId === undefined ? undefined : RequestIdSchema.safeParse(requestId);
    if (id && !id.success) {
      await this.refuse(caller, session, channel, 'INVALID_INPUT', '', 'invalid request id');
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: 'Some of the information is missing or not valid.',
        fields: { requestId: id.error.issues[0]!.message },
      };
    }

    const parsed = (def.input as z.ZodType).safeParse(input);
    const nul = nulPath(input);
    if (!parsed.success || nul) {
      const fields: Record<string, string> = nul ? { [nul]: NO_NUL_MESSAGE } : {};
      for (const issue of parsed.success ? [] : parsed.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
      await this.refuse(caller, session, channel, 'INVALID_INPUT', '', 'invalid input', { fields: Object.keys(fields).join(',') });
      return { ok: false, code: 'INVALID_INPUT', message: 'Some of the information is missing or not valid.', fields };
    }

    const access: Access = def.access;
    let live = session;
    if (access !== 'public') {
      if (!live) {
        return this.refuse(caller, null, channel, 'UNAUTHENTICATED', 'You are not signed in. Sign in to continue.', 'not signed in');
      }
      if (!allowedStates[access].includes(live.session.state)) {
        const refusal = stateRefusal[live.session.state] ?? {
          code: 'UNAUTHENTICATED' as const,
          message: 'Sign in to continue.',
          reason: 'session ended',
        };
        return this.refuse(caller, live, channel, refusal.code, refusal.message, refusal.reason);
      }
      if (live.session.state === 'active') live = { ...live, session: await this.services.auth.touch(live.session) };
    }

    const ctx: SessionContext | PublicContext = {
      caller,
      services: this.services,
      session: live,
      bindSession: (id) => this.bindings.bind(caller.senderKey, id),
      unbindSession: () => this.unbind(caller.senderKey),
    };
    const handler = this.handlers[channel] as (input: unknown, ctx: SessionContext | PublicContext) => Promise<unknown>;
    const run = async (): Promise<Result<unknown>> => {
      if (def.stepUp && live && (await this.services.secondFactors.stepUpDue(live))) {
        // Not remembered by request id: the renderer asks for a code and sends the same request again.
        return this.refuse(
          caller,
          live,
          channel,
          'STEP_UP_REQUIRED',
          STEP_UP_MESSAGE,
          'step-up due: no second-factor code in the last minutes',
        );
      }
      let result: Result<unknown>;
      try {
        result = { ok: true, value: (def.output as z.ZodType).parse(await handler(parsed.data, ctx)) };
      } catch (error) {
        result = this.failure(channel, error);
      }
      if (!result.ok && result.code === 'LOCKED_OUT' && live && access !== 'public') {
        // Whatever the prompt, a lockout ends the session that met it: the window signs in again.
        await this.services.auth.endAfterLockout(live, caller);
        this.unbind(caller.senderKey);
      }
      return result;
    };
    if (!def.mutation || !id) return run();

    // A public call (sign-in) may bind or end the session while it runs: its scope is the window.
    const scope = access === 'public' || !live ? `sender:${caller.senderKey}` : `session:${live.session.id}`;
    const recalled = this.recentRequests.once(scope, id.data, channel, parsed.data, run);
    if (recalled.kind === 'mismatch') {
      return this.refuse(
        caller,
        live,
        channel,
        'INVALID_INPUT',
        'This request id was already used for a different action. Nothing was done.',
        'request id reused for another action',
      );
    }
    return recalled.result;
  }

  /** The window no longer holds its session: what that session's requests returned is forgotten with it. */
  private unbind(senderKey: string): void {
    const sessionId = this.bindings.get(senderKey);
    if (sessionId) this.recentRequests.forget(`session:${sessionId}`);
    this.bindings.unbind(senderKey);
  }
}
