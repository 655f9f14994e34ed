/**
 * The renderer's typed client, derived from the contract: `api.auth.signIn({ … })`, or
 * `call('auth.signIn', { … }, requestId)`. Every call goes through the single `invoke` the
 * preload exposes; a mutation's third argument names the user action it belongs to.
 */
import type { Channel, InputOf, OutputOf } from './index.js';
import type { Result } from './result.js';

export type Invoke = (channel: string, input: unknown, requestId?: string) => Promise<unknown>;

/** One typed call by channel name; `requestId` (a UUID) lets main answer a repeated mutation with its first result. */
export type Call = <C extends Channel>(channel: C, input: InputOf<C>, requestId?: string) => Promise<Result<OutputOf<C>>>;

type AreaOf<C extends string> = C extends `${infer A}.${string}` ? A : never;
type Area = AreaOf<Channel>;
/** The empty input `{}`: "does an empty object satisfy this input?" is exactly the question below. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInput = {};
// An input whose fields are all optional may be left out.
type CallFn<C extends Channel> =
  NoInput extends InputOf<C> ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>> : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;

export type Api = {
  [A in Area]: { [C in Channel as C extends `${A}.${infer M}` ? M : never]: CallFn<C> };
};

/** The bridge the preload puts on `window`. */
export interface ClearanceBridge {
  invoke: Invoke;
}

export function createApi(invoke: Invoke): Api {
  return new Proxy({} as Api, {
    get: (_t, area: string) => new Proxy({}, { get: (_a, call: string) => (input?: unknown) => invoke(`${area}.${call}`, input ?? {}) }),
  });
}

export function createCall(invoke: Invoke): Call {
  return <C extends Channel>(channel: C, input: InputOf<C>, requestId?: string) =>
    invoke(channel, input, requestId) as Promise<Result<OutputOf<C>>>;
}
