/**
 * The renderer's only way to the main process: the typed client over the preload's single
 * `invoke`. The renderer holds no secrets and makes no decisions; main checks everything.
 */
import { createApi, type ClearanceBridge } from '@contract/client';

declare global {
  interface Window {
    clearance?: ClearanceBridge;
  }
}

function bridge(): ClearanceBridge {
  if (!window.clearance) throw new Error('Clearance must be opened from the desktop app.');
  return window.clearance;
}

export const api = createApi((channel, input) => bridge().invoke(channel, input));

/** Session-ending codes are handled centrally by the session provider. */
export const SESSION_CODES = new Set(['UNAUTHENTICATED', 'SESSION_LOCKED', 'PASSWORD_CHANGE_REQUIRED']);
