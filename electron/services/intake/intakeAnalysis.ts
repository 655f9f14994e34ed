/**
 * An import file against what the database holds: each record's department found, and each
 * source id looked up, so the preview can say what is new, what is already stored (a duplicate,
 * skipped) and, for settlement files, whose portal status moved on. Reads only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { IntakeCounts, IntakeItem, IntakeKind, IntakePreview, RedactionSample } from '../../contract/intake.js';
import { SENSITIVE_KINDS } from '../../contract/sensitiveKinds.js';
import { formatDate } from '../format.js';
import type { FieldError } from './formats/common.js';
import { readIntakeFile, sha256Hex, type IntakeFormat } from './intakeFile.js';
import { detectKind, planIntake, type PlannedRecord } from './intakePlan.js';
import { addCounts, type RedactionCounts } from './redactOnIntake.js';
import { redactForLog } from './sensitiveData.js';

export interface IntakeFileInput {
  name: string;
  size: number;
  /** Null when the file was too large to read. */
  content: Uint8Array | null;
}

export type Decision = { status: 'new' } | { status: 'duplicate'; note: string } | { status: 'updated'; id: number; note: string };

export interface AnalysedRecord {
  record: PlannedRecord;
  departmentId: number;
  departmentName: string;
  decision: Decision;
}

export interface Analysis {
  file: { name: string; bytes: number; sha256: string; format: IntakeFormat | null };
  kind: IntakeKind | null;
  errors: FieldError[];
  records: AnalysedRecord[];
}

const CHUNK = 500;

/** The file name as it may be shown and logged: never a path, never a pasted number. */
export function safeFileName(name: string): string {
  return redactForLog(name.replace(/^.*[\\/]/, '')).slice(0, 200);
}

export async function analyseIntakeFile(db: Kysely<Database>, file: IntakeFileInput): Promise<Analysis> {
  const bytes = file.content ?? new Uint8Array();
  const info = { name: safeFileName(file.name), bytes: file.size, sha256: file.content ? sha256Hex(bytes) : '', format: null };
  const fail = (message: string, format: IntakeFormat | null = null): Analysis => ({
    file: { ...info, format },
    kind: null,
    errors: [{ row: 0, field: '-', message }],
    records: [],
  });
  if (!file.content) return fail('The file is larger than 25 MB; split it into smaller files.');
  const read = readIntakeFile(file.name, bytes);
  if (!read.ok) return fail(read.problem, read.format);
  const kind = detectKind(read.rows);
  if (!kind)
    return fail(
      'This is not a file Clearance imports: a Live Help transcript has messages, a settlement row an order_id, correspondence a message. See the formats in the README.',
      read.format,
    );
  const plan = planIntake(kind, read.format, read.rows);
  const errors = [...plan.errors];
  const departments = await departmentIndex(db);
  const existing = await existingBySource(db, kind, plan.records);
  const collisions = kind === 'settlement' ? await orderIdsTakenElsewhere(db, plan.records) : new Set<string>();
  const records: AnalysedRecord[] = [];
  for (const record of plan.records) {
    const department = departments.get(record.department.toLowerCase());
    if (!department) {
      errors.push({
        row: record.row,
        field: 'department',
        message: `No department is named or coded "${redactForLog(record.department).slice(0, 60)}". Use a department's code or name as Clearance knows it.`,
      });
      continue;
    }
    if (collisions.has(record.sourceId)) {
      errors.push({
        row: record.row,
        field: 'order_id',
        message: 'This order id belongs to a card order that did not come from this portal.',
      });
      continue;
    }
    records.push({
      record,
      departmentId: department.id,
      departmentName: department.name,
      decision: decide(record, existing.get(key(record.sourceSystem, record.sourceId))),
    });
  }
  return { file: { ...info, format: read.format }, kind, errors: errors.sort((a, b) => a.row - b.row), records };
}

const key = (system: string, id: string) => `${system}\u0000${id}`;

async function departmentIndex(db: Kysely<Database>): Promise<Map<string, { id: number; name: string }>> {
  const rows = await db.selectFrom('departments').select(['id', 'code', 'name']).execute();
  const index = new Map<string, { id: number; name: string }>();
  for (const d of rows) {
    index.set(d.code.toLowerCase(), { id: Number(d.id), name: d.name });
    index.set(d.name.toLowerCase(), { id: Number(d.id), name: d.name });
  }
  return index;
}

interface Stored {
  id: number;
  importedAt: string | null;
  settlementStatus: string | null;
  settledAt: string | null;
}

/** The records already stored under the file's source ids (in chunks, so a long file makes few queries). */
export async function existingBySource(
  db: Kysely<Database>,
  kind: IntakeKind,
  records: readonly PlannedRecord[],
): Promise<Map<string, Stored>> {
  const out = new Map<string, Stored>();
  const bySystem = new Map<string, string[]>();
  for (const r of records) bySystem.set(r.sourceSystem, [...(bySystem.get(r.sourceSystem) ?? []), r.sourceId]);
  for (const [system, ids] of bySystem) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await storedRows(db, kind, system, chunk);
      for (const r of rows)
        out.set(key(system, String(r.source_id)), {
          id: Number(r.id),
          importedAt: r.imported_at,
          settlementStatus: r.settlement_status,
          settledAt: r.settled_at,
        });
    }
  }
  return out;
}

interface StoredRow {
  id: number;
  source_id: string | null;
  imported_at: string | null;
  settlement_status: string | null;
  settled_at: string | null;
}

async function storedRows(db: Kysely<Database>, kind: IntakeKind, system: string, ids: string[]): Promise<StoredRow[]> {
  if (kind === 'settlement')
    return db
      .selectFrom('card_transactions as r')
      .leftJoin('intake_imports as i', 'i.id', 'r.import_id')
      .select(['r.id', 'r.source_id', 'i.imported_at', 'r.settlement_status', 'r.settled_at'])
      .where('r.source_system', '=', system)
      .where('r.source_id', 'in', ids)
      .execute();
  const rows =
    kind === 'live_help'
      ? await db
          .selectFrom('live_help_transcripts as r')
          .leftJoin('intake_imports as i', 'i.id', 'r.import_id')
          .select(['r.id', 'r.source_id', 'i.imported_at'])
          .where('r.source_system', '=', system)
          .where('r.source_id', 'in', ids)
          .execute()
      : await db
          .selectFrom('personal_records as r')
          .leftJoin('intake_imports as i', 'i.id', 'r.import_id')
          .select(['r.id', 'r.source_id', 'i.imported_at'])
          .where('r.source_system', '=', system)
          .where('r.source_id', 'in', ids)
          .execute();
  return rows.map((r) => ({ ...r, settlement_status: null, settled_at: null }));
}

async function orderIdsTakenElsewhere(db: Kysely<Database>, records: readonly PlannedRecord[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const ids = records.map((r) => r.sourceId);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('card_transactions')
      .select(['order_id', 'source_system'])
      .where('order_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const mine = records.find((x) => x.sourceId === r.order_id);
      if (mine && r.source_system !== mine.sourceSystem) taken.add(r.order_id);
    }
  }
  return taken;
}

function decide(record: PlannedRecord, stored: Stored | undefined): Decision {
  if (!stored) return { status: 'new' };
  const when = stored.importedAt ? `imported on ${formatDate(stored.importedAt)}` : 'stored';
  if (record.kind === 'settlement') {
    const v = record.values;
    if (v.settlement_status !== stored.settlementStatus || v.settled_at !== stored.settledAt)
      return { status: 'updated', id: stored.id, note: `portal status ${stored.settlementStatus ?? 'none'} → ${v.settlement_status}` };
    return { status: 'duplicate', note: `already ${when}; status unchanged` };
  }
  return { status: 'duplicate', note: `already ${when}; skipped` };
}

export function countsOf(a: Analysis): IntakeCounts {
  const n = (s: Decision['status']) => a.records.filter((r) => r.decision.status === s).length;
  return {
    records: a.records.length + new Set(a.errors.filter((e) => e.row > 0).map((e) => e.row)).size,
    new: n('new'),
    duplicates: n('duplicate'),
    updated: n('updated'),
  };
}

/** What the records to be stored would have redacted, summed by kind. */
export function redactionsOf(a: Analysis): RedactionCounts {
  return a.records.filter((r) => r.decision.status === 'new').reduce<RedactionCounts>((acc, r) => addCounts(acc, r.record.counts), {});
}

export const countList = (counts: RedactionCounts) =>
  SENSITIVE_KINDS.filter((k) => counts[k]).map((kind) => ({ kind, count: counts[kind]! }));

const ORDER: Record<Decision['status'], number> = { new: 0, updated: 1, duplicate: 2 };

export function previewOf(a: Analysis): IntakePreview {
  const fresh = a.records.filter((r) => r.decision.status === 'new');
  const samples: RedactionSample[] = fresh
    .flatMap((r) =>
      r.record.excerpts.map((e) => ({ row: r.record.row, sourceId: r.record.sourceId, where: e.where, kind: e.kind, excerpt: e.text })),
    )
    .slice(0, 100);
  const items: IntakeItem[] = [...a.records]
    .sort((x, y) => ORDER[x.decision.status] - ORDER[y.decision.status] || x.record.row - y.record.row)
    .slice(0, 500)
    .map((r) => ({
      row: r.record.row,
      sourceId: r.record.sourceId,
      title: r.record.title,
      department: r.departmentName,
      status: r.decision.status,
      note: r.decision.status === 'new' ? 'will be imported' : r.decision.note,
      redactions: r.decision.status === 'new' ? countList(r.record.counts) : [],
    }));
  return {
    file: a.file,
    kind: a.kind,
    errors: a.errors.slice(0, 500),
    errorCount: a.errors.length,
    counts: countsOf(a),
    redactions: countList(redactionsOf(a)),
    recordsWithRedactions: fresh.filter((r) => Object.keys(r.record.counts).length > 0).length,
    samples,
    items,
  };
}
