/**
 * Makes mutations idempotent per request id: a double click, or a retry of the same action,
 * must never do the work twice, even if the renderer fails to stop it. Per scope (a session,
 * or the calling window before there is one) the router remembers the recent request ids with
 * their first result; a repeated id gets that result without running the handler again, and a
 * duplicate that arrives while the first is still running waits for it.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { ErrorCode, Result } from '../contract/result.js';

export interface RecentRequestLimits {
  /** How many request ids each scope remembers (the oldest settled ones are forgotten first). */
  perScope: number;
  /** How long a result is remembered, in milliseconds. */
  keepMs: number;
}

export const DEFAULT_LIMITS: RecentRequestLimits = { perScope: 200, keepMs: 10 * 60_000 };

/**
 * Nothing was changed and the cause may pass: a retry with the same id must run again (after a
 * step-up, the renderer sends the very same request once the code is given).
 */
const FORGET_AFTER: ReadonlySet<ErrorCode> = new Set(['INTERNAL', 'UNAVAILABLE', 'STEP_UP_REQUIRED']);

interface Remembered {
  /** Which call the id was first used for: the channel and input, keyed so no input is kept readable. */
  fingerprint: string;
  result: Promise<Result<unknown>>;
  at: number;
  settled: boolean;
}

export type Recalled = { kind: 'first' | 'repeat'; result: Promise<Result<unknown>> } | { kind: 'mismatch' };

export class RecentRequests {
  private readonly scopes = new Map<string, Map<string, Remembered>>();
  /** Per process: fingerprints of inputs (which may hold a password) are meaningless outside it. */
  private readonly key = createSecretKey(randomBytes(32));

  constructor(
    private readonly now: () => number,
    private readonly limits: RecentRequestLimits = DEFAULT_LIMITS,
  ) {}

  /**
   * Runs `work` for the first use of `requestId` in `scope`; a repeat with the same channel and
   * input gets the first result, a repeat with another channel or input is a mismatch.
   */
  once(scope: string, requestId: string, channel: string, input: unknown, work: () => Promise<Result<unknown>>): Recalled {
    this.prune();
    const fingerprint = createHmac('sha256', this.key).update(channel).update('\0').update(JSON.stringify(input)).digest('base64');
    const requests = this.scopes.get(scope) ?? new Map<string, Remembered>();
    const known = requests.get(requestId);
    if (known) return known.fingerprint === fingerprint ? { kind: 'repeat', result: known.result } : { kind: 'mismatch' };

    this.scopes.set(scope, requests);
    const entry: Remembered = { fingerprint, result: work(), at: this.now(), settled: false };
    requests.set(requestId, entry);
    void entry.result.then((r) => {
      entry.settled = true;
      if (!r.ok && FORGET_AFTER.has(r.code) && requests.get(requestId) === entry) requests.delete(requestId);
    });
    return { kind: 'first', result: entry.result };
  }

  /** The scope ended (signed out): its results are no longer anyone's. */
  forget(scope: string): void {
    this.scopes.delete(scope);
  }

  /** How many request ids are remembered, over all scopes (for tests). */
  get size(): number {
    let n = 0;
    for (const requests of this.scopes.values()) n += requests.size;
    return n;
  }

  private prune(): void {
    const oldest = this.now() - this.limits.keepMs;
    for (const [scope, requests] of this.scopes) {
      for (const [id, entry] of requests) {
        // Insertion order is time order; a running request stays so its duplicates can wait for it.
        if (entry.at > oldest) break;
        if (entry.settled) requests.delete(id);
      }
      this.trim(requests);
      if (requests.size === 0) this.scopes.delete(scope);
    }
  }

  /** Over the count limit, the oldest settled requests go (the check runs before each new request). */
  private trim(requests: Map<string, Remembered>): void {
    for (const [id, entry] of requests) {
      if (requests.size <= this.limits.perScope) return;
      if (entry.settled) requests.delete(id);
    }
  }
}
