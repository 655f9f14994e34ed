import type { ResolvedSession } from '../services/auth/authService.js';
import type { Services } from '../services/index.js';
import type { Desktop } from './desktop.js';

/** Who is calling: a window (sender) on a workstation. Never taken from the payload. */
export interface Caller {
  /** Identifies the calling window: its webContents id in Electron, its page in the test harness. */
  senderKey: string;
  workstation: string;
}

export interface PublicContext {
  caller: Caller;
  services: Services;
  desktop: Desktop;
  session: ResolvedSession | null;
  bindSession(sessionId: string): void;
  unbindSession(): void;
}

export interface SessionContext extends PublicContext {
  session: ResolvedSession;
}
