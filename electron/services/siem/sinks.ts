/** Builds a sink from saved settings, and checks settings with one test message before they are saved. */
import type { Clock } from '../clock.js';
import { describeError } from './describeError.js';
import { JsonlFolderSink } from './jsonlFolderSink.js';
import { SyslogTcpSink, type SyslogTcpSinkOptions } from './syslogTcpSink.js';
import type { AuditSink, SiemSettings } from './types.js';

/** Throws (in words) on settings no sink can use: empty host, bad port, bad SD-ID, empty folder. */
export function createSink(settings: SiemSettings, clock: Clock, syslogOptions: SyslogTcpSinkOptions = {}): AuditSink {
  return settings.kind === 'syslog' ? new SyslogTcpSink(settings, syslogOptions) : new JsonlFolderSink(settings, clock);
}

export type SinkTestResult = { ok: true; message: string } | { ok: false; message: string };

export interface SinkTestOptions {
  clock: Clock;
  /** Shown as the HOSTNAME of the test message. */
  workstation: string;
  /** Whole test, connection included. Default 15 s. */
  timeoutMs?: number;
}

/** Sends one test message with the given settings on a sink of its own, then closes it. Never rejects. */
export async function testSink(settings: SiemSettings, options: SinkTestOptions): Promise<SinkTestResult> {
  let sink: AuditSink;
  try {
    sink = createSink(settings, options.clock);
  } catch (error) {
    return { ok: false, message: `These settings cannot be used: ${describeError(error)}` };
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sink.sendTest(options.clock.now(), options.workstation),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    return { ok: true, message: `A test message was sent: ${sink.description}.` };
  } catch (error) {
    return { ok: false, message: `The test message could not be sent (${sink.description}): ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
    await sink.close().catch(() => undefined);
  }
}
