/**
 * The privacy officer's questions of the audit trail: filtered, paginated searches in SQL, the
 * chain check, "who accessed this person's data", and exports. Reading the trail is itself
 * audited (PCI DSS 10.2.1.3).
 */
import type { Kysely } from 'kysely';
import type { AuditEntry, Database } from '../../../db/schema.js';
import type { AuditEntryView, AuditFilter, EvidenceVerification, PersonRecord, StaffPick, VerifyView } from '../../contract/privacy.js';
import type { Caller } from '../caller.js';
import type { AuditIntegrityService } from './auditIntegrityService.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { cappedTotal, countUpToCap } from '../cappedCount.js';
import { toCsv } from '../export/csv.js';
import { formatDate } from '../format.js';
import { authorize } from '../policy/authorize.js';
import type { KeyService } from '../keys/keyService.js';
import { containsText, indexedTextMatch } from '../search.js';
import { scanFilter, scanSearch, type ScannedSearch } from '../searchInput.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { auditResourceInWords } from '../../contract/auditWords.js';

/**
 * What an entry is about, in words for the screen: a record by its kind and number, an account by
 * the person's name, a module by its name and version; never an internal key such as a staff id.
 */
export function resourceLabel(e: Pick<AuditEntry, 'resource_type' | 'resource_id'>, names: ReadonlyMap<string, string>): string | null {
  const type = e.resource_type;
  const id = e.resource_id && e.resource_id !== '*' ? e.resource_id : null;
  if (!type) return null;
  if (type === 'staff') return id && names.has(id) ? `Account of ${names.get(id)}` : 'An account';
  // A session id is a secret-like key: the entry names the session, never its id.
  if (type === 'session') return auditResourceInWords(type, null);
  return auditResourceInWords(type, id);
}

/** An entry as the privacy officer's screens show it. */
export function toAuditEntryView(e: AuditEntry, names: ReadonlyMap<string, string> = new Map()): AuditEntryView {
  return {
    seq: Number(e.seq),
    at: e.at,
    actor: e.actor_username,
    workstation: e.workstation,
    event: e.event,
    resourceType: e.resource_type,
    resourceId: e.resource_id,
    resourceLabel: resourceLabel(e, names),
    outcome: e.outcome,
    reason: e.reason,
    details: e.details,
  };
}

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
  // Literal text: "auth.sign_in" finds auth.sign_in (the pattern escapes %, _ and \).
  if (f.event) q = q.where((eb) => containsText(eb.ref('event'), f.event!));
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
  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: KeyService,
    private readonly integrity: AuditIntegrityService,
  ) {}

  /** The trail filtered by person, record, event, outcome and date, a page at a time. */
  async search(
    principal: Principal,
    input: { filter: AuditFilter; page: number; pageSize: number },
    { workstation }: Caller,
  ): Promise<{ entries: AuditEntryView[]; total: number; totalCapped: boolean; page: number; pageSize: number }> {
    const { db, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    // Typed filter text is scanned before it is used or logged: a card number or SSN becomes its mask.
    const { page, pageSize } = input;
    const filter = scanFilter(input.filter);
    // Counted up to the cap: an event or outcome matching a million entries is not counted one by one.
    const { total, capped, logged } = cappedTotal(await countUpToCap(db, filtered(db, filter)));
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
      details: { filter, page, total: logged },
    });
    const names = await this.staffNames(entries);
    return { entries: entries.map((e) => toAuditEntryView(e, names)), total, totalCapped: capped, page, pageSize };
  }

  /**
   * Verifies the chain, every checkpoint's signature, the heads they signed and the witness, and
   * records the result, which names the first problem and the entries it affects.
   */
  async verify(principal: Principal, { workstation }: Caller): Promise<VerifyView> {
    await authorize(this.ctx, principal, workstation, 'verify', 'AuditTrail');
    return this.integrity.verifyAndRecord(actorOf(principal), workstation);
  }

  /**
   * Privacy officer: verifies the trail against the checkpoints of an evidence pack chosen in a
   * dialog, as well as the database's and the witness's; records the result like any verification.
   */
  async verifyWithEvidencePack(principal: Principal, { senderKey, workstation }: Caller): Promise<EvidenceVerification> {
    await authorize(this.ctx, principal, workstation, 'verify', 'AuditTrail');
    const evidence = await this.integrity.chooseEvidenceCheckpoints(senderKey);
    if (!evidence) return { status: 'cancelled' };
    return {
      status: 'verified',
      file: evidence.file,
      lines: evidence.lines,
      result: await this.integrity.verifyAndRecord(actorOf(principal), workstation, evidence),
    };
  }

  /** Staff matching the text by name, username or e-mail: the choices of the audit viewer's person filter. */
  async people(principal: Principal, query: string, { workstation }: Caller): Promise<{ people: StaffPick[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    const rows = await this.ctx.db
      .selectFrom('staff as s')
      .innerJoin('departments as d', 'd.id', 's.department_id')
      .select(['s.id', 's.display_name', 's.username', 'd.name as department'])
      .where((eb) =>
        eb.or([
          containsText(eb.ref('s.display_name'), query),
          containsText(eb.ref('s.username'), query),
          containsText(eb.ref('s.email'), query),
        ]),
      )
      .orderBy('s.display_name')
      .limit(20)
      .execute();
    return { people: rows.map((r) => ({ id: Number(r.id), name: r.display_name, username: r.username, department: r.department })) };
  }

  /** Every record about a person (by name or e-mail) and every audit entry about any of them. */
  async whoAccessed(
    principal: Principal,
    person: string,
    { workstation }: Caller,
  ): Promise<{ records: PersonRecord[]; accesses: AuditEntryView[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    const scanned = scanSearch(person);
    const records = await this.recordsAboutPerson(scanned);
    const accesses = await this.accessesTo(records);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'audit.who_accessed',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: "privacy officer: who accessed this person's data",
      details: { query: scanned.logged, records: records.length, accesses: accesses.length },
    });
    const names = await this.staffNames(accesses);
    return { records, accesses: accesses.map((e) => toAuditEntryView(e, names)) };
  }

  /** The filtered view as CSV or JSON, to a file the privacy officer chooses; the export is audited. */
  async export(
    principal: Principal,
    input: { filter: AuditFilter; format: 'csv' | 'json' },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const { db, clock, desktop, audit } = this.ctx;
    await authorize(this.ctx, principal, caller.workstation, 'export', 'AuditTrail');
    const filter = scanFilter(input.filter);
    const entries = (await filtered(db, filter).selectAll().orderBy('seq').limit(50_000).execute()).map((e) => toAuditEntryView(e));
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
        : JSON.stringify({ generatedAt: now, generatedBy: principal.username, filter, entries }, null, 2);
    const path = await desktop.saveFile(caller.senderKey, `clearance-audit-${formatDate(now)}.${input.format}`, content);
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    await audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'audit.export',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: `exported ${entries.length} entries as ${input.format.toUpperCase()}`,
      details: { filter, rows: entries.length },
    });
    return { saved: true, path, rows: entries.length };
  }

  /** The names of the people the entries are about (accounts), by staff id as the entries hold it. */
  private async staffNames(entries: readonly AuditEntry[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(entries.filter((e) => e.resource_type === 'staff' && /^\d+$/.test(e.resource_id ?? '')).map((e) => Number(e.resource_id))),
    ];
    if (ids.length === 0) return new Map();
    const rows = await this.ctx.db.selectFrom('staff').select(['id', 'display_name', 'username']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [String(r.id), `${r.display_name} (${r.username})`]));
  }

  /**
   * Every record about a person, in all three kinds of record: by name or e-mail, or, when a card
   * number, SSN or date of birth was typed, by its keyed hash (the value is never compared itself).
   */
  private async recordsAboutPerson(scanned: ScannedSearch): Promise<PersonRecord[]> {
    const { db } = this.ctx;
    const byHash = async (domain: 'card-number' | 'ssn' | 'date-of-birth', value: string) => this.keys.lookupHashes(domain, value);
    let lh: { id: number; visitor_name: string; topic: string; session_date: string }[] = [];
    let pr: { id: number; full_name: string; agency: string }[] = [];
    let ct: { id: number; cardholder_name: string; order_id: string }[] = [];
    const prColumns = ['id', 'full_name', 'agency'] as const;
    if (scanned.kind === 'card_number') {
      const hashes = await byHash('card-number', scanned.digits);
      ct = await db
        .selectFrom('card_transactions')
        .select(['id', 'cardholder_name', 'order_id'])
        .where('pan_lookup', 'in', hashes)
        .limit(200)
        .execute();
    } else if (scanned.kind === 'ssn') {
      const hashes = await byHash('ssn', scanned.digits);
      pr = await db.selectFrom('personal_records').select(prColumns).where('ssn_lookup', 'in', hashes).limit(200).execute();
    } else if (scanned.kind === 'date') {
      const hashes = await byHash('date-of-birth', scanned.date);
      pr = await db.selectFrom('personal_records').select(prColumns).where('date_of_birth_lookup', 'in', hashes).limit(200).execute();
    } else {
      const t = scanned.text;
      const { dialect } = this.ctx;
      // Names and e-mails through the records' text index (search.ts): the same rows as a LIKE over them, without a scan.
      [lh, pr, ct] = await Promise.all([
        db
          .selectFrom('live_help_transcripts as r')
          .select(['r.id', 'r.visitor_name', 'r.topic', 'r.session_date'])
          .where((eb) => indexedTextMatch(eb as never, dialect, 'live_help_transcripts', 'r', ['visitor_name', 'transcript_email'], t))
          .limit(200)
          .execute(),
        db
          .selectFrom('personal_records as r')
          .select(['r.id', 'r.full_name', 'r.agency'])
          .where((eb) => indexedTextMatch(eb as never, dialect, 'personal_records', 'r', ['full_name', 'email'], t))
          .limit(200)
          .execute(),
        db
          .selectFrom('card_transactions as r')
          .select(['r.id', 'r.cardholder_name', 'r.order_id'])
          .where((eb) => indexedTextMatch(eb as never, dialect, 'card_transactions', 'r', ['cardholder_name'], t))
          .limit(200)
          .execute(),
      ]);
    }
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

  /**
   * Every audit entry about any of those records (opens, reveals, processing, break-glass, denials,
   * corrections), and every export that contained one of them.
   */
  private async accessesTo(records: readonly PersonRecord[]): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    return this.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...records.map((r) => eb.and([eb('resource_type', '=', r.subject), eb('resource_id', '=', String(r.id))])),
          eb(
            'seq',
            'in',
            eb
              .selectFrom('exported_records')
              .select('audit_seq')
              .where((x) => x.or(records.map((r) => x.and([x('record_type', '=', r.subject), x('record_id', '=', r.id)])))),
          ),
        ]),
      )
      .orderBy('seq', 'desc')
      .limit(2000)
      .execute();
  }
}
