/**
 * The renderer's typed client, derived from the contract: `call('auth.signIn', { … }, requestId)`.
 * Every call goes through the single `invoke` the preload exposes; a mutation's third argument
 * names the user action it belongs to.
 */
import type { Channel, InputOf, OutputOf } from './index.js';
import type { Result } from './result.js';

export type Invoke = (channel: string, input: unknown, requestId?: string) => Promise<unknown>;

/** One typed call by channel name; `requestId` (a UUID) lets main answer a repeated mutation with its first result. */
export type Call = <C extends Channel>(channel: C, input: InputOf<C>, requestId?: string) => Promise<Result<OutputOf<C>>>;

/** The bridge the preload puts on `window`. */
export interface ClearanceBridge {
  invoke: Invoke;
}

export function createCall(invoke: Invoke): Call {
  return <C extends Channel>(channel: C, input: InputOf<C>, requestId?: string) =>
    invoke(channel, input, requestId) as Promise<Result<OutputOf<C>>>;
}
