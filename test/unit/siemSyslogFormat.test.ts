import { describe, expect, it } from 'vitest';
import { entryHash } from '../../electron/services/audit/canonical.js';
import {
  checkSdId,
  formatAuditEntry,
  formatTestMessage,
  octetCountingFrame,
  toPrintUsAscii,
} from '../../electron/services/siem/rfc5424.js';
import { forged } from '../support/auditTamper.js';
import { makeEntries } from '../support/siem/auditEntries.js';
import { parseSyslog5424, sdParams, splitOctetCounted } from '../support/siem/rfc5424Grammar.js';
import type { AuditOutcome } from '../../db/schema.js';

const [allowed, , , , , , denied] = makeEntries(7);
const SD = 'clearance@32473';

describe('the RFC 5424 reader used by these tests', () => {
  it('rejects what the grammar rejects', () => {
    const good = '<85>1 2026-11-24T09:00:00.000Z ws clearance - record.list [clearance@32473 seq="1"] \u{feff}ok';
    expect(parseSyslog5424(Buffer.from(good)).msg).toBe('ok');
    for (const bad of [
      '<192>1 2026-11-24T09:00:00.000Z ws clearance - m -',
      '<085>1 2026-11-24T09:00:00.000Z ws clearance - m -',
      '<85>0 2026-11-24T09:00:00.000Z ws clearance - m -',
      '<85>1 2026-11-24 09:00:00 ws clearance - m -',
      '<85>1 2026-11-24T09:00:00.1234567Z ws clearance - m -',
      '<85>1 - ws\u00e9 clearance - m -',
      `<85>1 - ws clearance - ${'m'.repeat(33)} -`,
      '<85>1 - ws clearance - m [clearance@32473 seq="a]b"]',
      '<85>1 - ws clearance - m [clearance@x seq="1"]',
      '<85>1 - ws clearance - m [clearance@32473 seq="1"',
      '<85>1 - ws clearance - m -x',
    ]) {
      expect(() => parseSyslog5424(Buffer.from(bad)), bad).toThrow(/not RFC 5424/);
    }
  });
});

describe('RFC 5424 message for an audit entry', () => {
  it('has every header field the SIEM expects, and the grammar accepts it', () => {
    const m = parseSyslog5424(formatAuditEntry(allowed!));
    expect(m).toMatchObject({
      pri: 10 * 8 + 5, // authpriv.notice
      version: 1,
      timestamp: allowed!.at,
      hostname: 'PRIV-WS-04',
      appName: 'clearance',
      procId: '-',
      msgId: 'record.list',
      hasBom: true,
      msg: 'Role rule: privacy analyst may open transcripts',
    });
    expect(m.structuredData.map((e) => e.id)).toEqual([SD]);
    expect(sdParams(m, SD)).toEqual({
      seq: '1',
      event: 'record.list',
      outcome: 'allowed',
      actor: 'liam.chen',
      actor_id: '7',
      workstation: 'PRIV-WS-04',
      resource_type: 'live_help_transcript',
      resource_id: '101',
      details: '{}',
      hash: allowed!.hash,
      prev_hash: allowed!.prev_hash,
    });
  });

  it('marks a denied access as warning (authpriv.warning = 84)', () => {
    const m = parseSyslog5424(formatAuditEntry(denied!));
    expect(m.pri).toBe(84);
    expect(sdParams(m, SD).outcome).toBe('denied');
  });

  it('puts the UTF-8 BOM right before the reason, which keeps its accents and quotes', () => {
    const entry = { ...allowed!, reason: 'Formation « Vie privée » échue — accès refusé' };
    const raw = formatAuditEntry(entry);
    const bomAt = raw.indexOf(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(raw.subarray(bomAt + 3).toString('utf8')).toBe(entry.reason);
    expect(raw[bomAt - 1]).toBe(0x20);
    expect(raw[bomAt - 2]).toBe(0x5d); // right after the SD element's ]
    expect(parseSyslog5424(raw).msg).toBe(entry.reason);
  });

  it('escapes ", \\ and ] in PARAM-VALUE so the values come back unchanged', () => {
    const tricky = 'a"b\\c]d [x="y"] é';
    const entry = { ...allowed!, actor_username: tricky, resource_id: ']"\\', details: '{"note":"x]\\"y"}' };
    const raw = formatAuditEntry(entry).toString('utf8');
    expect(raw).toContain('actor="a\\"b\\\\c\\]d [x=\\"y\\"\\] é"');
    const params = sdParams(parseSyslog5424(formatAuditEntry(entry)), SD);
    expect(params.actor).toBe(tricky);
    expect(params.resource_id).toBe(']"\\');
    expect(params.details).toBe('{"note":"x]\\"y"}');
  });

  it('carries every hashed field, so the SIEM can recompute the entry hash', () => {
    // As AuditLog writes it: these fields, their canonical bytes and the bytes' hash.
    const withHash = forged(denied!, { details: '{"purpose":"complaint #12"}', workstation: 'Poste de Zoé' });
    const m = parseSyslog5424(formatAuditEntry(withHash));
    const p = sdParams(m, SD);
    const recomputed = entryHash({
      seq: Number(p.seq),
      at: m.timestamp,
      actor_id: p.actor_id === undefined ? null : Number(p.actor_id),
      actor_username: p.actor ?? null,
      workstation: p.workstation!,
      event: p.event!,
      resource_type: p.resource_type ?? null,
      resource_id: p.resource_id ?? null,
      outcome: p.outcome as AuditOutcome,
      reason: m.msg!,
      details: p.details!,
      prev_hash: p.prev_hash!,
    });
    expect(recomputed).toBe(p.hash);
    expect(p.hash).toBe(withHash.hash);
  });

  it('leaves out null fields (a system event has no actor or resource)', () => {
    const entry = { ...allowed!, actor_id: null, actor_username: null, resource_type: null, resource_id: null };
    const params = sdParams(parseSyslog5424(formatAuditEntry(entry)), SD);
    expect(Object.keys(params)).toEqual(['seq', 'event', 'outcome', 'workstation', 'details', 'hash', 'prev_hash']);
  });

  it('fits HOSTNAME to 1..255 PRINTUSASCII and MSGID to 32, keeping the full values in the structured data', () => {
    const entry = { ...allowed!, workstation: 'Poste de Zoé #3\t', event: `break_glass.${'x'.repeat(40)}` };
    const m = parseSyslog5424(formatAuditEntry(entry));
    expect(m.hostname).toBe('Poste_de_Zoe_#3_');
    expect(m.msgId).toBe(entry.event.slice(0, 32));
    expect(sdParams(m, SD).workstation).toBe(entry.workstation);
    expect(sdParams(m, SD).event).toBe(entry.event);
    expect(parseSyslog5424(formatAuditEntry({ ...allowed!, workstation: 'w'.repeat(300) })).hostname).toHaveLength(255);
    expect(parseSyslog5424(formatAuditEntry({ ...allowed!, workstation: '' })).hostname).toBe('-');
    expect(toPrintUsAscii('   ', 10)).toBe('___');
  });

  it("keeps the entry's own timestamp byte for byte, rewrites one outside the grammar, and gives - when unreadable", () => {
    expect(parseSyslog5424(formatAuditEntry({ ...allowed!, at: '2026-11-24T09:00:00.123456-05:00' })).timestamp).toBe(
      '2026-11-24T09:00:00.123456-05:00',
    );
    expect(parseSyslog5424(formatAuditEntry({ ...allowed!, at: 'Tue, 24 Nov 2026 09:00:00 GMT' })).timestamp).toBe(
      '2026-11-24T09:00:00.000Z',
    );
    expect(parseSyslog5424(formatAuditEntry({ ...allowed!, at: 'not a time' })).timestamp).toBe('-');
  });

  it('takes an agency SD-ID and refuses one the grammar does not allow', () => {
    expect(parseSyslog5424(formatAuditEntry(allowed!, { sdId: 'clearance@99999.1' })).structuredData[0]!.id).toBe('clearance@99999.1');
    for (const bad of ['clearance 1', 'a=b', 'x@abc', 'x"y', 'a]', '', 'n'.repeat(33), 'a@1@2']) {
      expect(() => checkSdId(bad), bad).toThrow(/not a valid SD-ID/);
    }
  });

  it('makes a test message that cannot pass for an audit entry', () => {
    const m = parseSyslog5424(formatTestMessage(new Date('2026-11-24T09:00:00Z'), 'PRIV-WS-04'));
    expect(m.msgId).toBe('siem.test');
    expect(m.structuredData).toEqual([{ id: SD, params: [['test', 'true']] }]);
    expect(m.msg).toMatch(/not an audit entry/);
  });
});

describe('RFC 6587 octet counting', () => {
  it('prefixes the length in octets (not characters) and a space, so frames split back exactly', () => {
    const messages = makeEntries(3, () => ({ reason: 'équipe données — ✓' })).map((e) => formatAuditEntry(e));
    const frame = octetCountingFrame(messages[0]!);
    expect(frame.toString('ascii', 0, frame.indexOf(0x20))).toBe(String(messages[0]!.length));
    expect(messages[0]!.length).toBeGreaterThan(messages[0]!.toString('utf8').length);
    const stream = Buffer.concat(messages.map(octetCountingFrame));
    const { frames, rest } = splitOctetCounted(stream);
    expect(frames.map((f) => f.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
    expect(rest).toHaveLength(0);
  });
});
