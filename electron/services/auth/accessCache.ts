/**
 * What a session's person looked like at one access version, kept between calls so that an open or
 * a reveal does not read the person, their curriculum and their grants again each time.
 *
 * The database moves a person's version on at every change to their staff row, roles, training,
 * break-glass grants or second factor, and the organisation's (row 0) at every change to modules,
 * the roles that require them, departments or settings (triggers of migration 070), whoever makes
 * the change: this workstation, another one, or someone by hand. The one session query reads both
 * versions, so the next call after a change finds a different stamp and loads afresh.
 *
 * Kept rows never hold the clock's verdict: a training lapse, an overdue module or a grant reaching
 * its end is computed again at each call from the rows and the clock.
 */
import type { CurriculumRows } from '../training/curriculum.js';
import type { Principal } from '../staff/principal.js';
import type { grantsWithState } from '../policy/breakGlassGrants.js';

/** A break-glass grant with why it ended (null: live), as grantsWithState reads it. */
export type GrantRow = Awaited<ReturnType<ReturnType<typeof grantsWithState>['execute']>>[number];

/** The rows the record policy decides on, as loaded at `loadedAt` (ms on the injected clock). */
export interface AccessRows {
  loadedAt: number;
  dueDays: number;
  curriculum: CurriculumRows;
  /** Grants still within their hours at `loadedAt`. */
  grants: GrantRow[];
}

export interface AccessEntry {
  /** The person's and the organisation's versions as read with the session. */
  readonly stamp: string;
  readonly principal: Principal;
  readonly secondFactor: boolean;
  /** Filled on first use at this stamp. */
  secondFactorRequired?: boolean;
  stepUpMinutes?: number;
  rows?: AccessRows;
}

/** The entry a principal came with from the session lookup of this call; none for a principal loaded otherwise. */
const entryOfPrincipal = new WeakMap<Principal, AccessEntry>();

/** A value kept in the principal's entry, loaded on first use; read every time for a principal without one. */
export async function keptAccess<K extends 'secondFactorRequired' | 'stepUpMinutes' | 'rows'>(
  principal: Principal,
  key: K,
  load: () => Promise<NonNullable<AccessEntry[K]>>,
  stillGood: (value: NonNullable<AccessEntry[K]>) => boolean = () => true,
): Promise<NonNullable<AccessEntry[K]>> {
  const entry = entryOfPrincipal.get(principal);
  const kept = entry?.[key];
  if (kept !== undefined && stillGood(kept as NonNullable<AccessEntry[K]>)) return kept as NonNullable<AccessEntry[K]>;
  const value = await load();
  if (entry) entry[key] = value;
  return value;
}

/** Sessions whose entry is kept; the oldest is dropped beyond this (a workstation has a handful). */
const MAX_SESSIONS = 500;

export class AccessCache {
  private readonly bySession = new Map<string, AccessEntry>();

  /** The kept entry of a session, if it was made at this stamp for this person. */
  get(sessionId: string, staffId: number, stamp: string): AccessEntry | undefined {
    const entry = this.bySession.get(sessionId);
    return entry && entry.stamp === stamp && entry.principal.id === staffId ? entry : undefined;
  }

  keep(sessionId: string, entry: AccessEntry): AccessEntry {
    this.bySession.delete(sessionId);
    this.bySession.set(sessionId, entry);
    entryOfPrincipal.set(entry.principal, entry);
    if (this.bySession.size > MAX_SESSIONS) this.bySession.delete(this.bySession.keys().next().value!);
    return entry;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
