/**
 * From an import file's rows to the records it would store: the kind of file, every row
 * validated (errors by row and field), source ids checked for repeats within the file, and every
 * free-text field redacted. Pure: what the database already holds is looked at by the service.
 */
import type { CardTransactionTable, LiveHelpTranscriptTable, PersonalRecordTable } from '../../../db/schema.js';
import type { IntakeKind } from '../../contract/intake.js';
import { SENSITIVE_KIND_LABELS } from '../../contract/sensitiveKinds.js';
import { validateRow, type FieldError } from './formats/common.js';
import { CORRESPONDENCE_FIELDS, CorrespondenceRecord } from './formats/correspondence.js';
import { LIVE_HELP_FIELDS, LiveHelpRecord, liveHelpFromCsv, type TranscriptMessage } from './formats/liveHelp.js';
import { SETTLEMENT_FIELDS, SettlementRecord, type SettlementStatus } from './formats/settlement.js';
import type { IntakeFormat, RawRow } from './intakeFile.js';
import {
  addCounts,
  countsJson,
  redactField,
  redactSegments,
  type RedactedSegments,
  type RedactionCounts,
  type RedactionExcerpt,
} from './redactOnIntake.js';
import { findSensitive } from './sensitiveData.js';

const FIELDS: Record<IntakeKind, readonly string[]> = {
  live_help: LIVE_HELP_FIELDS,
  correspondence: CORRESPONDENCE_FIELDS,
  settlement: SETTLEMENT_FIELDS,
};

/** What kind of file it is, from the fields of its first record: a transcript has messages, a settlement row an order id. */
export function detectKind(rows: readonly RawRow[]): IntakeKind | null {
  const keys = new Set(Object.keys(rows[0]?.fields ?? {}));
  if (keys.has('messages')) return 'live_help';
  if (keys.has('order_id')) return 'settlement';
  if (keys.has('message') || keys.has('channel')) return 'correspondence';
  return null;
}

interface PlannedBase {
  row: number;
  sourceSystem: string;
  sourceId: string;
  /** The department as the file names it (code or name); the service resolves it. */
  department: string;
  title: string;
  counts: RedactionCounts;
  excerpts: RedactionExcerpt[];
}

/** What an import always gives (the tables allow null on rows from before intake). */
interface FromSourceSystem {
  source_system: string;
  source_id: string;
}

/** Column values of a new transcript, redacted; department and import are added when stored. */
export type LiveHelpValues = Omit<
  LiveHelpTranscriptTable,
  'id' | 'department_id' | 'import_id' | 'messages' | 'source_system' | 'source_id' | 'redaction_counts'
> &
  FromSourceSystem & { messages: string; redaction_counts: string };

/** Column values of a new letter, redacted; the SSN and date of birth are sealed by the row's id when stored. */
export type CorrespondenceValues = Pick<
  PersonalRecordTable,
  'received_at' | 'source' | 'full_name' | 'mailing_address' | 'email' | 'phone' | 'subject' | 'message' | 'notes'
> &
  FromSourceSystem & { agency: string | null; ssn: string | null; date_of_birth: string | null; redaction_counts: string };

/** Column values of an order from the payment portal's settlement file (never a card number). */
export type SettlementValues = Pick<
  CardTransactionTable,
  'order_id' | 'cardholder_name' | 'amount_cents' | 'agency' | 'created_at' | 'settled_at' | 'pan_first6' | 'pan_last4'
> &
  FromSourceSystem & { settlement_status: SettlementStatus };

export type PlannedRecord =
  | (PlannedBase & { kind: 'live_help'; values: LiveHelpValues })
  | (PlannedBase & { kind: 'correspondence'; values: CorrespondenceValues })
  | (PlannedBase & { kind: 'settlement'; values: SettlementValues });

export interface IntakePlan {
  kind: IntakeKind;
  records: PlannedRecord[];
  errors: FieldError[];
}

export function planIntake(kind: IntakeKind, format: IntakeFormat, rows: readonly RawRow[]): IntakePlan {
  const errors: FieldError[] = unknownFields(kind, rows);
  const records: PlannedRecord[] = [];
  const seen = new Map<string, number>();
  for (const raw of rows) {
    let fields = raw.fields;
    if (kind === 'live_help' && format === 'csv') {
      const converted = liveHelpFromCsv(raw.row, fields);
      errors.push(...converted.errors);
      fields = converted.fields;
    }
    const planned = planRow(kind, raw.row, fields);
    if (!planned.ok) {
      errors.push(...planned.errors);
      continue;
    }
    const key = `${planned.record.sourceSystem}\u0000${planned.record.sourceId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        row: raw.row,
        field: kind === 'settlement' ? 'order_id' : 'source_id',
        message: `The same id as row ${first}: each record appears once in a file.`,
      });
      continue;
    }
    seen.set(key, raw.row);
    records.push(planned.record);
  }
  return { kind, records, errors: errors.sort((a, b) => a.row - b.row) };
}

/** A field the format does not have is reported once, at the first record that has it: it may be a misspelt field whose data would be lost. */
function unknownFields(kind: IntakeKind, rows: readonly RawRow[]): FieldError[] {
  const known = new Set(FIELDS[kind]);
  const first = new Map<string, number>();
  for (const r of rows) for (const key of Object.keys(r.fields)) if (!known.has(key) && !first.has(key)) first.set(key, r.row);
  return [...first].map(([field, row]) => ({
    row,
    field: field.slice(0, 60),
    message: `Not a field of this format. The fields are: ${FIELDS[kind].join(', ')}.`,
  }));
}

type Planned = { ok: true; record: PlannedRecord } | { ok: false; errors: FieldError[] };

function planRow(kind: IntakeKind, row: number, fields: Record<string, unknown>): Planned {
  switch (kind) {
    case 'live_help':
      return planLiveHelp(row, fields);
    case 'correspondence':
      return planCorrespondence(row, fields);
    case 'settlement':
      return planSettlement(row, fields);
  }
}

function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

function planLiveHelp(row: number, fields: Record<string, unknown>): Planned {
  const v = validateRow(LiveHelpRecord, row, fields);
  if (!v.ok) return v;
  const r = v.value;
  const visitor = r.visitor_name ?? '';
  const nameOf = (m: (typeof r.messages)[number]) =>
    m.name ?? (m.sender === 'operator' ? r.operator : m.sender === 'visitor' ? visitor || 'Visitor' : 'Live Help');
  // The messages are scanned together: context crosses messages. Then each field on its own.
  const messages = redactSegments(
    r.messages.map((m, i) => ({ where: `message ${i + 1} (${m.sender})`, text: m.text, speaker: `${m.sender}\u0000${nameOf(m)}` })),
  );
  const visitorName = redactField('visitor name', visitor);
  const topic = redactField('topic', r.topic ?? '');
  const referrer = redactField('referring page', r.referring_page ?? '');
  const survey = r.exit_survey.map((q, i) => ({
    question: redactField(`exit survey question ${i + 1}`, q.question),
    answer: redactField(`exit survey answer ${i + 1}`, q.answer ?? ''),
  }));
  const parts: RedactedSegments[] = [messages, visitorName, topic, referrer, ...survey.flatMap((s) => [s.question, s.answer])];
  const counts = parts.reduce<RedactionCounts>((acc, p) => addCounts(acc, p.counts), {});
  const stored: TranscriptMessage[] = r.messages.map((m, i) => ({ at: m.at, sender: m.sender, name: nameOf(m), text: messages.texts[i]! }));
  const exit = survey.map((s) =>
    /[?:]$/.test(s.question.text) ? `${s.question.text} ${s.answer.text}` : `${s.question.text}: ${s.answer.text}`,
  );
  return {
    ok: true,
    record: {
      kind: 'live_help',
      row,
      sourceSystem: r.source_system,
      sourceId: r.source_id,
      department: r.department,
      title: `${visitorName.text || 'Visitor'}: ${topic.text || 'No topic'}`,
      counts,
      excerpts: parts.flatMap((p) => p.excerpts),
      values: {
        session_date: r.session_date ?? r.started_at.slice(0, 10),
        started_at: r.started_at,
        ended_at: r.ended_at,
        operator_name: r.operator,
        visitor_name: visitorName.text,
        browser: r.browser ?? '',
        browser_version: r.browser_version ?? '',
        host_ip: r.host_ip,
        transcript_text: stored.map((m) => `[${hhmm(m.at)}] ${m.name}: ${m.text}`).join('\n'),
        exit_interview: exit.length ? exit.join('\n') : null,
        topic: topic.text,
        transcript_email: r.transcript_email ?? null,
        messages: JSON.stringify(stored),
        referring_page: referrer.text || null,
        source_system: r.source_system,
        source_id: r.source_id,
        redaction_counts: countsJson(counts),
      },
    },
  };
}

function planCorrespondence(row: number, fields: Record<string, unknown>): Planned {
  const v = validateRow(CorrespondenceRecord, row, fields);
  if (!v.ok) return v;
  const r = v.value;
  const name = redactField('name', r.full_name);
  const address = redactField('mailing address', r.mailing_address ?? '');
  const subject = redactField('subject', r.subject ?? '');
  const message = redactField('message', r.message);
  const notes = redactField('notes', r.notes ?? '');
  const parts = [name, address, subject, message, notes];
  const counts = parts.reduce<RedactionCounts>((acc, p) => addCounts(acc, p.counts), {});
  return {
    ok: true,
    record: {
      kind: 'correspondence',
      row,
      sourceSystem: r.source_system,
      sourceId: r.source_id,
      department: r.department,
      title: subject.text ? `${name.text}: ${subject.text}` : name.text,
      counts,
      excerpts: parts.flatMap((p) => p.excerpts),
      values: {
        received_at: r.received_at,
        source: r.channel,
        agency: r.agency ?? null,
        full_name: name.text,
        mailing_address: address.text.trim() || null,
        email: r.email ?? null,
        phone: r.phone ?? null,
        ssn: r.ssn ?? null,
        date_of_birth: r.date_of_birth ?? null,
        subject: subject.text.trim() || null,
        message: message.text,
        notes: notes.text.trim() || null,
        source_system: r.source_system,
        source_id: r.source_id,
        redaction_counts: countsJson(counts),
      },
    },
  };
}

/** A settlement row has no free text: anything sensitive in it refuses the file, and is never repeated. */
function sensitiveInSettlement(row: number, fields: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'card' || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const found = findSensitive(String(value));
    if (found.length)
      errors.push({
        row,
        field: field.slice(0, 60),
        message: `Holds what looks like a ${SENSITIVE_KIND_LABELS[found[0]!.kind].one}: a settlement file must carry no card numbers or other sensitive data. Nothing was stored.`,
      });
  }
  return errors;
}

function planSettlement(row: number, fields: Record<string, unknown>): Planned {
  const sensitive = sensitiveInSettlement(row, fields);
  const v = validateRow(SettlementRecord, row, fields);
  if (sensitive.length)
    return { ok: false, errors: [...sensitive, ...(v.ok ? [] : v.errors.filter((e) => !sensitive.some((s) => s.field === e.field)))] };
  if (!v.ok) return v;
  const r = v.value;
  return {
    ok: true,
    record: {
      kind: 'settlement',
      row,
      sourceSystem: r.source_system,
      sourceId: r.order_id,
      department: r.department,
      title: `${r.order_id} · ${r.cardholder_name}`,
      counts: {},
      excerpts: [],
      values: {
        order_id: r.order_id,
        cardholder_name: r.cardholder_name,
        amount_cents: r.amount,
        agency: r.agency,
        settlement_status: r.status,
        created_at: r.ordered_at,
        settled_at: r.settled_at ?? null,
        pan_first6: r.card.first6,
        pan_last4: r.card.last4,
        source_system: r.source_system,
        source_id: r.order_id,
      },
    },
  };
}
