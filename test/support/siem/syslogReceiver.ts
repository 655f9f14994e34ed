/** A syslog receiver for tests: TCP or TLS on 127.0.0.1, octet-counted frames, stoppable mid-stream. */
import net from 'node:net';
import tls from 'node:tls';
import { parseSyslog5424, sdParams, splitOctetCounted, type SyslogMessage } from './rfc5424Grammar.js';

export class SyslogReceiver {
  readonly messages: SyslogMessage[] = [];
  readonly problems: string[] = [];
  connections = 0;
  closedConnections = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly tlsOptions?: { key: Buffer; cert: Buffer }) {}

  async start(port = 0): Promise<this> {
    const onSocket = (socket: net.Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      let pending: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        try {
          const { frames, rest } = splitOctetCounted(Buffer.concat([pending, chunk]));
          pending = rest;
          for (const frame of frames) this.messages.push(parseSyslog5424(frame));
        } catch (error) {
          this.problems.push(String(error));
          socket.destroy();
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.closedConnections += 1;
        this.sockets.delete(socket);
      });
    };
    this.server = this.tlsOptions ? tls.createServer(this.tlsOptions, onSocket) : net.createServer(onSocket);
    this.server.on('tlsClientError', (error: Error) => this.problems.push(`TLS: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Like a SIEM that crashes: stops listening and drops every connection, read or not. */
  async stopAbruptly(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Audit entries received, in arrival order (test messages left out). */
  seqs(): number[] {
    return this.messages.filter((m) => m.msgId !== 'siem.test').map((m) => Number(sdParams(m, 'clearance@32473').seq));
  }
}

/** First occurrence of each value, in order. */
export function deduplicated(values: number[]): number[] {
  return [...new Set(values)];
}
