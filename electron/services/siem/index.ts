/** SIEM forwarding of the audit trail: the delivery core, without database access (see forwarder.ts). */
export { Forwarder, type ForwarderDeps, type ForwarderOptions, type ForwarderState, type ForwarderStatus } from './forwarder.js';
export { createSink, testSink, type SinkTestOptions, type SinkTestResult } from './sinks.js';
export { SyslogTcpSink, type SyslogTcpSinkOptions } from './syslogTcpSink.js';
export { JsonlFolderSink, dailyFileName, jsonLine, TEST_FILE_NAME } from './jsonlFolderSink.js';
export { formatAuditEntry, formatTestMessage, octetCountingFrame, DEFAULT_SD_ID } from './rfc5424.js';
export { describeError } from './describeError.js';
export type { AuditEntryLike, AuditSink, JsonlFolderSettings, SiemSettings, SyslogSettings, SyslogTlsSettings } from './types.js';
