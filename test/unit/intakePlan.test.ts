import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIntakeFile, type RawRow } from '../../electron/services/intake/intakeFile.js';
import { detectKind, planIntake, type PlannedRecord } from '../../electron/services/intake/intakePlan.js';
import type { TranscriptMessage } from '../../electron/services/intake/formats/liveHelp.js';
import { redactSegments } from '../../electron/services/intake/redactOnIntake.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/intake/${name}`, import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

function plan(name: string, content: Uint8Array | string) {
  const read = readIntakeFile(name, typeof content === 'string' ? bytes(content) : content);
  if (!read.ok) throw new Error(read.problem);
  return planIntake(detectKind(read.rows)!, read.format, read.rows);
}

const session = {
  source_id: 'LH-1',
  department: 'CS',
  started_at: '2026-11-20T14:00:00Z',
  ended_at: '2026-11-20T14:20:00Z',
  operator: 'Liam Chen',
  visitor_name: 'Ann Lee',
  host_ip: '203.0.113.7',
  topic: 'Parking permit',
};
const m = (minute: number, sender: 'operator' | 'visitor', text: string) => ({
  at: `2026-11-20T14:${String(minute).padStart(2, '0')}:00Z`,
  sender,
  text,
});
const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const messagesOf = (r: PlannedRecord) => JSON.parse((r.values as { messages: string }).messages) as TranscriptMessage[];

describe('reading an import file', () => {
  it('reads JSON Lines, a JSON array and CSV, numbering rows as a person finds them', () => {
    const a = readIntakeFile('a.jsonl', bytes('{"x":1}\n\n{"x":2}\n'));
    expect(a).toMatchObject({ ok: true, format: 'jsonl', rows: [{ row: 1 }, { row: 3 }] });
    expect(readIntakeFile('a.json', bytes('[{"x":1},{"x":2}]'))).toMatchObject({
      ok: true,
      format: 'json',
      rows: [{ row: 1 }, { row: 2 }],
    });
    const csv = readIntakeFile('a.csv', bytes('\uFEFFSource_ID,Message\n1,"two\nlines"\n2,b\n'));
    expect(csv).toMatchObject({
      ok: true,
      format: 'csv',
      rows: [{ row: 2, fields: { source_id: '1', message: 'two\nlines' } }, { row: 3 }],
    });
  });

  it('refuses a broken file in words that never quote it', () => {
    const pasted = '4242424242424242';
    const cases: [string, string, RegExp][] = [
      ['a.jsonl', `{"x":1}\n{"message": "card ${pasted}"`, /Line 2 is not valid JSON/],
      ['a.json', `[{"message": "card ${pasted}"}`, /not valid JSON/],
      ['a.csv', `source_id,message\n1,"card ${pasted}\n`, /not valid CSV: line \d+ opens a quote that is never closed/],
      ['a.csv', `source_id,message\n1,card ${pasted},extra\n`, /different number of columns/],
      ['a.jsonl', '', /empty/],
    ];
    for (const [name, text, expected] of cases) {
      const r = readIntakeFile(name, bytes(text));
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.problem).toMatch(expected);
      expect(r.problem).not.toContain('4242');
    }
    expect(readIntakeFile('a.csv', new Uint8Array([0x61, 0xff, 0xfe, 0x0a]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not UTF-8/),
    });
  });

  it('tells the kinds apart by their fields', () => {
    const kindOf = (fields: Record<string, unknown>) => detectKind([{ row: 1, fields } satisfies RawRow]);
    expect(kindOf({ source_id: '1', messages: [] })).toBe('live_help');
    expect(kindOf({ order_id: '1' })).toBe('settlement');
    expect(kindOf({ source_id: '1', message: 'x' })).toBe('correspondence');
    expect(kindOf({ name: 'x' })).toBeNull();
  });
});

describe('validating every row before anything is stored', () => {
  it('accepts the sample files in test/fixtures/intake', () => {
    for (const name of [
      'live-help-transcripts.jsonl',
      'live-help-transcripts.csv',
      'correspondence.csv',
      'correspondence.json',
      'settlement.csv',
    ]) {
      const p = plan(name, fixture(name));
      expect(p.errors, name).toEqual([]);
      expect(p.records.length, name).toBeGreaterThan(0);
    }
  });

  it('lists each error with its row and field, and keeps no record of a row with an error', () => {
    const p = plan(
      'x.jsonl',
      jsonl(
        { ...session, messages: [m(1, 'visitor', 'hi')] },
        { ...session, source_id: 'LH-2', started_at: 'yesterday', host_ip: '999.1.1.1', messages: [] },
        {
          ...session,
          source_id: 'LH-3',
          ended_at: '2026-11-20T13:00:00Z',
          messages: [{ at: '2026-11-20T16:00:00Z', sender: 'bot', text: '' }],
        },
        { ...session, messages: [m(2, 'visitor', 'again')] },
        { ...session, source_id: 'LH-5', visitor: 'typo', messages: [m(2, 'visitor', 'x')] },
      ),
    );
    expect(p.records.map((r) => r.sourceId)).toEqual(['LH-1', 'LH-5']);
    expect(p.errors).toEqual([
      { row: 2, field: 'started_at', message: expect.stringMatching(/not a date and time/) },
      { row: 2, field: 'host_ip', message: 'Is not an IP address.' },
      { row: 2, field: 'messages', message: 'A transcript has at least one message.' },
      { row: 3, field: 'messages[1].sender', message: 'Must be operator, visitor or system.' },
      { row: 3, field: 'messages[1].text', message: 'Is empty.' },
      { row: 4, field: 'source_id', message: 'The same id as row 1: each record appears once in a file.' },
      { row: 5, field: 'visitor', message: expect.stringMatching(/^Not a field of this format/) },
    ]);
    // The superRefine checks run once the fields parse: a message outside the session, an end before the start.
    const times = plan('y.jsonl', jsonl({ ...session, ended_at: '2026-11-20T13:00:00Z', messages: [m(30, 'visitor', 'late')] }));
    expect(times.errors.map((e) => e.field)).toEqual(['ended_at', 'messages[1].at']);
  });

  it('never repeats a value in an error: an SSN that the SSA never issues, a card number in a settlement file', () => {
    const c = plan(
      'c.csv',
      'source_id,channel,department,received_at,full_name,ssn,message\nE1,email,REC,2026-11-20T10:00:00Z,Ann Lee,666-12-3456,Hello\n',
    );
    expect(c.errors).toEqual([{ row: 2, field: 'ssn', message: expect.stringMatching(/not a Social Security number/) }]);
    const s = plan(
      's.csv',
      'order_id,department,agency,cardholder_name,amount,status,ordered_at,card\n' +
        'P1,FIN,Finance,Ann Lee,10.00,authorized,2026-11-20T10:00:00Z,4242424242424242\n' +
        'P2,FIN,Finance,Ann 4242 4242 4242 4242,10.00,authorized,2026-11-20T10:00:00Z,************4242\n' +
        'P3,FIN,Finance,Bo Park,10.00,settled,2026-11-20T10:00:00Z,424242******4242\n',
    );
    expect(s.records).toEqual([]);
    expect(s.errors).toEqual([
      { row: 2, field: 'card', message: expect.stringMatching(/must not carry card numbers/) },
      { row: 3, field: 'cardholder_name', message: expect.stringMatching(/looks like a card number/) },
      { row: 4, field: 'settled_at', message: 'A settled order needs settled_at.' },
    ]);
    for (const e of [...c.errors, ...s.errors]) expect(e.message).not.toMatch(/4242|666-12/);
  });

  it('reads the masked card of a settlement row as first 6 and last 4 at most', () => {
    const s = plan(
      's.json',
      JSON.stringify(
        ['424242******4242', '************4444', 'XXXX-XXXX-XXXX-1881', '4111 11** **** 1111'].map((card, i) => ({
          order_id: `P${i}`,
          department: 'FIN',
          agency: 'Finance',
          cardholder_name: 'Ann Lee',
          amount: 12.5,
          status: 'authorized',
          ordered_at: '2026-11-20T10:00:00Z',
          card,
        })),
      ),
    );
    expect(s.errors).toEqual([]);
    expect(s.records.map((r) => r.values)).toEqual([
      expect.objectContaining({ pan_first6: '424242', pan_last4: '4242', amount_cents: 1250, settlement_status: 'authorized' }),
      expect.objectContaining({ pan_first6: '', pan_last4: '4444' }),
      expect.objectContaining({ pan_first6: '', pan_last4: '1881' }),
      expect.objectContaining({ pan_first6: '411111', pan_last4: '1111' }),
    ]);
  });
});

describe('redaction on the way in', () => {
  it('replaces what citizens paste into Live Help with labelled tokens and keeps the counts by kind', () => {
    const [first, second] = plan('t.jsonl', fixture('live-help-transcripts.jsonl')).records;
    expect(first!.counts).toEqual({ card_number: 1 });
    expect(messagesOf(first!)[1]!.text).toBe('My renewal payment failed. My card is [card number removed, ending 4242], can you check it?');
    expect(JSON.stringify(first!.values)).not.toMatch(/4242 4242/);
    expect(first!.values).toMatchObject({ redaction_counts: '{"card_number":1}' });
    // Context crosses messages: the SSN word and the date-of-birth question come in the message before.
    expect(second!.counts).toEqual({ ssn: 1, date_of_birth: 1 });
    expect(messagesOf(second!).map((x) => x.text)).toContain('[SSN removed] just in case');
    expect(messagesOf(second!).map((x) => x.text)).toContain('[date of birth removed]');
    expect(second!.excerpts).toEqual([
      { where: 'message 4 (visitor)', kind: 'ssn', text: '[SSN removed] just in case' },
      { where: 'message 6 (visitor)', kind: 'date_of_birth', text: '[date of birth removed]' },
    ]);
  });

  it('catches a card number pasted in two messages, and counts it once', () => {
    const p = plan(
      't.jsonl',
      jsonl({
        ...session,
        messages: [
          m(1, 'visitor', 'my card is 4242 4242'),
          m(2, 'visitor', '4242 4242'),
          m(3, 'operator', 'Please do not send card numbers.'),
        ],
      }),
    );
    expect(p.records[0]!.counts).toEqual({ card_number: 1 });
    expect(messagesOf(p.records[0]!).map((x) => x.text)).toEqual([
      'my card is [card number removed, ending 4242]',
      '[card number removed, ending 4242]',
      'Please do not send card numbers.',
    ]);
  });

  it('does not join what two people said, and leaves a date that answers no birth question alone', () => {
    const r = redactSegments([
      { where: 'a', text: 'What is your date of birth?', speaker: 'operator' },
      { where: 'b', text: 'I would rather not. My appointment is 03/14/2026', speaker: 'visitor' },
      { where: 'c', text: 'Can we meet on 04/01/2026?', speaker: 'visitor' },
    ]);
    expect(r.counts).toEqual({});
    const answered = redactSegments([
      { where: 'a', text: 'Can you confirm your DOB?', speaker: 'operator' },
      { where: 'b', text: "it's March 14, 1985 thanks", speaker: 'visitor' },
    ]);
    expect(answered.texts[1]).toBe("it's [date of birth removed] thanks");
  });

  it('scans the other free text of a transcript and of correspondence: names, topics, survey answers, subjects, notes', () => {
    const t = plan(
      't.jsonl',
      jsonl({
        ...session,
        topic: 'Refund to 4242-4242-4242-4242',
        messages: [m(1, 'visitor', 'hello')],
        exit_survey: [{ question: 'Anything else?', answer: 'my SSN is 219-09-9999' }],
      }),
    );
    expect(t.records[0]!.counts).toEqual({ card_number: 1, ssn: 1 });
    expect(t.records[0]!.values).toMatchObject({
      topic: 'Refund to [card number removed, ending 4242]',
      exit_interview: 'Anything else? my SSN is [SSN removed]',
    });
    const c = plan('c.csv', fixture('correspondence.csv'));
    expect(c.records.map((r) => r.counts)).toEqual([{ bank_account: 1 }, { card_number: 1 }, {}]);
    // The SSN and date of birth fields of a form are fields, not free text: kept (masked on screen) as given.
    expect(c.records[0]!.values).toMatchObject({ ssn: '219-09-9999', date_of_birth: '1985-03-14' });
  });

  it('reads CSV messages with times of day in the session’s offset, past midnight, and lines that continue a message', () => {
    const p = plan('t.csv', fixture('live-help-transcripts.csv'));
    const late = messagesOf(p.records[1]!);
    expect(late.map((x) => x.at)).toEqual(['2026-11-22T23:55:20.000Z', '2026-11-22T23:58:41.000Z', '2026-11-23T00:02:05.000Z']);
    expect(messagesOf(p.records[0]!)[3]!.text).toBe(
      'Please never send card numbers in chat. Use the renewal page.\nIt takes cards safely.',
    );
    const offset = plan(
      'o.csv',
      'source_id,department,started_at,ended_at,operator,host_ip,messages\n' +
        'L1,CS,2026-11-20T09:00:00-05:00,2026-11-20T09:10:00-05:00,Liam Chen,192.0.2.1,"[09:01] Ann (visitor): hi\nno time here"\n' +
        'L2,CS,2026-11-20T09:00:00-05:00,2026-11-20T09:10:00-05:00,Liam Chen,192.0.2.1,"no time at all"\n',
    );
    expect(messagesOf(offset.records[0]!)).toEqual([
      { at: '2026-11-20T14:01:00.000Z', sender: 'visitor', name: 'Ann', text: 'hi\nno time here' },
    ]);
    expect(offset.errors).toEqual([
      { row: 3, field: 'messages', message: 'Line 1 does not start like "[14:02:30] Name (operator): text".' },
      { row: 3, field: 'messages', message: 'A transcript has at least one message.' },
    ]);
  });
});
