/**
 * The renderer's only way to the main process: one typed call per channel of the contract, over
 * the preload's single `invoke`. The renderer holds no secrets and makes no decisions; main
 * checks everything. Screens call through `useQuery` (loads) and `useAction` (user actions).
 */
import { createCall, type ClearanceBridge } from '@contract/client';

declare global {
  interface Window {
    clearance?: ClearanceBridge;
  }
}

function bridge(): ClearanceBridge {
  if (!window.clearance) throw new Error('Clearance must be opened from the desktop app.');
  return window.clearance;
}

export const call = createCall((channel, input, requestId) => bridge().invoke(channel, input, requestId));

/** A new id for one user action, so main can tell a repeat of it (a double click) from a new one. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
