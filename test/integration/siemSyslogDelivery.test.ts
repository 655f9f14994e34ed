/** Syslog delivery over real sockets on 127.0.0.1 (ephemeral ports), including a SIEM that crashes mid-stream and TLS. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/services/clock.js';
import { Forwarder } from '../../electron/services/siem/forwarder.js';
import { testSink } from '../../electron/services/siem/sinks.js';
import { SyslogTcpSink } from '../../electron/services/siem/syslogTcpSink.js';
import type { SyslogSettings } from '../../electron/services/siem/types.js';
import { makeEntries, MemoryAuditStore, waitFor } from '../support/siem/auditEntries.js';
import { deduplicated, SyslogReceiver } from '../support/siem/syslogReceiver.js';

const clock = new ManualClock('2026-11-24T09:00:00.000Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function forwarderTo(settings: Omit<SyslogSettings, 'kind'>, store: MemoryAuditStore, batchSize = 50): Forwarder {
  const forwarder = new Forwarder(
    {
      fetchAfter: store.fetchAfter,
      loadCursor: store.loadCursor,
      saveCursor: store.saveCursor,
      headSeq: store.headSeq,
      sink: new SyslogTcpSink(settings),
      clock,
    },
    { batchSize, pollIntervalMs: 200, retryInitialMs: 20, retryMaxMs: 150, stopTimeoutMs: 1000 },
  );
  cleanups.push(() => forwarder.stop());
  return forwarder;
}

async function receiver(tlsOptions?: { key: Buffer; cert: Buffer }): Promise<SyslogReceiver> {
  const r = await new SyslogReceiver(tlsOptions).start();
  cleanups.push(() => r.stopAbruptly());
  return r;
}

describe('syslog over TCP', () => {
  it('delivers every entry once, in order, octet-counted and RFC 5424, on one reused connection', async () => {
    const siem = await receiver();
    const store = new MemoryAuditStore(makeEntries(250));
    const forwarder = forwarderTo({ host: '127.0.0.1', port: siem.port }, store);
    forwarder.start();
    await waitFor(() => siem.seqs().length >= 250 && forwarder.status().state === 'caught_up', 'all 250 entries');
    expect(siem.problems).toEqual([]);
    expect(siem.seqs()).toEqual(range(1, 250));
    expect(siem.messages[6]).toMatchObject({
      pri: 84,
      appName: 'clearance',
      hostname: 'PRIV-WS-04',
      hasBom: true,
      msg: 'Training "Privacy 101" has expired',
    });
    expect(siem.connections).toBe(1);
    expect(forwarder.status()).toMatchObject({ cursor: 250, lag: 0, lastError: null });

    // Entries appended later go out on the same connection.
    store.entries.push(...makeEntries(260).slice(250));
    forwarder.notify(260);
    await waitFor(() => siem.seqs().length === 260, 'the 10 new entries');
    expect(siem.seqs()).toEqual(range(1, 260));
    expect(siem.connections).toBe(1);

    await forwarder.stop();
    await waitFor(() => siem.closedConnections === 1, 'the connection to be closed by stop()');
  });

  it('after the SIEM crashes mid-stream and comes back on the same port, every entry arrives, in order, none missing', async () => {
    const siem = await receiver();
    const port = siem.port;
    const store = new MemoryAuditStore();
    const all = makeEntries(400);
    const forwarder = forwarderTo({ host: '127.0.0.1', port }, store, 20);
    forwarder.start();
    // The office keeps working: an entry every 2 ms, each followed by notify().
    let appended = 0;
    const appender = setInterval(() => {
      for (let i = 0; i < 2 && appended < all.length; i += 1) {
        store.entries.push(all[appended]!);
        appended += 1;
        forwarder.notify(appended);
      }
      if (appended === all.length) clearInterval(appender);
    }, 2);
    cleanups.push(() => clearInterval(appender));

    await waitFor(() => siem.seqs().length >= 100, 'the first 100 entries');
    await siem.stopAbruptly();
    const receivedBeforeCrash = siem.seqs().length;
    await waitFor(() => forwarder.status().consecutiveFailures >= 2, 'failures while the SIEM is down');
    const down = forwarder.status();
    expect(down.state).toBe('retrying');
    expect(down.lastError).toMatch(/connection was refused.*ECONNREFUSED/);
    expect(down.lag).toBeGreaterThan(0);

    await siem.start(port);
    await waitFor(() => appended === all.length && forwarder.status().cursor === 400, 'the backlog to be delivered', 20_000);
    await waitFor(() => deduplicated(siem.seqs()).length === 400, 'all 400 at the SIEM');

    const arrivals = siem.seqs();
    expect(siem.problems).toEqual([]);
    expect(arrivals.length).toBeGreaterThan(receivedBeforeCrash);
    // Duplicates are allowed (at least once); the first arrivals are gapless and in order.
    expect(deduplicated(arrivals)).toEqual(range(1, 400));
    expect(siem.connections).toBeGreaterThanOrEqual(2);
    expect(forwarder.status()).toMatchObject({ state: 'caught_up', lag: 0, consecutiveFailures: 0 });
  });

  it('sends again what a SIEM took into its buffers but lost when it went down (no ack in TCP syslog)', async () => {
    // A SIEM that accepts the connection but never reads: the kernel takes the bytes, the write "succeeds".
    const stuck = net.createServer({ pauseOnConnect: true }, () => undefined);
    const sockets: net.Socket[] = [];
    stuck.on('connection', (s) => sockets.push(s.on('error', () => undefined)));
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', () => r()));
    const port = (stuck.address() as net.AddressInfo).port;
    const sink = new SyslogTcpSink({ host: '127.0.0.1', port });
    cleanups.push(() => sink.close());
    const entries = makeEntries(8);

    await sink.write(entries.slice(0, 5));
    // It crashes with those bytes unread: they are gone.
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => stuck.close(() => r()));
    await new Promise((r) => setTimeout(r, 100));

    const siem = await new SyslogReceiver().start(port);
    cleanups.push(() => siem.stopAbruptly());
    await sink.write(entries.slice(5));
    await waitFor(() => siem.seqs().length >= 8, 'entries 1-8');
    expect(siem.seqs()).toEqual(range(1, 8));
  });

  it('testSink sends one test message and names the problem when nothing listens', async () => {
    const siem = await receiver();
    const ok = await testSink({ kind: 'syslog', host: '127.0.0.1', port: siem.port }, { clock, workstation: 'PRIV-WS-04' });
    expect(ok).toEqual({ ok: true, message: `A test message was sent: syslog over TCP to 127.0.0.1:${siem.port}.` });
    await waitFor(() => siem.messages.length === 1, 'the test message');
    expect(siem.messages[0]).toMatchObject({
      msgId: 'siem.test',
      hostname: 'PRIV-WS-04',
      structuredData: [{ id: 'clearance@32473', params: [['test', 'true']] }],
    });

    const port = siem.port;
    await siem.stopAbruptly();
    const down = await testSink({ kind: 'syslog', host: '127.0.0.1', port }, { clock, workstation: 'PRIV-WS-04' });
    expect(down).toEqual({
      ok: false,
      message: `The test message could not be sent (syslog over TCP to 127.0.0.1:${port}): could not connect to 127.0.0.1:${port}: the connection was refused (nothing is listening there) (ECONNREFUSED)`,
    });
    const bad = await testSink({ kind: 'syslog', host: '127.0.0.1', port: 70_000 }, { clock, workstation: 'PRIV-WS-04' });
    expect(bad).toEqual({ ok: false, message: 'These settings cannot be used: port 70000 is not a TCP port (1-65535)' });
  });
});

describe('syslog over TLS', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  let caFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearance-siem-tls-'));
    caFile = join(dir, 'siem-cert.pem');
    // A self-signed certificate for the SIEM, valid for 127.0.0.1 and localhost.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'siem-key.pem'),
        '-out',
        caFile,
      ],
      { stdio: 'pipe' },
    );
    key = readFileSync(join(dir, 'siem-key.pem'));
    cert = readFileSync(caFile);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers every entry in order to a SIEM whose certificate is trusted through the CA file', async () => {
    const siem = await receiver({ key, cert });
    const store = new MemoryAuditStore(makeEntries(60));
    const forwarder = forwarderTo({ host: '127.0.0.1', port: siem.port, tls: { caFile } }, store, 25);
    forwarder.start();
    await waitFor(() => siem.seqs().length >= 60, 'all 60 entries');
    expect(siem.seqs()).toEqual(range(1, 60));
    expect(siem.problems).toEqual([]);
    expect(siem.connections).toBe(1);
    expect(forwarder.status().destination).toBe(`syslog over TLS to 127.0.0.1:${siem.port}`);
  });

  it('checks the certificate against the server name when one is given', async () => {
    const siem = await receiver({ key, cert });
    const settings = { kind: 'syslog' as const, host: '127.0.0.1', port: siem.port };
    expect(await testSink({ ...settings, tls: { caFile, servername: 'localhost' } }, { clock, workstation: 'w' })).toMatchObject({
      ok: true,
    });
    const wrongName = await testSink({ ...settings, tls: { caFile, servername: 'siem.example.gov' } }, { clock, workstation: 'w' });
    expect(wrongName.ok).toBe(false);
    expect(wrongName.message).toMatch(/does not name this host \(check the host or server name\) \(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
  });

  it('refuses a SIEM it cannot trust, and says why', async () => {
    const siem = await receiver({ key, cert });
    const untrusted = await testSink({ kind: 'syslog', host: '127.0.0.1', port: siem.port, tls: {} }, { clock, workstation: 'w' });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.message).toMatch(/self-signed and not trusted \(set the CA file\)/);
    const missing = await testSink(
      { kind: 'syslog', host: '127.0.0.1', port: siem.port, tls: { caFile: join(dir, 'nope.pem') } },
      { clock, workstation: 'w' },
    );
    expect(missing.message).toMatch(/could not read the CA file .*nope\.pem: the file or folder does not exist \(ENOENT\)/);
    expect(siem.messages).toEqual([]);
  });

  it('gives up connecting after the connect timeout when the other side never answers the handshake', async () => {
    // Reads and drops the ClientHello, never answers it.
    const silent = net.createServer((s) => s.on('error', () => undefined).resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => silent.close(() => r())));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const result = await testSink(
      { kind: 'syslog', host: '127.0.0.1', port, tls: { caFile }, connectTimeoutMs: 300 },
      { clock, workstation: 'w' },
    );
    expect(result).toEqual({
      ok: false,
      message: `The test message could not be sent (syslog over TLS to 127.0.0.1:${port}): could not connect to 127.0.0.1:${port}: no answer within 0.3 s`,
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
