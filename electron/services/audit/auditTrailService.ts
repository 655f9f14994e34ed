/**
 * The privacy officer's questions of the audit trail: filtered, paginated searches in SQL, the
 * chain check, "who accessed this person's data", and exports. Reading the trail is itself
 * audited (PCI DSS 10.2.1.3).
 */
import type { Kysely } from 'kysely';
import type { AuditEntry, Database } from '../../../db/schema.js';
import type { AuditEntryView, AuditFilter, PersonRecord, VerifyView } from '../../contract/privacy.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import { formatDate } from '../format.js';
import { authorize } from '../policy/authorize.js';
import { containsText } from '../search.js';
import { actorOf, type Principal } from '../staff/principal.js';

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

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.actor) q = q.where((eb) => containsText(eb.ref('actor_username'), f.actor!));
  if (f.event) q = q.where('event', 'like', `${f.event.replace(/[\\%_]/g, '')}%`);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.reason) q = q.where('reason', '=', f.reason);
  if (f.from) q = q.where('at', '>=', f.from);
  // "to" is a date: include the whole day.
  if (f.to) q = q.where('at', '<', `${f.to}T99`);
  return q;
}

export class AuditTrailService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The trail filtered by person, record, event, outcome and date, a page at a time. */
  async search(
    principal: Principal,
    input: { filter: AuditFilter; page: number; pageSize: number },
    { workstation }: Caller,
  ): Promise<{ entries: AuditEntryView[]; total: number; page: number; pageSize: number }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    const { filter, page, pageSize } = input;
    const count = await filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(count.n);
    const entries = await filtered(db, filter)
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    await audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'audit.read',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: 'privacy officer search',
      details: { filter, page, total },
    });
    return { entries: entries.map(toAuditEntryView), total, page, pageSize };
  }

  /** Walks the hash chain and records the result, which names the first broken entry. */
  async verify(principal: Principal, { workstation }: Caller): Promise<VerifyView> {
    const { audit, clock } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'verify', 'AuditTrail');
    const r = await audit.verify();
    await audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'audit.verify',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: r.ok
        ? `chain intact: ${r.checked} entries, head ${r.headHash.slice(0, 16)}…`
        : `chain broken at entry ${r.brokenSeq}: ${r.problem}`,
      details: r.ok
        ? { checked: r.checked, headSeq: r.headSeq, headHash: r.headHash }
        : { checked: r.checked, brokenSeq: r.brokenSeq, problem: r.problem },
    });
    const verifiedAt = clock.now().toISOString();
    return r.ok
      ? { ok: true, checked: r.checked, headSeq: r.headSeq, headHash: r.headHash, brokenSeq: null, problem: null, verifiedAt }
      : { ok: false, checked: r.checked, headSeq: null, headHash: null, brokenSeq: r.brokenSeq, problem: r.problem, verifiedAt };
  }

  /** Every record about a person (by name or e-mail) and every audit entry about any of them. */
  async whoAccessed(
    principal: Principal,
    person: string,
    { workstation }: Caller,
  ): Promise<{ records: PersonRecord[]; accesses: AuditEntryView[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    const records = await this.recordsAboutPerson(person);
    const accesses = await this.accessesTo(records);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'audit.who_accessed',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: "privacy officer: who accessed this person's data",
      details: { query: person, records: records.length, accesses: accesses.length },
    });
    return { records, accesses: accesses.map(toAuditEntryView) };
  }

  /** The filtered view as CSV or JSON, to a file the privacy officer chooses; the export is audited. */
  async export(
    principal: Principal,
    input: { filter: AuditFilter; format: 'csv' | 'json' },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const { db, clock, desktop, audit } = this.ctx;
    await authorize(this.ctx, principal, caller.workstation, 'export', 'AuditTrail');
    const entries = (await filtered(db, input.filter).selectAll().orderBy('seq').limit(50_000).execute()).map(toAuditEntryView);
    const now = clock.now().toISOString();
    const headers = ['seq', 'at', 'actor', 'workstation', 'event', 'resource type', 'resource id', 'outcome', 'reason', 'details'];
    const content =
      input.format === 'csv'
        ? toCsv(
            headers,
            entries.map((e) => [
              String(e.seq),
              e.at,
              e.actor ?? '',
              e.workstation,
              e.event,
              e.resourceType ?? '',
              e.resourceId ?? '',
              e.outcome,
              e.reason,
              e.details,
            ]),
            [`Audit trail export generated ${now} by ${principal.displayName} (${principal.username})`],
          )
        : JSON.stringify({ generatedAt: now, generatedBy: principal.username, filter: input.filter, entries }, null, 2);
    const path = await desktop.saveFile(caller.senderKey, `clearance-audit-${formatDate(now)}.${input.format}`, content);
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    await audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'audit.export',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: `exported ${entries.length} entries as ${input.format.toUpperCase()}`,
      details: { filter: input.filter, rows: entries.length },
    });
    return { saved: true, path, rows: entries.length };
  }

  /** Every record about a person, found by name or e-mail, in all three kinds of record. */
  private async recordsAboutPerson(text: string): Promise<PersonRecord[]> {
    const { db } = this.ctx;
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
      ...ct.map((r) => ({
        subject: 'CardTransaction' as const,
        id: Number(r.id),
        label: `Card order ${r.order_id}: ${r.cardholder_name}`,
      })),
    ];
  }

  /** Every audit entry about any of those records (opens, reveals, processing, break-glass, denials). */
  private async accessesTo(records: readonly PersonRecord[]): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    return this.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => eb.or(records.map((r) => eb.and([eb('resource_type', '=', r.subject), eb('resource_id', '=', String(r.id))]))))
      .orderBy('seq', 'desc')
      .limit(2000)
      .execute();
  }
}
