/**
 * Forwards the audit trail to the agency's SIEM as it is written (PCI DSS 10.4.1.1, NIST AU-6(3)).
 *
 * Delivery guarantee: AT LEAST ONCE, IN ORDER, WITHOUT GAPS ON OUR SIDE.
 * - Entries go out in seq order, in batches. The cursor (last delivered seq) moves only after the
 *   sink said the whole batch was written, and it never moves past an entry that was not.
 * - "Written" means: for the JSON Lines sink, appended and fsync'd; for syslog over TCP/TLS,
 *   handed to the kernel (the socket's write callback). TCP syslog has no application-level
 *   acknowledgement, so "written to the socket and drained" is treated as delivered. What the
 *   SIEM had not read yet when its connection dropped is sent again on the next connection
 *   (syslogTcpSink.ts keeps recent frames for that), and a batch whose write failed is sent again
 *   whole. So the SIEM may see an entry twice after a reconnect or a restart of this app; it should
 *   de-duplicate on seq (or hash). It does not miss one, except where nothing on our side can see
 *   it: a SIEM that took bytes into its own buffers and then lost them longer ago than the resend
 *   window (30 s by default). Only an acknowledging protocol (RELP) would close that.
 * - The forwarder assumes fetchAfter returns committed entries in seq order and that no entry with a
 *   lower seq commits after a higher one; AuditLog.append assigns seq under the chain lock, so it holds.
 *
 * Forwarding never blocks or fails a user's action: start(), notify() and status() return at once
 * and never throw, stop() never rejects, and every failure is kept for status() and retried.
 */
import type { Clock } from '../clock.js';
import { describeError } from './describeError.js';
import type { AuditEntryLike, AuditSink } from './types.js';

export interface ForwarderDeps {
  /** Entries with seq > `seq`, oldest first, at most `limit`. */
  fetchAfter(seq: number, limit: number): Promise<AuditEntryLike[]>;
  /** The last delivered seq (0 when nothing was delivered yet). */
  loadCursor(): Promise<number>;
  saveCursor(seq: number): Promise<void>;
  /** Highest seq in the audit log, for the lag. Without it, lag counts what notify() and fetches have seen. */
  headSeq?(): Promise<number>;
  sink: AuditSink;
  clock: Clock;
  /** A line for the application log when delivery fails or recovers. */
  log?(line: string): void;
}

export interface ForwarderOptions {
  /** Entries per write. Default 200. */
  batchSize?: number;
  /** How often to look for entries when not nudged (other workstations append too). Default 5 s. */
  pollIntervalMs?: number;
  /** Wait after the first failure; doubled after each further one up to retryMaxMs. Defaults 1 s and 60 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** How long stop() waits for a batch in flight before closing the sink under it. Default 5 s. */
  stopTimeoutMs?: number;
}

export type ForwarderState = 'not_started' | 'sending' | 'caught_up' | 'retrying' | 'stopped';

export interface ForwarderStatus {
  state: ForwarderState;
  /** Where entries go, in words (no secrets). */
  destination: string;
  /** Last delivered seq; null until it was read. */
  cursor: number | null;
  /** Newest seq known in the audit log. */
  headSeq: number | null;
  /** Entries written but not delivered yet. */
  lag: number | null;
  /** `at` of the oldest entry not delivered yet, when one is known. */
  oldestUndeliveredAt: string | null;
  /** ISO time of the last batch delivered. */
  lastSuccessAt: string | null;
  /** The last failure, in words; kept after recovery (see consecutiveFailures for now). */
  lastError: string | null;
  lastErrorAt: string | null;
  /** 0 while delivery works. */
  consecutiveFailures: number;
  nextRetryAt: string | null;
}

const DEFAULTS = { batchSize: 200, pollIntervalMs: 5000, retryInitialMs: 1000, retryMaxMs: 60_000, stopTimeoutMs: 5000 };

interface Waiter {
  wakeOnNotify: boolean;
  wake: () => void;
}

export class Forwarder {
  private readonly options: Required<ForwarderOptions>;
  private state: ForwarderState = 'not_started';
  private loop: Promise<void> | null = null;
  private stopping = false;
  private cursor: number | null = null;
  /** A delivered cursor whose saving failed; saved before anything else is sent. */
  private unsavedCursor: number | null = null;
  private head: number | null = null;
  private oldestUndeliveredAt: string | null = null;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private lastErrorAt: string | null = null;
  private failures = 0;
  private nextRetryAt: string | null = null;
  private nudged = false;
  private waiter: Waiter | null = null;

  constructor(
    private readonly deps: ForwarderDeps,
    options: ForwarderOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Starts delivering in the background. Does nothing if already started or stopped. */
  start(): void {
    if (this.loop || this.stopping) return;
    this.state = 'sending';
    this.loop = this.run().catch((error: unknown) => this.recordFailure(error));
  }

  /** Call after each append: wakes an idle forwarder at once. Does not cut a retry wait short. */
  notify(seq?: number): void {
    try {
      if (typeof seq === 'number' && Number.isFinite(seq)) this.head = Math.max(this.head ?? 0, seq);
      this.nudged = true;
      if (this.waiter?.wakeOnNotify) this.waiter.wake();
    } catch {
      // Never let forwarding reach the caller.
    }
  }

  status(): ForwarderStatus {
    const lag = this.head === null || this.cursor === null ? null : Math.max(0, this.head - this.cursor);
    return {
      state: this.state,
      destination: this.deps.sink.description,
      cursor: this.cursor,
      headSeq: this.head,
      lag,
      oldestUndeliveredAt: lag === 0 ? null : this.oldestUndeliveredAt,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      consecutiveFailures: this.failures,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /** Ends delivery: lets a batch in flight finish (up to stopTimeoutMs), then closes the sink. Never rejects. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waiter?.wake();
    const loop = this.loop ?? Promise.resolve();
    await raceTimeout(loop, this.options.stopTimeoutMs);
    try {
      await this.deps.sink.close();
    } catch {
      // Closing is best effort.
    }
    await raceTimeout(loop, this.options.stopTimeoutMs);
    this.state = 'stopped';
    this.nextRetryAt = null;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const delivered = await this.deliverOneBatch();
        if (this.failures > 0) this.deps.log?.(`SIEM forwarding to ${this.deps.sink.description} works again`);
        this.failures = 0;
        this.nextRetryAt = null;
        if (!delivered) await this.pause(this.options.pollIntervalMs, true);
      } catch (error) {
        if (this.stopping) break;
        this.recordFailure(error);
        const delay = Math.min(this.options.retryMaxMs, this.options.retryInitialMs * 2 ** Math.min(this.failures - 1, 30));
        this.nextRetryAt = new Date(this.deps.clock.now().getTime() + delay).toISOString();
        await this.pause(delay, false);
      }
    }
  }

  /** One step: true when a batch was delivered (look again at once), false when caught up. */
  private async deliverOneBatch(): Promise<boolean> {
    if (this.cursor === null) this.cursor = toSeq(await this.deps.loadCursor(), 'the saved cursor');
    if (this.unsavedCursor !== null) {
      await this.deps.saveCursor(this.unsavedCursor);
      this.unsavedCursor = null;
    }
    if (this.deps.headSeq) {
      const head = toSeq(await this.deps.headSeq(), 'the newest audit seq');
      if (head < this.cursor) {
        throw new Error(
          `the delivery cursor (${this.cursor}) is past the newest audit entry (${head}); if the database was restored, reset the cursor`,
        );
      }
      this.head = Math.max(this.head ?? 0, head);
    }
    this.nudged = false;
    const from = this.cursor;
    const batch = await this.deps.fetchAfter(from, this.options.batchSize);
    if (batch.length === 0) {
      this.state = 'caught_up';
      this.head = Math.max(this.head ?? 0, from);
      this.oldestUndeliveredAt = null;
      return false;
    }
    const last = checkOrder(batch, from);
    this.head = Math.max(this.head ?? 0, last);
    this.oldestUndeliveredAt = batch[0]!.at;
    if (this.state !== 'retrying') this.state = 'sending';
    await this.deps.sink.write(batch);
    // Delivered: only now does the cursor move.
    this.cursor = last;
    this.unsavedCursor = last;
    this.oldestUndeliveredAt = null;
    this.lastSuccessAt = this.deps.clock.now().toISOString();
    this.state = 'sending';
    await this.deps.saveCursor(last);
    this.unsavedCursor = null;
    return true;
  }

  private recordFailure(error: unknown): void {
    this.failures += 1;
    this.lastError = describeError(error);
    this.lastErrorAt = this.deps.clock.now().toISOString();
    this.state = 'retrying';
    if (this.failures === 1) this.deps.log?.(`SIEM forwarding to ${this.deps.sink.description} failed, retrying: ${this.lastError}`);
  }

  private pause(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (this.stopping || (wakeOnNotify && this.nudged)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      // A waiting forwarder never keeps the application from quitting.
      timer.unref();
      const waiter: Waiter = { wakeOnNotify, wake };
      this.waiter = waiter;
    });
  }
}

function toSeq(value: unknown, what: string): number {
  const seq = Number(value);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`${what} is not a sequence number: ${String(value)}`);
  return seq;
}

/** The batch must continue after the cursor in strictly rising seq; returns the last seq. */
function checkOrder(batch: readonly AuditEntryLike[], after: number): number {
  let previous = after;
  for (const entry of batch) {
    const seq = toSeq(entry.seq, 'an audit entry seq');
    if (seq <= previous) throw new Error(`audit entries came out of order: seq ${seq} after ${previous}; nothing was sent`);
    previous = seq;
  }
  return previous;
}

function raceTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
