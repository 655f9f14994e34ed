/**
 * A strict reader of RFC 5424 section 6 (the ABNF), written from the RFC and independent of the
 * formatter, so the tests check our messages against the grammar and not against themselves.
 */
export interface SdElement {
  id: string;
  params: Array<[string, string]>;
}

export interface SyslogMessage {
  pri: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: SdElement[];
  /** MSG after the BOM, decoded as strict UTF-8; null when there is no MSG. */
  msg: string | null;
  hasBom: boolean;
}

const SP = 0x20;
const TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function parseSyslog5424(buf: Buffer): SyslogMessage {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not RFC 5424 at octet ${i}: ${why}: ${JSON.stringify(buf.toString('latin1').slice(0, 200))}`);
  };
  const expect = (octet: number, what: string) => {
    if (buf[i] !== octet) fail(`expected ${what}`);
    i += 1;
  };
  // A header field: 1*max PRINTUSASCII up to the next SP.
  const token = (max: number, what: string): string => {
    const start = i;
    while (i < buf.length && buf[i] !== SP) {
      if (buf[i]! < 33 || buf[i]! > 126) fail(`octet ${buf[i]} not allowed in ${what}`);
      i += 1;
    }
    if (i === start) fail(`empty ${what}`);
    if (i - start > max) fail(`${what} longer than ${max}`);
    return buf.toString('ascii', start, i);
  };

  expect(0x3c, '<');
  let pri = '';
  while (buf[i] !== 0x3e) {
    if (buf[i]! < 0x30 || buf[i]! > 0x39 || pri.length === 3) fail('PRIVAL is 1-3 digits');
    pri += String.fromCharCode(buf[i]!);
    i += 1;
  }
  if (pri === '' || Number(pri) > 191 || (pri.length > 1 && pri.startsWith('0'))) fail('PRIVAL is 0..191');
  expect(0x3e, '>');
  let version = '';
  while (buf[i] !== SP) {
    if (buf[i]! < 0x30 || buf[i]! > 0x39 || version.length === 3) fail('VERSION is 1-3 digits');
    version += String.fromCharCode(buf[i]!);
    i += 1;
  }
  if (version === '' || version.startsWith('0')) fail('VERSION starts with a non-zero digit');
  expect(SP, 'SP after VERSION');
  const timestamp = token(64, 'TIMESTAMP');
  if (timestamp !== '-' && !TIMESTAMP.test(timestamp)) fail(`TIMESTAMP ${timestamp}`);
  expect(SP, 'SP after TIMESTAMP');
  const hostname = token(255, 'HOSTNAME');
  expect(SP, 'SP after HOSTNAME');
  const appName = token(48, 'APP-NAME');
  expect(SP, 'SP after APP-NAME');
  const procId = token(128, 'PROCID');
  expect(SP, 'SP after PROCID');
  const msgId = token(32, 'MSGID');
  expect(SP, 'SP after MSGID');

  const structuredData: SdElement[] = [];
  const sdName = (what: string): string => {
    const start = i;
    while (i < buf.length && buf[i]! >= 33 && buf[i]! <= 126 && buf[i] !== 0x3d && buf[i] !== 0x5d && buf[i] !== 0x22) i += 1;
    if (i === start || i - start > 32) fail(`${what} is 1-32 PRINTUSASCII except = ] "`);
    return buf.toString('ascii', start, i);
  };
  if (buf[i] === 0x2d) {
    i += 1;
  } else {
    if (buf[i] !== 0x5b) fail('STRUCTURED-DATA is "-" or [elements]');
    while (buf[i] === 0x5b) {
      i += 1;
      const id = sdName('SD-ID');
      if (id.includes('@') && !/^[^@]+@\d+(\.\d+)*$/.test(id)) fail('SD-ID name@enterprise-number');
      const params: Array<[string, string]> = [];
      while (buf[i] === SP) {
        i += 1;
        const name = sdName('PARAM-NAME');
        expect(0x3d, '=');
        expect(0x22, 'opening "');
        const value: number[] = [];
        for (;;) {
          if (i >= buf.length) fail('unterminated PARAM-VALUE');
          const c = buf[i]!;
          if (c === 0x22) break;
          if (c === 0x5d) fail('unescaped ] in PARAM-VALUE');
          if (c === 0x5c && (buf[i + 1] === 0x22 || buf[i + 1] === 0x5c || buf[i + 1] === 0x5d)) {
            value.push(buf[i + 1]!);
            i += 2;
            continue;
          }
          value.push(c);
          i += 1;
        }
        expect(0x22, 'closing "');
        params.push([name, new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value))]);
      }
      expect(0x5d, ']');
      structuredData.push({ id, params });
    }
  }
  if (i === buf.length)
    return {
      pri: Number(pri),
      version: Number(version),
      timestamp,
      hostname,
      appName,
      procId,
      msgId,
      structuredData,
      msg: null,
      hasBom: false,
    };
  expect(SP, 'SP before MSG');
  const rest = buf.subarray(i);
  const hasBom = rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf;
  const msg = hasBom ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rest.subarray(3)) : rest.toString('latin1');
  return { pri: Number(pri), version: Number(version), timestamp, hostname, appName, procId, msgId, structuredData, msg, hasBom };
}

/** The params of one SD element as a plain object. */
export function sdParams(message: SyslogMessage, id: string): Record<string, string> {
  const element = message.structuredData.find((e) => e.id === id);
  if (!element) throw new Error(`no SD element ${id}`);
  return Object.fromEntries(element.params);
}

/** Splits an RFC 6587 octet-counted stream; the unfinished tail is returned for the next chunk. */
export function splitOctetCounted(stream: Buffer): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let i = 0;
  for (;;) {
    const space = stream.indexOf(0x20, i);
    if (space === -1) break;
    const lengthText = stream.toString('ascii', i, space);
    if (!/^[1-9]\d*$/.test(lengthText)) throw new Error(`bad MSG-LEN ${JSON.stringify(lengthText)}`);
    const end = space + 1 + Number(lengthText);
    if (end > stream.length) break;
    frames.push(stream.subarray(space + 1, end));
    i = end;
  }
  return { frames, rest: stream.subarray(i) };
}
