/**
 * The privacy officer's questions of the audit trail: filtered, paginated searches in SQL,
 * the chain check, and "who accessed this person's data". Reading the trail is itself audited
 * by the callers.
 */
import type { Kysely } from 'kysely';
import type { AuditEntry, Database } from '../../../db/schema.js';
import type { AuditEntryView } from '../../contract/privacy.js';
import { containsText } from '../records/recordsService.js';

/** An entry as the privacy officer's screens show it. */
export function toAuditEntryView(e: AuditEntry): AuditEntryView {
  return {
    seq: Number(e.seq),
    at: e.at,
    actor: e.actor_username,
    workstation: e.workstation,
    event: e.event,
    resourceType: e.resource_type,
    resourceId: e.resource_id,
    outcome: e.outcome,
    reason: e.reason,
    details: e.details,
  };
}

export interface AuditFilter {
  actor?: string | undefined;
  event?: string | undefined;
  outcome?: 'allowed' | 'denied' | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.actor) q = q.where((eb) => containsText(eb.ref('actor_username'), f.actor!));
  if (f.event) q = q.where('event', 'like', `${f.event.replace(/[\\%_]/g, '')}%`);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.from) q = q.where('at', '>=', f.from);
  // "to" is a date: include the whole day.
  if (f.to) q = q.where('at', '<', `${f.to}T99`);
  return q;
}

export async function searchAudit(
  db: Kysely<Database>,
  f: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ entries: AuditEntry[]; total: number }> {
  const total = Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const entries = await filtered(db, f)
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { entries, total };
}

export async function allMatching(db: Kysely<Database>, f: AuditFilter, limit = 50_000): Promise<AuditEntry[]> {
  return filtered(db, f).selectAll().orderBy('seq').limit(limit).execute();
}

export interface PersonMatch {
  subject: 'LiveHelpTranscript' | 'PersonalRecord' | 'CardTransaction';
  id: number;
  label: string;
}

/** Every record about a person, found by name or e-mail, in all three kinds of record. */
export async function recordsAboutPerson(db: Kysely<Database>, text: string): Promise<PersonMatch[]> {
  const t = text.trim();
  const lh = await db
    .selectFrom('live_help_transcripts')
    .select(['id', 'visitor_name', 'topic', 'session_date'])
    .where((eb) => eb.or([containsText(eb.ref('visitor_name'), t), containsText(eb.ref('transcript_email'), t)]))
    .limit(200)
    .execute();
  const pr = await db
    .selectFrom('personal_records')
    .select(['id', 'full_name', 'agency'])
    .where((eb) => eb.or([containsText(eb.ref('full_name'), t), containsText(eb.ref('email'), t)]))
    .limit(200)
    .execute();
  const ct = await db
    .selectFrom('card_transactions')
    .select(['id', 'cardholder_name', 'order_id'])
    .where((eb) => containsText(eb.ref('cardholder_name'), t))
    .limit(200)
    .execute();
  return [
    ...lh.map((r) => ({
      subject: 'LiveHelpTranscript' as const,
      id: Number(r.id),
      label: `Live Help transcript: ${r.visitor_name}, ${r.topic} (${r.session_date})`,
    })),
    ...pr.map((r) => ({ subject: 'PersonalRecord' as const, id: Number(r.id), label: `Correspondence: ${r.full_name} to ${r.agency}` })),
    ...ct.map((r) => ({ subject: 'CardTransaction' as const, id: Number(r.id), label: `Card order ${r.order_id}: ${r.cardholder_name}` })),
  ];
}

/** Every audit entry about any of those records (opens, reveals, processing, break-glass, denials). */
export async function accessesTo(db: Kysely<Database>, records: readonly PersonMatch[]): Promise<AuditEntry[]> {
  if (records.length === 0) return [];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or(records.map((r) => eb.and([eb('resource_type', '=', r.subject), eb('resource_id', '=', String(r.id))]))))
    .orderBy('seq', 'desc')
    .limit(2000)
    .execute();
}
