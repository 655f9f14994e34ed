import type { ResolvedSession } from '../services/auth/authService.js';
import type { Caller } from '../services/caller.js';
import type { Services } from '../services/index.js';

export type { Caller };

/** What a handler gets: who calls, the services, the caller's session, and the window's session binding. */
export interface PublicContext {
  caller: Caller;
  services: Services;
  session: ResolvedSession | null;
  bindSession(sessionId: string): void;
  unbindSession(): void;
}

export interface SessionContext extends PublicContext {
  session: ResolvedSession;
}
