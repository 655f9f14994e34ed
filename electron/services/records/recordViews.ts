/**
 * How each kind of record is stored, searched and shown: its table, the columns a search looks
 * in, and its fields in display order with the ones masked by default.
 */
import type { RecordField, RecordSubject } from '../../contract/records.js';
import { countOfKind, SENSITIVE_KINDS, type SensitiveKind } from '../../contract/sensitiveKinds.js';
import { formatDateTime, formatDay } from '../format.js';
import { TEXT_INDEXED, type TextIndexedTable } from '../search.js';
import { maskPan } from './cardCipher.js';

export type Row = Record<string, unknown>;

/** A field as the record screen shows it (the contract's RecordField). */
export type FieldView = RecordField;

export interface SubjectView {
  table: TextIndexedTable;
  /** The columns a search looks in: all of them have a text index (search.ts). */
  searchColumns: readonly string[];
  dateColumn: string;
  title(row: Row): string;
  subtitle(row: Row): string;
  fields(row: Row): FieldView[];
  /** Columns never selected into a view (the encrypted number). */
  hiddenColumns: readonly string[];
  /** Columns holding keyed hashes, for a search by card number, SSN or date of birth (see searchInput.ts). */
  lookupColumns: Partial<Record<'card-number' | 'ssn' | 'date-of-birth', string>>;
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
/** An amount in cents as shown, e.g. $42.50. */
export const money = (cents: unknown) => `$${(Number(cents) / 100).toFixed(2)}`;
/** Dates read as people read them, as on every other screen. */
const day = (v: unknown) => (v ? formatDay(s(v)) : '');
const field = (key: string, label: string, value: unknown, masked = false): FieldView => ({ key, label, value: s(value), masked });

/** An SSN (or just its last four digits) as shown: last four only. */
export function maskSsn(ssn: string): string {
  return `•••-••-${ssn.slice(-4)}`;
}

const NOT_GIVEN = 'Not given';
const given = (v: unknown) => (v === null || v === undefined || v === '' ? NOT_GIVEN : v);

/** A protected field: masked when held, plainly "Not given" (and nothing to reveal) when the citizen gave none. */
const protectedField = (key: string, label: string, value: unknown, mask: (v: string) => string): FieldView =>
  value === null || value === undefined || value === '' ? field(key, label, NOT_GIVEN) : field(key, label, mask(s(value)), true);

/** What intake redacted from the record's free text, in words. */
export function redactionsInWords(json: unknown): string {
  let counts: Partial<Record<SensitiveKind, number>> = {};
  try {
    counts = JSON.parse(s(json) || '{}') as typeof counts;
  } catch {
    counts = {};
  }
  const found = SENSITIVE_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => countOfKind(k, counts[k]!));
  return found.length ? `On intake: ${found.join(', ')} removed` : 'Nothing removed on intake';
}

const sourceRecord = (r: Row) => (r.source_system ? `${s(r.source_system)} ${s(r.source_id)}` : 'Entered in Clearance');

const SETTLEMENT_WORDS: Record<string, string> = {
  authorized: 'Authorized',
  settled: 'Settled',
  refunded: 'Refunded',
  declined: 'Declined',
  voided: 'Voided',
};

export const SUBJECT_VIEWS: Record<RecordSubject, SubjectView> = {
  LiveHelpTranscript: {
    table: 'live_help_transcripts',
    searchColumns: TEXT_INDEXED.live_help_transcripts,
    dateColumn: 'started_at',
    hiddenColumns: [],
    lookupColumns: {},
    title: (r) => `${s(r.visitor_name)}: ${s(r.topic)}`,
    subtitle: (r) => `Live Help with ${s(r.operator_name)} · ${day(r.session_date)}`,
    fields: (r) => [
      field('session_date', 'Session date', day(r.session_date)),
      field('started_at', 'Start time', r.started_at ? formatDateTime(s(r.started_at)) : ''),
      field('ended_at', 'End time', r.ended_at ? formatDateTime(s(r.ended_at)) : ''),
      field('operator_name', 'Operator name', r.operator_name),
      field('visitor_name', 'Visitor name (as entered)', r.visitor_name),
      field('browser', 'Browser type and version', `${s(r.browser)} ${s(r.browser_version)}`),
      field('host_ip', 'Host IP number', r.host_ip),
      field('referring_page', 'Referring page', r.referring_page ?? 'Not recorded'),
      field('topic', 'Topic', r.topic),
      field('transcript_email', 'E-mail (transcript requested)', r.transcript_email ?? 'No transcript requested'),
      field('exit_interview', 'Exit interview responses', r.exit_interview ?? 'None'),
      field('transcript_text', 'Text of the discussion', r.transcript_text),
      field('redactions', 'Sensitive data removed', redactionsInWords(r.redaction_counts)),
      field('source_record', 'Source system and id', sourceRecord(r)),
    ],
  },
  PersonalRecord: {
    table: 'personal_records',
    searchColumns: TEXT_INDEXED.personal_records,
    dateColumn: 'received_at',
    hiddenColumns: ['ssn_sealed', 'date_of_birth_sealed', 'unsealed_ssn', 'unsealed_date_of_birth'],
    lookupColumns: { ssn: 'ssn_lookup', 'date-of-birth': 'date_of_birth_lookup' },
    title: (r) => s(r.full_name),
    subtitle: (r) => `${r.source === 'email' ? 'E-mail' : 'Web form'} to ${s(r.agency)} · ${day(r.received_at)}`,
    fields: (r) => [
      field('full_name', 'Name', r.full_name),
      field('mailing_address', 'Mailing address', given(r.mailing_address)),
      field('email', 'E-mail', given(r.email)),
      field('phone', 'Phone', given(r.phone)),
      protectedField('ssn', 'Social Security number', r.ssn_last4, maskSsn),
      protectedField('date_of_birth', 'Date of birth', r.date_of_birth_sealed || r.unsealed_date_of_birth, () => '••••-••-••'),
      field('agency', 'Agency', r.agency),
      field('source', 'Source', r.source === 'email' ? 'E-mail' : 'Web form'),
      field('received_at', 'Received', day(r.received_at)),
      field('subject', 'Subject', given(r.subject)),
      field('message', 'Message', r.message),
      field('notes', 'Notes', given(r.notes)),
      field('redactions', 'Sensitive data removed', redactionsInWords(r.redaction_counts)),
      field('source_record', 'Source system and id', sourceRecord(r)),
    ],
  },
  CardTransaction: {
    table: 'card_transactions',
    searchColumns: TEXT_INDEXED.card_transactions,
    dateColumn: 'created_at',
    hiddenColumns: ['pan_ciphertext', 'expiry_sealed'],
    lookupColumns: { 'card-number': 'pan_lookup' },
    title: (r) => `${s(r.order_id)} · ${s(r.cardholder_name)}`,
    subtitle: (r) => `${money(r.amount_cents)} · ${s(r.agency)} · ${r.status === 'pending' ? 'Pending' : 'Processed'}`,
    fields: (r) => [
      field('order_id', 'Order', r.order_id),
      field('cardholder_name', 'Cardholder name', r.cardholder_name),
      field('amount', 'Amount', money(r.amount_cents)),
      field('agency', 'Agency', r.agency),
      field('status', 'Status', r.status === 'pending' ? 'Pending' : 'Processed'),
      field('created_at', 'Ordered', day(r.created_at)),
      field('processed_at', 'Processed', r.processed_at ? s(r.processed_at).slice(0, 16).replace('T', ' ') + ' UTC' : 'Not yet'),
      field('pan', 'Card number', maskPan(s(r.pan_first6), s(r.pan_last4)), true),
      field(
        'settlement_status',
        'Payment portal status',
        r.settlement_status
          ? `${SETTLEMENT_WORDS[s(r.settlement_status)] ?? s(r.settlement_status)} (payment portal)${r.settled_at ? ` on ${day(r.settled_at)}` : ''}`
          : 'Not a payment portal order',
      ),
      field('source_record', 'Source system and id', sourceRecord(r)),
    ],
  },
};
