/**
 * Syslog over TCP (RFC 6587 octet counting) or TLS (RFC 5425) on one persistent connection,
 * opened on the first write and reopened on the next write after it drops.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { failure } from './describeError.js';
import { checkSdId, DEFAULT_SD_ID, formatAuditEntry, formatTestMessage, octetCountingFrame } from './rfc5424.js';
import type { AuditEntryLike, AuditSink, SyslogSettings } from './types.js';

export interface SyslogTcpSinkOptions {
  /** Frames written this recently on a connection that then drops are sent again on the next one. */
  replayWindowMs?: number;
  /** Upper bound on what is kept for that resend; the newest frames are kept. */
  replayMaxBytes?: number;
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_WRITE_TIMEOUT_MS = 30_000;
const DEFAULT_REPLAY_WINDOW_MS = 30_000;
const DEFAULT_REPLAY_MAX_BYTES = 4 * 1024 * 1024;

interface SentFrame {
  frame: Buffer;
  at: number;
}

export class SyslogTcpSink implements AuditSink {
  readonly description: string;
  private readonly sdId: string;
  private readonly connectTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly replayWindowMs: number;
  private readonly replayMaxBytes: number;
  private readonly now: () => number;
  private socket: net.Socket | null = null;
  /** Frames written on the current connection within the replay window, oldest first. */
  private recent: SentFrame[] = [];
  /** Frames to send again, before anything else, on the next connection. */
  private replay: Buffer[] = [];
  /** Writes run one at a time so frames never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly settings: Omit<SyslogSettings, 'kind'>,
    options: SyslogTcpSinkOptions = {},
  ) {
    if (!settings.host.trim()) throw new Error('the SIEM host is empty');
    if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535)
      throw new Error(`port ${settings.port} is not a TCP port (1-65535)`);
    this.sdId = checkSdId(settings.sdId ?? DEFAULT_SD_ID);
    this.connectTimeoutMs = settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.writeTimeoutMs = settings.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    this.replayWindowMs = options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
    this.replayMaxBytes = options.replayMaxBytes ?? DEFAULT_REPLAY_MAX_BYTES;
    this.now = options.now ?? (() => performance.now());
    this.description = `syslog over ${settings.tls ? 'TLS' : 'TCP'} to ${settings.host}:${settings.port}`;
  }

  write(entries: readonly AuditEntryLike[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const frames = entries.map((e) => octetCountingFrame(formatAuditEntry(e, { sdId: this.sdId })));
    return this.serialized(() => this.send(frames, true));
  }

  sendTest(at: Date, workstation: string): Promise<void> {
    return this.serialized(() => this.send([octetCountingFrame(formatTestMessage(at, workstation, { sdId: this.sdId }))], false));
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return;
    // A graceful end lets the kernel finish sending what it already took; destroy if that stalls.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(frames: Buffer[], remember: boolean): Promise<void> {
    if (this.closed) throw new Error('the syslog connection was closed');
    const socket = await this.connection();
    const replayed = this.replay;
    await this.writeAll(socket, Buffer.concat([...replayed, ...frames]));
    this.replay = this.replay.slice(replayed.length);
    if (remember) this.remember([...replayed, ...frames]);
  }

  private remember(frames: Buffer[]): void {
    const at = this.now();
    for (const frame of frames) this.recent.push({ frame, at });
    this.recent = this.withinReplayBounds(this.recent);
  }

  private withinReplayBounds(sent: SentFrame[]): SentFrame[] {
    const since = this.now() - this.replayWindowMs;
    const kept: SentFrame[] = [];
    let bytes = 0;
    for (let i = sent.length - 1; i >= 0; i -= 1) {
      const s = sent[i]!;
      if (s.at < since || bytes + s.frame.length > this.replayMaxBytes) break;
      bytes += s.frame.length;
      kept.push(s);
    }
    return kept.reverse();
  }

  /** The open connection, or a new one. A connection the other side has ended is never written to. */
  private async connection(): Promise<net.Socket> {
    const current = this.socket;
    if (current && !current.destroyed && current.writable && current.readyState === 'open') return current;
    if (current) this.dropped(current);
    const socket = await this.connect();
    if (this.closed) {
      socket.destroy();
      throw new Error('the syslog connection was closed');
    }
    this.socket = socket;
    socket.on('close', () => this.dropped(socket));
    return socket;
  }

  /**
   * Plain TCP syslog has no acknowledgement: what the kernel took shortly before a drop may never
   * have been read by the SIEM (it restarted, say). So recent frames are queued to go again first
   * on the next connection. The SIEM may see them twice; it never misses them.
   */
  private dropped(socket: net.Socket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    socket.destroy();
    this.replay = [...this.replay, ...this.withinReplayBounds(this.recent).map((s) => s.frame)];
    this.recent = [];
  }

  private async connect(): Promise<net.Socket> {
    const { host, port, tls: tlsSettings } = this.settings;
    const where = `${host}:${port}`;
    const socket = tlsSettings
      ? tls.connect({
          host,
          port,
          ca: tlsSettings.caFile ? await readPem(tlsSettings.caFile, 'CA file') : undefined,
          cert: tlsSettings.certFile ? await readPem(tlsSettings.certFile, 'client certificate file') : undefined,
          key: tlsSettings.keyFile ? await readPem(tlsSettings.keyFile, 'client key file') : undefined,
          // SNI takes names only; for an IP address Node still checks the certificate against the host.
          servername: tlsSettings.servername || (net.isIP(host) ? undefined : host),
          minVersion: 'TLSv1.2',
        })
      : net.connect({ host, port });
    return new Promise<net.Socket>((resolve, reject) => {
      const ready = tlsSettings ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to ${where}: no answer within ${Math.round(this.connectTimeoutMs / 100) / 10} s`));
      }, this.connectTimeoutMs);
      const onError = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(failure(`could not connect to ${where}`, error));
      };
      socket.once('error', onError);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.off('error', onError);
        // Errors after this show up as a failed write or a drop; this keeps them from being uncaught.
        socket.on('error', () => undefined);
        socket.setKeepAlive(true, 30_000);
        socket.setNoDelay(true);
        resolve(socket);
      });
    });
  }

  /** Resolves once the kernel took every byte (the write callback): that is what "delivered" means here. */
  private writeAll(socket: net.Socket, payload: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('close', onClose);
        socket.off('error', onError);
        if (error) {
          this.dropped(socket);
          reject(error);
        } else resolve();
      };
      const timer = setTimeout(
        () => settle(new Error(`the SIEM did not take the data within ${Math.round(this.writeTimeoutMs / 100) / 10} s`)),
        this.writeTimeoutMs,
      );
      const onClose = () => settle(new Error('the SIEM closed the connection while data was being sent'));
      const onError = (error: Error) => settle(failure('sending to the SIEM failed', error));
      socket.once('close', onClose);
      socket.once('error', onError);
      socket.write(payload, (error) => settle(error ? failure('sending to the SIEM failed', error) : undefined));
    });
  }
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw failure(`could not read the ${what} ${path}`, error);
  }
}
