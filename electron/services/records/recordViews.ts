/**
 * How each kind of record is stored, searched and shown: its table, the columns a search looks
 * in, and its fields in display order with the ones masked by default.
 */
import type { RecordField, RecordSubject } from '../../contract/records.js';
import { formatDateTime, formatDay } from '../format.js';
import { maskPan } from './cardCipher.js';

export type Row = Record<string, unknown>;

/** A field as the record screen shows it (the contract's RecordField). */
export type FieldView = RecordField;

export interface SubjectView {
  table: 'live_help_transcripts' | 'personal_records' | 'card_transactions';
  searchColumns: readonly string[];
  dateColumn: string;
  title(row: Row): string;
  subtitle(row: Row): string;
  fields(row: Row): FieldView[];
  /** Columns never selected into a view (the encrypted number). */
  hiddenColumns: readonly string[];
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
/** Dates read as people read them, as on every other screen. */
const day = (v: unknown) => (v ? formatDay(s(v)) : '');
const money = (cents: unknown) => `$${(Number(cents) / 100).toFixed(2)}`;
const field = (key: string, label: string, value: unknown, masked = false): FieldView => ({ key, label, value: s(value), masked });

export function maskSsn(ssn: string): string {
  return `•••-••-${ssn.slice(-4)}`;
}

export const SUBJECT_VIEWS: Record<RecordSubject, SubjectView> = {
  LiveHelpTranscript: {
    table: 'live_help_transcripts',
    searchColumns: ['visitor_name', 'topic', 'operator_name', 'transcript_email'],
    dateColumn: 'started_at',
    hiddenColumns: [],
    title: (r) => `${s(r.visitor_name)}: ${s(r.topic)}`,
    subtitle: (r) => `Live Help with ${s(r.operator_name)} · ${day(r.session_date)}`,
    fields: (r) => [
      field('session_date', 'Session date', day(r.session_date)),
      field('started_at', 'Start time', r.started_at ? formatDateTime(s(r.started_at)) : ''),
      field('ended_at', 'End time', s(r.ended_at).slice(11, 16) + ' UTC'),
      field('operator_name', 'Operator name', r.operator_name),
      field('visitor_name', 'Visitor name (as entered)', r.visitor_name),
      field('browser', 'Browser type and version', `${s(r.browser)} ${s(r.browser_version)}`),
      field('host_ip', 'Host IP number', r.host_ip),
      field('topic', 'Topic', r.topic),
      field('transcript_email', 'E-mail (transcript requested)', r.transcript_email ?? 'No transcript requested'),
      field('exit_interview', 'Exit interview responses', r.exit_interview ?? 'None'),
      field('transcript_text', 'Text of the discussion', r.transcript_text),
    ],
  },
  PersonalRecord: {
    table: 'personal_records',
    searchColumns: ['full_name', 'email', 'agency', 'message'],
    dateColumn: 'received_at',
    hiddenColumns: [],
    title: (r) => s(r.full_name),
    subtitle: (r) => `${r.source === 'email' ? 'E-mail' : 'Web form'} to ${s(r.agency)} · ${day(r.received_at)}`,
    fields: (r) => [
      field('full_name', 'Name', r.full_name),
      field('mailing_address', 'Mailing address', r.mailing_address),
      field('email', 'E-mail', r.email),
      field('phone', 'Phone', r.phone),
      field('ssn', 'Social Security number', maskSsn(s(r.ssn)), true),
      field('date_of_birth', 'Date of birth', '••••-••-••', true),
      field('agency', 'Agency', r.agency),
      field('source', 'Source', r.source === 'email' ? 'E-mail' : 'Web form'),
      field('received_at', 'Received', day(r.received_at)),
      field('message', 'Message', r.message),
    ],
  },
  CardTransaction: {
    table: 'card_transactions',
    searchColumns: ['cardholder_name', 'order_id', 'agency'],
    dateColumn: 'created_at',
    hiddenColumns: ['pan_ciphertext'],
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
    ],
  },
};
