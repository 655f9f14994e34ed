/**
 * RFC 5424 syslog messages for audit entries, and RFC 6587 octet-counting frames for TCP.
 * Written here rather than taken from npm: the syslog clients there (syslog-client, @n8n/syslog-client)
 * emit no STRUCTURED-DATA, no BOM and newline framing, which is what a SIEM needs from us.
 *
 * SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
 * HEADER     = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
 */
import type { AuditEntryLike } from './types.js';

/** RFC 5424 facility 10, security/authorization messages (authpriv). */
export const FACILITY_AUTHPRIV = 10;
export const SEVERITY_WARNING = 4;
export const SEVERITY_NOTICE = 5;
export const APP_NAME = 'clearance';
/** 32473 is the enterprise number RFC 5612 reserves for examples; an agency with its own number sets sdId. */
export const DEFAULT_SD_ID = 'clearance@32473';
export const TEST_MSGID = 'siem.test';

const NILVALUE = '-';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** SD-NAME: 1*32 PRINTUSASCII except '=', SP, ']' and '"'. */
const SD_NAME = /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/;
/** FULL-DATE "T" FULL-TIME with at most 6 fraction digits and a Z or numeric offset. */
const RFC5424_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export interface SyslogFormatOptions {
  sdId?: string | undefined;
}

/** Throws on an SD-ID the grammar rejects: a private one must be name@enterprise-number. */
export function checkSdId(sdId: string): string {
  const [name, enterprise, ...rest] = sdId.split('@');
  const ok = SD_NAME.test(sdId) && rest.length === 0 && name !== '' && (enterprise === undefined || /^[1-9]\d*(\.\d+)*$/.test(enterprise));
  if (!ok) throw new Error(`"${sdId}" is not a valid SD-ID: use a name, @, and an IANA enterprise number, like clearance@32473`);
  return sdId;
}

/**
 * Fits text to PRINTUSASCII (33..126) of at most maxLength: accents are dropped ("é" -> "e"),
 * anything else outside the range becomes "_". Empty text becomes the NILVALUE "-".
 */
export function toPrintUsAscii(text: string, maxLength: number): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x21-\x7e]/g, '_');
  return plain.slice(0, maxLength) || NILVALUE;
}

/** PARAM-VALUE: '"', '\' and ']' are escaped with a backslash (RFC 5424 section 6.3.3). */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** The entry's own time when it already fits the grammar (kept byte for byte: it is hashed), else re-written, else "-". */
export function syslogTimestamp(at: string): string {
  if (RFC5424_TIMESTAMP.test(at)) return at;
  const parsed = new Date(at);
  return Number.isNaN(parsed.getTime()) ? NILVALUE : parsed.toISOString();
}

export function priority(outcome: AuditEntryLike['outcome']): number {
  return FACILITY_AUTHPRIV * 8 + (outcome === 'denied' ? SEVERITY_WARNING : SEVERITY_NOTICE);
}

function structuredData(sdId: string, params: ReadonlyArray<readonly [string, string | number | null]>): string {
  const present = params.filter((p): p is readonly [string, string | number] => p[1] !== null);
  return `[${sdId}${present.map(([name, value]) => ` ${name}="${escapeParamValue(String(value))}"`).join('')}]`;
}

function message(pri: number, timestamp: string, hostname: string, msgid: string, sd: string, msg: string): Buffer {
  const header = `<${pri}>1 ${timestamp} ${toPrintUsAscii(hostname, 255)} ${APP_NAME} ${NILVALUE} ${toPrintUsAscii(msgid, 32)} ${sd}`;
  return Buffer.concat([Buffer.from(`${header} `, 'utf8'), BOM, Buffer.from(msg, 'utf8')]);
}

/**
 * One audit entry as an RFC 5424 message. Null fields are left out of the structured data;
 * the workstation and event are also carried unsanitized there, since HOSTNAME and MSGID are cut to fit.
 */
export function formatAuditEntry(entry: AuditEntryLike, options: SyslogFormatOptions = {}): Buffer {
  const sdId = checkSdId(options.sdId ?? DEFAULT_SD_ID);
  const sd = structuredData(sdId, [
    ['seq', Number(entry.seq)],
    ['event', entry.event],
    ['outcome', entry.outcome],
    ['actor', entry.actor_username],
    ['actor_id', entry.actor_id],
    ['workstation', entry.workstation],
    ['resource_type', entry.resource_type],
    ['resource_id', entry.resource_id],
    ['details', entry.details],
    ['hash', entry.hash],
    ['prev_hash', entry.prev_hash],
  ]);
  return message(priority(entry.outcome), syslogTimestamp(entry.at), entry.workstation, entry.event, sd, entry.reason);
}

/** A message that cannot be mistaken for an audit entry: MSGID siem.test and test="true". */
export function formatTestMessage(at: Date, workstation: string, options: SyslogFormatOptions = {}): Buffer {
  const sd = structuredData(checkSdId(options.sdId ?? DEFAULT_SD_ID), [['test', 'true']]);
  return message(priority('allowed'), at.toISOString(), workstation, TEST_MSGID, sd, 'Clearance SIEM forwarding test, not an audit entry');
}

/** RFC 6587 section 3.4.1: MSG-LEN SP SYSLOG-MSG, MSG-LEN counting octets. */
export function octetCountingFrame(syslogMessage: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${syslogMessage.length} `, 'ascii'), syslogMessage]);
}
