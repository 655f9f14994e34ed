import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/services/clock.js';
import { Forwarder, type ForwarderOptions } from '../../electron/services/siem/forwarder.js';
import type { AuditEntryLike, AuditSink } from '../../electron/services/siem/types.js';
import { makeEntries, MemoryAuditStore, waitFor } from '../support/siem/auditEntries.js';

/** A sink that records what it was given and can be switched down, or held mid-write. */
class FakeSink implements AuditSink {
  readonly description = 'syslog over TLS to siem.example.gov:6514';
  down = false;
  batches: number[][] = [];
  attempts = 0;
  closed = false;
  private hold: Promise<void> | null = null;
  private release: (() => void) | null = null;

  get delivered(): number[] {
    return this.batches.flat();
  }
  holdWrites(): void {
    this.hold = new Promise((r) => (this.release = r));
  }
  releaseWrites(): void {
    this.release?.();
    this.hold = null;
  }
  async write(entries: readonly AuditEntryLike[]): Promise<void> {
    this.attempts += 1;
    if (this.hold) await this.hold;
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6514'), { code: 'ECONNREFUSED' });
    this.batches.push(entries.map((e) => e.seq));
  }
  async sendTest(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

const FAST: ForwarderOptions = { batchSize: 10, pollIntervalMs: 50, retryInitialMs: 10, retryMaxMs: 40, stopTimeoutMs: 500 };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

let clock: ManualClock;
let store: MemoryAuditStore;
let sink: FakeSink;
let forwarder: Forwarder;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function makeForwarder(options: ForwarderOptions = FAST, overrides: Partial<ConstructorParameters<typeof Forwarder>[0]> = {}): Forwarder {
  forwarder = new Forwarder(
    {
      fetchAfter: store.fetchAfter,
      loadCursor: store.loadCursor,
      saveCursor: store.saveCursor,
      headSeq: store.headSeq,
      sink,
      clock,
      ...overrides,
    },
    options,
  );
  return forwarder;
}

beforeEach(() => {
  clock = new ManualClock('2026-11-24T09:00:00.000Z');
  store = new MemoryAuditStore(makeEntries(35));
  sink = new FakeSink();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  await forwarder?.stop();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('Forwarder', () => {
  it('sends every entry after the cursor, in order, in batches, and saves the cursor after each batch', async () => {
    makeForwarder().start();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    expect(sink.batches).toEqual([range(1, 10), range(11, 20), range(21, 30), range(31, 35)]);
    expect(store.saves).toEqual([10, 20, 30, 35]);
    expect(forwarder.status()).toMatchObject({
      state: 'caught_up',
      destination: 'syslog over TLS to siem.example.gov:6514',
      cursor: 35,
      headSeq: 35,
      lag: 0,
      lastSuccessAt: '2026-11-24T09:00:00.000Z',
      lastError: null,
      consecutiveFailures: 0,
    });
  });

  it('resumes after the saved cursor', async () => {
    store.cursor = 28;
    makeForwarder().start();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    expect(sink.delivered).toEqual(range(29, 35));
  });

  it('moves the cursor only after the sink has written the batch', async () => {
    sink.holdWrites();
    makeForwarder().start();
    await waitFor(() => sink.attempts === 1, 'a write in flight');
    await new Promise((r) => setTimeout(r, 50));
    expect(forwarder.status().cursor).toBe(0);
    expect(store.saves).toEqual([]);
    expect(forwarder.status().lag).toBe(35);
    sink.releaseWrites();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    expect(store.saves[0]).toBe(10);
  });

  it('never advances past a failed write, and reports the lag and the failure in words', async () => {
    sink.down = true;
    makeForwarder().start();
    await waitFor(() => forwarder.status().consecutiveFailures >= 2, 'two failures');
    expect(store.saves).toEqual([]);
    const s = forwarder.status();
    expect(s).toMatchObject({
      state: 'retrying',
      cursor: 0,
      headSeq: 35,
      lag: 35,
      lastSuccessAt: null,
      oldestUndeliveredAt: '2026-11-24T09:00:01.000Z',
    });
    expect(s.lastError).toBe('the connection was refused (nothing is listening there) (ECONNREFUSED)');
    expect(s.lastErrorAt).toBe('2026-11-24T09:00:00.000Z');
    expect(s.nextRetryAt).not.toBeNull();

    sink.down = false;
    await waitFor(() => forwarder.status().state === 'caught_up', 'recovered');
    expect(sink.delivered).toEqual(range(1, 35));
    expect(forwarder.status()).toMatchObject({ lag: 0, consecutiveFailures: 0, nextRetryAt: null, oldestUndeliveredAt: null });
    // The last error stays on the dashboard after recovery, with its time.
    expect(forwarder.status().lastError).toMatch(/ECONNREFUSED/);
  });

  it('never throws or rejects to its caller while the SIEM is down, and stop() still ends it', async () => {
    sink.down = true;
    const f = makeForwarder();
    expect(() => f.start()).not.toThrow();
    for (let i = 0; i < 100; i += 1) expect(() => f.notify(36 + i)).not.toThrow();
    expect(() => f.status()).not.toThrow();
    await waitFor(() => f.status().consecutiveFailures >= 3, 'three failures');
    await expect(f.stop()).resolves.toBeUndefined();
    expect(f.status().state).toBe('stopped');
    expect(sink.closed).toBe(true);
  });

  it('does not reject when the database itself fails, and says so', async () => {
    makeForwarder(FAST, {
      fetchAfter: async () => {
        throw new Error('connection to postgres://clearance:hunter2@db.example:5432/clearance failed');
      },
    }).start();
    await waitFor(() => forwarder.status().consecutiveFailures >= 1, 'a failure');
    expect(forwarder.status().lastError).toBe('connection to postgres://***@db.example:5432/clearance failed');
    expect(forwarder.status().lastError).not.toContain('hunter2');
  });

  it('waits longer after each failure, up to the cap', async () => {
    sink.down = true;
    makeForwarder({ ...FAST, retryInitialMs: 5, retryMaxMs: 40 }).start();
    const waits = new Map<number, number>();
    await waitFor(() => {
      const s = forwarder.status();
      if (s.nextRetryAt && s.consecutiveFailures > 0)
        waits.set(s.consecutiveFailures, Date.parse(s.nextRetryAt) - Date.parse(s.lastErrorAt!));
      return s.consecutiveFailures >= 6;
    }, 'six failures');
    // The clock is manual, so nextRetryAt - lastErrorAt is exactly the wait chosen.
    for (const [failures, wait] of waits) expect(wait, `after failure ${failures}`).toBe(Math.min(40, 5 * 2 ** (failures - 1)));
    expect(Math.max(...waits.values())).toBe(40);
  });

  it('is woken at once by notify() when idle, without waiting for the next poll', async () => {
    makeForwarder({ ...FAST, pollIntervalMs: 60_000 }).start();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    const more = makeEntries(37).slice(35);
    store.entries.push(...more);
    forwarder.notify(37);
    expect(forwarder.status().lag).toBe(2);
    await waitFor(() => forwarder.status().cursor === 37, 'the new entries', 2000);
    expect(sink.delivered.slice(-2)).toEqual([36, 37]);
  });

  it('does not let notify() cut a retry wait short, so a down SIEM is not hammered on every append', async () => {
    sink.down = true;
    makeForwarder({ ...FAST, retryInitialMs: 60_000, retryMaxMs: 60_000 }).start();
    await waitFor(() => forwarder.status().consecutiveFailures === 1, 'a failure');
    for (let i = 0; i < 20; i += 1) forwarder.notify(36 + i);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.attempts).toBe(1);
    expect(forwarder.status().lag).toBe(55);
  });

  it('keeps a delivered cursor it could not save and saves it first, without sending the batch again', async () => {
    let failSaves = 1;
    makeForwarder(FAST, {
      saveCursor: async (seq) => {
        if (failSaves-- > 0) throw new Error('database is locked');
        await store.saveCursor(seq);
      },
    }).start();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    expect(sink.delivered).toEqual(range(1, 35));
    expect(store.saves).toEqual([10, 20, 30, 35]);
    expect(forwarder.status().lastError).toBe('database is locked');
  });

  it('refuses entries that come out of order rather than skipping any', async () => {
    makeForwarder(FAST, { fetchAfter: async () => makeEntries(3).reverse() }).start();
    await waitFor(() => forwarder.status().consecutiveFailures >= 1, 'a failure');
    expect(sink.attempts).toBe(0);
    expect(forwarder.status().lastError).toMatch(/out of order/);
  });

  it('says when the cursor is past the newest entry (a restored database) instead of silently sending nothing', async () => {
    store.cursor = 90;
    makeForwarder().start();
    await waitFor(() => forwarder.status().consecutiveFailures >= 1, 'a failure');
    expect(forwarder.status().lastError).toMatch(/cursor \(90\) is past the newest audit entry \(35\)/);
  });

  it('stop() waits for a batch in flight only up to its timeout, then closes the sink; notify() after stop does nothing', async () => {
    sink.holdWrites();
    makeForwarder({ ...FAST, stopTimeoutMs: 100 }).start();
    await waitFor(() => sink.attempts === 1, 'a write in flight');
    const started = Date.now();
    await forwarder.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sink.closed).toBe(true);
    expect(forwarder.status().state).toBe('stopped');
    sink.releaseWrites();
    forwarder.notify(99);
    forwarder.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.attempts).toBe(1);
  });
});
