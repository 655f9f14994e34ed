import type { AuditEntry } from '../../../db/schema.js';

/**
 * One audit_log row as the forwarder needs it: every field that the entry's hash covers, so the
 * SIEM side can re-check the chain from what it got (details is the canonical JSON as stored).
 */
export type AuditEntryLike = AuditEntry;

/** Where entries go. A write resolves only once the whole batch is handed over durably (see forwarder.ts). */
export interface AuditSink {
  /** Destination in words for the dashboard, e.g. "syslog over TLS to siem.example.gov:6514". Never holds a secret. */
  readonly description: string;
  /** Writes the entries in the order given. Rejects if any of them may not have been written. */
  write(entries: readonly AuditEntryLike[]): Promise<void>;
  /** Sends one message that is clearly a test, not an audit entry, to prove the settings work. */
  sendTest(at: Date, workstation: string): Promise<void>;
  /** Releases the connection or file handles. Safe to call more than once; never rejects. */
  close(): Promise<void>;
}

export interface SyslogTlsSettings {
  /** PEM file of the CA (or the SIEM's own certificate) to trust; the system store is used when absent. */
  caFile?: string | undefined;
  /** Name to check the SIEM's certificate against (and send as SNI) when it differs from `host`. */
  servername?: string | undefined;
  /** Client certificate and key (PEM files) for SIEMs that require mutual TLS. */
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export interface SyslogSettings {
  kind: 'syslog';
  host: string;
  port: number;
  /** Present means TLS (RFC 5425); absent means plain TCP (RFC 6587). */
  tls?: SyslogTlsSettings | undefined;
  /** SD-ID of the structured data; the agency's own IANA enterprise number belongs after the @. */
  sdId?: string | undefined;
  connectTimeoutMs?: number | undefined;
  writeTimeoutMs?: number | undefined;
}

export interface JsonlFolderSettings {
  kind: 'jsonl';
  /** Folder the SIEM's collector reads; one file per UTC day is appended there. */
  folder: string;
}

export type SiemSettings = SyslogSettings | JsonlFolderSettings;
