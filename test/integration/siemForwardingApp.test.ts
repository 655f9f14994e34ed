/**
 * SIEM forwarding through the real app, on both dialects: an administrator's settings are tested
 * before they are saved; the audit trail then reaches a syslog listener on 127.0.0.1 in order,
 * with every entry, across a listener restart, while people keep working; exactly one workstation
 * per database forwards; and the lag is on the privacy officer's dashboard.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import type { DashboardView } from '../../electron/contract/dashboard.js';
import type { SiemStatusView } from '../../electron/contract/siem.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { sdParams } from '../support/siem/rfc5424Grammar.js';
import { waitFor } from '../support/siem/auditEntries.js';
import { deduplicated, SyslogReceiver } from '../support/siem/syslogReceiver.js';
import { testKeyCustody } from '../support/testKeys.js';
import { createTestApp, signedIn, testDialects, valueOf, windowOf } from '../support/testApp.js';

const FAST = { pollIntervalMs: 100, retryInitialMs: 50, retryMaxMs: 200, stopTimeoutMs: 1000 };
const receivers: SyslogReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stopAbruptly();
});

async function listener(port = 0): Promise<SyslogReceiver> {
  const r = await new SyslogReceiver().start(port);
  receivers.push(r);
  return r;
}

async function headSeq(app: RunningClearance): Promise<number> {
  return Number((await app.handle.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq);
}

/** The received audit entries, in arrival order, with the fields the SIEM can re-check the chain with. */
function received(siem: SyslogReceiver): { seq: number; hash: string; prev: string }[] {
  return siem.messages
    .filter((m) => m.msgId !== 'siem.test')
    .map((m) => {
      const p = sdParams(m, 'clearance@32473');
      return { seq: Number(p.seq), hash: p.hash!, prev: p.prev_hash! };
    });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(testDialects())('SIEM forwarding through the app on %s', (dialect) => {
  it('is tested before saving, then delivers every entry in order to a local syslog listener, across a listener restart', async () => {
    const app = await createTestApp({ dialect, background: true, siemTiming: FAST });
    const siem = await listener();
    const alex = await signedIn(app, 'alex.morgan');
    const settings = { kind: 'syslog', host: '127.0.0.1', port: siem.port };

    // A listener that is not there: refused in words, nothing saved, nothing forwarded.
    const nowhere = await listener();
    const deadPort = nowhere.port;
    await nowhere.stopAbruptly();
    const refused = await alex('siem.save', { settings: { ...settings, port: deadPort } });
    expect(refused).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    if (!refused.ok)
      expect(refused.message).toMatch(/could not connect to 127\.0\.0\.1:\d+: the connection was refused .*Nothing was saved\.$/);
    expect(valueOf<SiemStatusView>(await alex('siem.status'))).toMatchObject({ settings: null, state: 'off' });

    expect(valueOf(await alex('siem.test', { settings }))).toEqual({
      ok: true,
      message: `A test message was sent: syslog over TCP to 127.0.0.1:${siem.port}.`,
    });
    const saved = valueOf<SiemStatusView>(await alex('siem.save', { settings }));
    expect(saved).toMatchObject({ settings, destination: `syslog over TCP to 127.0.0.1:${siem.port}`, forwardingWorkstation: 'test-ws' });
    // The whole trail goes out, from its first entry.
    await waitFor(() => deduplicated(received(siem).map((e) => e.seq)).length >= saved.headSeq, 'the backlog');

    // People keep working; the SIEM crashes; they keep working; it comes back on the same port.
    const work = async (n: number) => {
      for (let i = 0; i < n; i++) await signedIn(app, 'rosa.diaz', undefined, `rosa-${Math.random()}`);
    };
    await work(3);
    const port = siem.port;
    await siem.stopAbruptly();
    await work(3);
    const priya = await signedIn(app, 'priya.shah');
    const behind = valueOf<DashboardView>(await priya('dashboard.privacy')).siem!;
    expect(behind.lag).toBeGreaterThan(0);
    expect(behind.destination).toBe(`syslog over TCP to 127.0.0.1:${port}`);
    await siem.start(port);
    await work(2);
    const head = await headSeq(app);
    await waitFor(() => deduplicated(received(siem).map((e) => e.seq)).length >= head, 'every entry after the restart', 20_000);

    // Every entry, first arrivals in order and gapless, and the chain re-checks on the SIEM's side.
    const firsts = new Map<number, { hash: string; prev: string }>();
    for (const e of received(siem)) if (!firsts.has(e.seq)) firsts.set(e.seq, e);
    expect([...firsts.keys()]).toEqual(range(1, head));
    for (let seq = 2; seq <= head; seq++) expect(firsts.get(seq)!.prev).toBe(firsts.get(seq - 1)!.hash);
    const rows = await app.handle.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').execute();
    expect(rows.map((r) => firsts.get(Number(r.seq))?.hash)).toEqual(rows.map((r) => r.hash));
    expect(siem.problems).toEqual([]);

    await app.runScheduledJobs();
    const caughtUp = valueOf<DashboardView>(await priya('dashboard.privacy')).siem!;
    expect(caughtUp).toMatchObject({ state: expect.stringMatching(/^(caught_up|sending)$/), forwardingWorkstation: 'test-ws' });
    expect(await alex('siem.turnOff', {})).toMatchObject({ ok: true, value: { state: 'off', settings: null } });
    expect(valueOf<DashboardView>(await priya('dashboard.privacy')).siem).toBeNull();
    const rosa = await signedIn(app, 'rosa.diaz');
    expect(await rosa('siem.save', { settings })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('runs on exactly one workstation of a database; another takes over from the cursor when it stops', async () => {
    const first = await createTestApp({ dialect, siemTiming: FAST });
    const folder = mkdtempSync(join(tmpdir(), 'clearance-siem-'));
    const alex = await signedIn(first, 'alex.morgan');
    valueOf(await alex('siem.save', { settings: { kind: 'jsonl', folder } }));
    const second = await startClearance({
      ...(first.url ? { url: first.url } : { sqlitePath: first.sqlitePath }),
      workstation: 'second-ws',
      clock: first.clock,
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
      siemTiming: FAST,
    });
    try {
      await second.runScheduledJobs();
      expect(valueOf<SiemStatusView>(await alex('siem.status')).forwardingWorkstation).toBe('test-ws');
      await waitForAsync(async () => valueOf<SiemStatusView>(await alex('siem.status')).lag === 0, 'the first workstation to catch up');

      await first.stop();
      // Entries written while nobody forwards wait; the second workstation takes the lease and sends them.
      await windowOf(second, 'w')('auth.signIn', { username: 'rosa.diaz', password: 'wrong-password-1' });
      await second.runScheduledJobs();
      const other = await signedIn(second, 'alex.morgan');
      expect(valueOf<SiemStatusView>(await other('siem.status')).forwardingWorkstation).toBe('second-ws');
      const head = await headSeq(second);
      await waitForAsync(
        async () => valueOf<SiemStatusView>(await other('siem.status')).cursor >= head,
        'the second workstation to deliver',
      );
      const seqs = readdirSync(folder)
        .filter((n) => n.endsWith('.jsonl') && !n.includes('test'))
        .flatMap((n) => readFileSync(join(folder, n), 'utf8').trimEnd().split('\n'))
        .map((l) => (JSON.parse(l) as { seq: number }).seq);
      expect(deduplicated(seqs)).toEqual(range(1, deduplicated(seqs).length));
      expect(Math.max(...seqs)).toBeGreaterThanOrEqual(head);
    } finally {
      await second.stop();
    }
  });
});

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
