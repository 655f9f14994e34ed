/**
 * Stores an analysed import inside the caller's transaction: the import row, then each new
 * record (already redacted) pointing back to it, and for settlement files the portal status of
 * orders already held. Nothing here decides; the analysis did.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { IntakeKind } from '../../contract/intake.js';
import type { AnalysedRecord } from './intakeAnalysis.js';
import type { PersonalSensitiveValues, SealedPersonalColumns } from '../records/sensitiveFields.js';

/** Seals a letter's SSN and date of birth for its row (they are bound to the record's id). */
export type SealPersonal = (recordId: number, values: PersonalSensitiveValues) => SealedPersonalColumns;

const CHUNK = 100;

export interface ImportRow {
  kind: IntakeKind;
  format: 'jsonl' | 'json' | 'csv';
  fileName: string;
  sha256: string;
  via: 'screen' | 'watched_folder';
  importedBy: number;
  at: string;
  workstation: string;
  added: number;
  duplicates: number;
  updated: number;
  redactions: string;
}

export async function insertImport(trx: Kysely<Database>, row: ImportRow): Promise<number> {
  const created = await trx
    .insertInto('intake_imports')
    .values({
      kind: row.kind,
      format: row.format,
      file_name: row.fileName,
      file_sha256: row.sha256,
      via: row.via,
      imported_by: row.importedBy,
      imported_at: row.at,
      workstation: row.workstation,
      added: row.added,
      duplicates: row.duplicates,
      updated: row.updated,
      redactions: row.redactions,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(created.id);
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Inserts the new records of one import and applies its settlement updates. */
export async function storeRecords(
  trx: Kysely<Database>,
  importId: number,
  records: readonly AnalysedRecord[],
  now: string,
  sealPersonal: SealPersonal | null,
): Promise<void> {
  const fresh = records.filter((r) => r.decision.status === 'new');
  const transcripts = fresh.flatMap((r) =>
    r.record.kind === 'live_help' ? [{ ...r.record.values, department_id: r.departmentId, import_id: importId }] : [],
  );
  const letters = fresh.flatMap((r) => {
    if (r.record.kind !== 'correspondence') return [];
    // The SSN and date of birth never go in clear: the row is written without them, then sealed by its id.
    const { ssn, date_of_birth, ...rest } = r.record.values;
    return [
      {
        row: { ...rest, agency: rest.agency ?? r.departmentName, department_id: r.departmentId, import_id: importId },
        sensitive: { ssn, dateOfBirth: date_of_birth },
      },
    ];
  });
  const orders = fresh.flatMap((r) => {
    if (r.record.kind !== 'settlement') return [];
    const v = r.record.values;
    // Clearance's own status: an order the portal has only authorized is still pending; it never holds the number.
    const pending = v.settlement_status === 'authorized';
    return [
      {
        ...v,
        department_id: r.departmentId,
        status: pending ? ('pending' as const) : ('processed' as const),
        processed_at: pending ? null : (v.settled_at ?? v.created_at),
        pan_ciphertext: null,
        import_id: importId,
      },
    ];
  });
  for (const c of chunks(transcripts)) await trx.insertInto('live_help_transcripts').values(c).execute();
  for (const { row, sensitive } of letters) {
    const { id } = await trx.insertInto('personal_records').values(row).returning('id').executeTakeFirstOrThrow();
    if (!sensitive.ssn && !sensitive.dateOfBirth) continue;
    if (!sealPersonal) throw new Error('a letter with an SSN or date of birth reached the store without a sealer');
    await trx
      .updateTable('personal_records')
      .set(sealPersonal(Number(id), sensitive))
      .where('id', '=', id)
      .execute();
  }
  for (const c of chunks(orders)) await trx.insertInto('card_transactions').values(c).execute();
  for (const r of records) {
    if (r.decision.status !== 'updated' || r.record.kind !== 'settlement') continue;
    const v = r.record.values;
    await trx
      .updateTable('card_transactions')
      .set({ settlement_status: v.settlement_status, settled_at: v.settled_at })
      .where('id', '=', r.decision.id)
      .execute();
    // Pending only moves on to processed, never back: processing wipes a number for good.
    if (v.settlement_status !== 'authorized')
      await trx
        .updateTable('card_transactions')
        .set({ status: 'processed', processed_at: v.settled_at ?? now, pan_ciphertext: null, pan_lookup: null, expiry_sealed: null })
        .where('id', '=', r.decision.id)
        .where('status', '=', 'pending')
        .execute();
  }
}
