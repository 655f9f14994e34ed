/**
 * Opening protected records: lists filtered in SQL by the person's ability, single records with
 * a stated purpose, reveal of masked fields, card processing, break-glass and exports. Every
 * path, allowed or denied, writes its audit entry in the same transaction as what it records.
 */
import { COUNT_CAP, cappedTotal, countUpToCap } from '../cappedCount.js';
import { sql, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Database, RecordPurposeTable } from '../../../db/schema.js';
import { QueryTemplate, slot } from '../../../db/queryTemplate.js';
import {
  PURPOSE_LABELS,
  PURPOSE_LIST,
  RECORD_SUBJECTS,
  type CorrectionNote,
  type MyRecordAccess,
  type PageCursor,
  type OpenResult,
  type PurposeCode,
  type PurposeInput,
  type RecordDetail,
  type RecordSubject,
  type RecordSummary,
} from '../../contract/records.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { HOUR } from '../clock.js';
import { toCsv } from '../export/csv.js';
import { formatDate } from '../format.js';
import { actorOf, type Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import { PROMPTS, type Verifier } from '../auth/verification.js';
import { decideRecordAccess, type AccessFacts, type Decision } from '../policy/recordAbility.js';
import {
  ACCESS_WINDOWS,
  BREAK_GLASS_ROLES,
  CORRECTABLE_FIELDS,
  CORRECTION_PURPOSE,
  MASKED_FIELDS,
  SUBJECT_NAMES,
  type RecordAction,
} from '../policy/recordRules.js';
import { buildRecordAbility } from '../policy/recordAbility.js';
import { breakGlassRoleFor } from '../policy/breakGlassGrants.js';
import { permittedWhere } from '../policy/sqlFilter.js';
import type { JsonValue } from '../audit/canonical.js';
import { accessFacts } from './accessFacts.js';
import type { KeyService } from '../keys/keyService.js';
import type { CardCipher } from './cardCipher.js';
import { migrateLegacyCardNumbers, type LegacyCardKey, type LegacyMigration } from './legacyCardKey.js';
import { checkCorrection, correctionHashInput } from './corrections.js';
import { loggedSearch } from '../searchInput.js';
import { recordSearch, searchWhere, textIndexDriver, type RecordSearch } from './recordSearch.js';
import type { TextMatchMode } from '../search.js';
import { SUBJECT_VIEWS, type Row } from './recordViews.js';
import { sealDateOfBirth, sealSsn, type SensitiveFieldCipher, type SensitiveRow } from './sensitiveFields.js';

// The three record tables share one generic list; Kysely is typed loosely for it on purpose.
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

/** Up to this many matches, a searched list is read by the text index and sorted rather than read off the list index in order. */
const FEW_ROWS = COUNT_CAP;

type LoadedRow = Row & { department_name: string };

// Each open and reveal runs these: compiled once (db/queryTemplate.ts).
// The department by a scalar subquery rather than a join: SQLite runs it several times faster, and every
// record has its department (a foreign key, not null).
const rowQueries = Object.fromEntries(
  RECORD_SUBJECTS.map((subject) => [
    subject,
    new QueryTemplate<Record<string, Record<string, unknown>>, LoadedRow, { id: number }>(
      (db) =>
        db
          .selectFrom(`${SUBJECT_VIEWS[subject].table} as r`)
          .selectAll('r')
          .select((eb) => eb.selectFrom('departments as d').select('d.name').whereRef('d.id', '=', 'r.department_id').as('department_name'))
          .where('r.id', '=', slot('id')) as never,
    ),
  ]),
) as Record<RecordSubject, QueryTemplate<Record<string, Record<string, unknown>>, LoadedRow, { id: number }>>;

// The name by a scalar subquery rather than a join (faster on SQLite); staff_id is a not-null foreign key.
// A record's few corrections are read whole and the latest picked in JS: with ORDER BY and bound values the
// statement took about 10 µs more per call on SQLite (measured; as if prepared again), more than the query itself.
const correctionsQuery = new QueryTemplate<
  Database,
  { id: number; corrected_at: string; fields: string; display_name: string | null },
  { subject: string; id: number }
>((db) =>
  db
    .selectFrom('record_corrections as c')
    .select((eb) => [
      'c.id',
      'c.corrected_at',
      'c.fields',
      eb.selectFrom('staff as s').select('s.display_name').whereRef('s.id', '=', 'c.staff_id').as('display_name'),
    ])
    .where('c.record_type', '=', slot('subject'))
    .where('c.record_id', '=', slot('id')),
);

const purposeInsert = new QueryTemplate<Database, never, Insertable<RecordPurposeTable>>((db) =>
  db.insertInto('record_purposes').values({
    staff_id: slot('staff_id'),
    record_type: slot('record_type'),
    record_id: slot('record_id'),
    purpose: slot('purpose'),
    note: slot('note'),
    stated_at: slot('stated_at'),
  }),
);

export interface ListQuery {
  subject: RecordSubject;
  search?: string | undefined;
  page: number;
  pageSize: number;
  /** Read the page next to this one (keyset paging) instead of page `page` by offset. */
  cursor?: PageCursor | undefined;
}

export class RecordsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly cipher: CardCipher,
    private readonly sensitive: SensitiveFieldCipher,
    private readonly keys: KeyService,
    private readonly verifier: Verifier,
  ) {}

  private get loose(): LooseDb {
    return this.ctx.db as unknown as LooseDb;
  }

  private facts(principal: Principal): Promise<AccessFacts> {
    return accessFacts(this.ctx, this.training, principal);
  }

  /** Which kinds of record the person may list now, and why not where not. */
  async myAccess(principal: Principal): Promise<MyRecordAccess> {
    const facts = await this.facts(principal);
    return {
      subjects: RECORD_SUBJECTS.map((subject) => {
        const d = decideRecordAccess(facts, 'list', subject);
        return { subject, name: SUBJECT_NAMES[subject], allowed: d.allowed, reason: d.reason };
      }),
      breakGlass: principal.roles.some((r) => BREAK_GLASS_ROLES.includes(r)),
    };
  }

  private async deny(
    principal: Principal,
    workstation: string,
    event: string,
    subject: RecordSubject,
    id: number | '*',
    reason: string,
    details: Record<string, JsonValue> = {},
  ): Promise<void> {
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(principal),
      workstation,
      event,
      outcome: 'denied',
      resource: { type: subject, id },
      reason,
      details,
    });
  }

  /** The rows of one kind that a WHERE from the ability permits, joined to their department, optionally searched. */
  private permittedRows(
    subject: RecordSubject,
    where: NonNullable<ReturnType<typeof permittedWhere>>,
    search: RecordSearch | undefined,
    mode: TextMatchMode = 'indexed',
  ) {
    const view = SUBJECT_VIEWS[subject];
    let q = this.loose
      .selectFrom(`${view.table} as r`)
      .innerJoin('departments as d', 'd.id', 'r.department_id')
      .where((eb) => where(eb as never));
    if (search) q = q.where((eb) => searchWhere(eb as never, this.ctx.dialect, view, search, mode));
    return q;
  }

  private async loadRow(subject: RecordSubject, id: number): Promise<LoadedRow | null> {
    return (await rowQueries[subject].executeTakeFirst(this.loose, { id })) ?? null;
  }

  private descriptor(row: Row & { department_name: string }) {
    return {
      id: Number(row.id),
      department_id: Number(row.department_id),
      status: row.status === undefined ? undefined : String(row.status),
      departmentName: row.department_name,
    };
  }

  /**
   * One page of a list, newest first with ties by id, and where the pages either side start. With a
   * cursor the page is read from the cursor's (date, id) through the list's index in that order
   * (migration 051), so the 500th page costs what the first does; without one, page `page` by offset.
   * One row more than the page tells whether another page follows.
   */
  private async listPage(
    base: ReturnType<RecordsService['permittedRows']>,
    dateColumn: string,
    q: ListQuery,
    fewRows: boolean,
  ): Promise<{ rows: (Row & { department_name: string })[]; older: PageCursor | null; newer: PageCursor | null }> {
    // Few rows (a search for a rare name): on SQLite, read those rows by the text index and sort them, rather than walk
    // the whole list index in order looking for them; the unary + keeps SQLite from using the list index for the order.
    // PostgreSQL weighs the text index's selectivity itself.
    const date = fewRows && this.ctx.dialect === 'sqlite' ? sql.raw(`+r.${dateColumn}`) : sql.ref(`r.${dateColumn}`);
    const { cursor, pageSize } = q;
    const columns = base.selectAll('r').select('d.name as department_name');
    const keyed = (direction: 'older' | 'newer', c: PageCursor) =>
      columns.where((eb) =>
        eb(eb.refTuple(`r.${dateColumn}` as never, 'r.id' as never), direction === 'older' ? '<' : '>', eb.tuple(c.at, c.id) as never),
      );
    let rows: (Row & { department_name: string })[];
    let moreOlder: boolean;
    let moreNewer: boolean;
    if (cursor?.direction === 'newer') {
      const found = (await keyed('newer', cursor)
        .orderBy(date, 'asc')
        .orderBy('r.id', 'asc')
        .limit(pageSize + 1)
        .execute()) as (Row & { department_name: string })[];
      moreNewer = found.length > pageSize;
      moreOlder = true;
      rows = found.slice(0, pageSize).reverse();
    } else {
      const found = (await (cursor ? keyed('older', cursor) : columns)
        .orderBy(date, 'desc')
        .orderBy('r.id', 'desc')
        .limit(pageSize + 1)
        .offset(cursor ? 0 : (q.page - 1) * pageSize)
        .execute()) as (Row & { department_name: string })[];
      moreOlder = found.length > pageSize;
      moreNewer = cursor ? true : q.page > 1;
      rows = found.slice(0, pageSize);
    }
    const at = (r: Row | undefined, direction: 'older' | 'newer'): PageCursor | null =>
      r ? { direction, at: String(r[dateColumn]), id: Number(r.id) } : null;
    return {
      rows,
      older: moreOlder ? at(rows.at(-1), 'older') : null,
      newer: moreNewer ? at(rows[0], 'newer') : null,
    };
  }

  /**
   * The permitted rows counted up to one past the cap: the count stops there, in SQL, on both
   * dialects. A text search on SQLite counts from its text index outwards, each match checked
   * (permitted, and the exact LIKE) by its row id, so it stops at the cap without first collecting
   * every match of a common name.
   */
  private async cappedCount(
    subject: RecordSubject,
    where: NonNullable<ReturnType<typeof permittedWhere>>,
    search: RecordSearch | undefined,
  ): Promise<number> {
    const driver = search && textIndexDriver(this.ctx.dialect, SUBJECT_VIEWS[subject], search);
    if (driver) {
      const fts = sql.table(driver.table);
      const permitted = this.permittedRows(subject, where, search, 'scan')
        .select(sql.lit(1).as('one'))
        .where(sql<SqlBool>`r.id = ${fts}.rowid`);
      const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from ${fts} where ${fts} match ${driver.match}
        and exists ${permitted} limit ${COUNT_CAP + 1}) as counted`.execute(this.loose);
      return Number(rows[0]!.n);
    }
    return countUpToCap(this.loose, this.permittedRows(subject, where, search));
  }

  /** A page of the records the person may list, searched and counted in SQL (up to COUNT_CAP). */
  async list(
    principal: Principal,
    q: ListQuery,
    { workstation }: Caller,
  ): Promise<{
    items: RecordSummary[];
    total: number;
    totalCapped: boolean;
    page: number;
    pageSize: number;
    older: PageCursor | null;
    newer: PageCursor | null;
    searchedAs: string | null;
  }> {
    const { subject } = q;
    const facts = await this.facts(principal);
    const decision = decideRecordAccess(facts, 'list', subject);
    const where = permittedWhere(buildRecordAbility(facts), 'list', subject);
    // The search box value is scanned before it is used or logged: a card number or SSN only by its keyed hash and mask.
    const view = SUBJECT_VIEWS[subject];
    if (!decision.allowed || !where) {
      await this.deny(principal, workstation, 'record.list', subject, '*', decision.reason, { search: loggedSearch(q.search) });
      throw new AppError('FORBIDDEN', decision.reason);
    }
    const search = await recordSearch(this.keys, view, q.search);
    const counted = await this.cappedCount(subject, where, search);
    const { total, capped: totalCapped, logged } = cappedTotal(counted);
    const fewRows = search !== undefined && counted <= FEW_ROWS;
    // Many matches: walking the list index in order finds a page of them sooner than collecting them all from the text index.
    const base = this.permittedRows(subject, where, search, fewRows ? 'indexed' : 'scan');
    const { rows, older, newer } = await this.listPage(base, view.dateColumn, q, fewRows);
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(principal),
      workstation,
      event: 'record.list',
      outcome: 'allowed',
      resource: { type: subject, id: '*' },
      reason: decision.reason,
      details: {
        search: search?.scanned.logged ?? null,
        page: q.page,
        returned: rows.length,
        total: logged,
        certificates: decision.certificates,
      },
    });
    return {
      total,
      totalCapped,
      page: q.page,
      pageSize: q.pageSize,
      older,
      newer,
      searchedAs: search?.scanned.logged ?? null,
      items: rows.map((r) => ({
        id: Number(r.id),
        title: view.title(r),
        subtitle: view.subtitle(r),
        department: r.department_name,
        status: r.status === undefined ? null : String(r.status),
      })),
    };
  }

  private async recentPurpose(principal: Principal, subject: RecordSubject, id: number): Promise<PurposeCode | null> {
    const since = new Date(this.ctx.clock.now().getTime() - ACCESS_WINDOWS.purposeHours * HOUR).toISOString();
    const row = await this.ctx.db
      .selectFrom('record_purposes')
      .select('purpose')
      .where('staff_id', '=', principal.id)
      .where('record_type', '=', subject)
      .where('record_id', '=', id)
      .where('stated_at', '>', since)
      .orderBy('stated_at', 'desc')
      .executeTakeFirst();
    return (row?.purpose as PurposeCode | undefined) ?? null;
  }

  private detail(
    subject: RecordSubject,
    row: Row & { department_name: string },
    facts: AccessFacts,
    viaGrant: boolean,
    purpose: PurposeCode,
    corrected: CorrectionNote | null,
  ): RecordDetail {
    const view = SUBJECT_VIEWS[subject];
    const d = this.descriptor(row);
    const fields = view.fields(row);
    // Only a field that is held (and so shown masked) can be revealed: an SSN the citizen never gave cannot.
    const held = new Set(fields.filter((f) => f.masked).map((f) => f.key));
    const revealable = viaGrant
      ? []
      : MASKED_FIELDS[subject].filter((key) => held.has(key) && decideRecordAccess(facts, 'reveal', subject, d).allowed);
    // Corrections are offered only on a record opened to correct it, by the role rule (never by break-glass).
    const correctable =
      !viaGrant && purpose === CORRECTION_PURPOSE && decideRecordAccess(facts, 'correct', subject, d).allowed
        ? [...CORRECTABLE_FIELDS[subject]]
        : [];
    return {
      subject,
      id: d.id,
      title: view.title(row),
      department: row.department_name,
      fields,
      revealable,
      canProcess: !viaGrant && decideRecordAccess(facts, 'process', subject, d).allowed,
      status: d.status ?? null,
      correctable,
      corrected,
    };
  }

  /** The last correction of a record, for "corrected on … by …". */
  private async lastCorrection(subject: RecordSubject, id: number): Promise<CorrectionNote | null> {
    const rows = await correctionsQuery.execute(this.ctx.db, { subject, id });
    if (rows.length === 0) return null;
    const row = rows.reduce((latest, r) => (Number(r.id) > Number(latest.id) ? r : latest));
    const labels = new Map(SUBJECT_VIEWS[subject].fields({}).map((f) => [f.key, f.label]));
    const fields = (JSON.parse(row.fields) as string[]).map((k) => labels.get(k) ?? k);
    return { at: row.corrected_at, by: row.display_name ?? '', fields };
  }

  /** Opens one record: allowed by role and training or a live break-glass grant, with a stated purpose. */
  async open(
    principal: Principal,
    subject: RecordSubject,
    id: number,
    purpose: { code: PurposeCode; note?: string | undefined } | undefined,
    { workstation }: Caller,
  ): Promise<OpenResult> {
    const row = await this.loadRow(subject, id);
    if (!row) {
      await this.deny(principal, workstation, 'record.open', subject, id, 'no such record');
      throw new AppError('NOT_FOUND', `There is no ${SUBJECT_NAMES[subject]} with that number.`);
    }
    const facts = await this.facts(principal);
    const decision = decideRecordAccess(facts, 'open', subject, this.descriptor(row));
    if (!decision.allowed) {
      await this.deny(principal, workstation, 'record.open', subject, id, decision.reason);
      return { status: 'denied', reason: decision.reason, breakGlassAllowed: decision.breakGlassAllowed };
    }
    const code = purpose?.code ?? (await this.recentPurpose(principal, subject, id));
    if (!code) return { status: 'purpose_required', purposes: PURPOSE_LIST };
    const viaGrant = decision.grantId !== null;
    const record = this.detail(subject, row, facts, viaGrant, code, await this.lastCorrection(subject, id));
    await this.ctx.db.transaction().execute(async (trx) => {
      if (purpose) {
        await purposeInsert.execute(trx, {
          staff_id: principal.id,
          record_type: subject,
          record_id: id,
          purpose: purpose.code,
          note: purpose.note?.trim() || null,
          stated_at: this.ctx.clock.now().toISOString(),
        });
      }
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'record.open',
        outcome: 'allowed',
        resource: { type: subject, id },
        reason: decision.reason,
        details: {
          purpose: code,
          note: purpose?.note?.trim() || null,
          purposeRemembered: !purpose,
          via: viaGrant ? 'break-glass' : 'role',
          grantId: decision.grantId,
          certificates: decision.certificates,
          fieldsShown: record.fields.map((f) => (f.masked ? `${f.key} (masked)` : f.key)),
        },
      });
    });
    return {
      status: 'opened',
      record,
      purpose: code,
      purposeLabel: PURPOSE_LABELS[code],
      via: viaGrant ? 'break-glass' : 'role',
      reason: decision.reason,
    };
  }

  private async requireAllowed(
    principal: Principal,
    action: RecordAction,
    subject: RecordSubject,
    id: number,
    event: string,
    workstation: string,
  ) {
    const row = await this.loadRow(subject, id);
    if (!row) {
      await this.deny(principal, workstation, event, subject, id, 'no such record');
      throw new AppError('NOT_FOUND', `There is no ${SUBJECT_NAMES[subject]} with that number.`);
    }
    const facts = await this.facts(principal);
    const decision: Decision = decideRecordAccess(facts, action, subject, this.descriptor(row));
    // Reveal and process need the role rule itself: a break-glass grant only opens, masked.
    if (!decision.allowed || decision.grantId !== null) {
      const reason = decision.allowed
        ? 'Break-glass access shows the record masked; revealing or processing needs the role and its training.'
        : decision.reason;
      await this.deny(principal, workstation, event, subject, id, reason);
      throw new AppError('FORBIDDEN', reason);
    }
    return { row, decision };
  }

  /** Shows one masked field for a short time. The full card number is decrypted only here. */
  async reveal(
    principal: Principal,
    subject: RecordSubject,
    id: number,
    fieldKey: string,
    { workstation }: Caller,
  ): Promise<{ field: string; value: string; expiresInSeconds: number }> {
    if (!MASKED_FIELDS[subject].includes(fieldKey)) {
      await this.deny(principal, workstation, 'record.reveal', subject, id, `field ${fieldKey.slice(0, 40)} is not a protected field`);
      throw new AppError('INVALID_INPUT', 'That field cannot be revealed.');
    }
    const { row, decision } = await this.requireAllowed(principal, 'reveal', subject, id, 'record.reveal', workstation);
    let value: string;
    if (subject === 'CardTransaction') {
      if (!row.pan_ciphertext) {
        const reason = 'The full card number is not held for this order.';
        await this.deny(principal, workstation, 'record.reveal', subject, id, reason);
        throw new AppError('FORBIDDEN', reason);
      }
      value = (await this.cipher.decrypt(String(row.pan_ciphertext), String(row.order_id))).replace(/(\d{4})(?=\d)/g, '$1 ');
    } else {
      const clear = await this.sensitive.open(fieldKey === 'ssn' ? 'ssn' : 'date_of_birth', sensitiveRow(row));
      if (clear === null) {
        const reason = `No ${fieldKey === 'ssn' ? 'Social Security number' : 'date of birth'} is on file for this record.`;
        await this.deny(principal, workstation, 'record.reveal', subject, id, reason);
        throw new AppError('NOT_FOUND', reason);
      }
      value = clear;
    }
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(principal),
      workstation,
      event: 'record.reveal',
      outcome: 'allowed',
      resource: { type: subject, id },
      reason: decision.reason,
      details: { field: fieldKey, shownForSeconds: ACCESS_WINDOWS.revealSeconds, certificates: decision.certificates },
    });
    return { field: fieldKey, value, expiresInSeconds: ACCESS_WINDOWS.revealSeconds };
  }

  /**
   * First start with the key hierarchy: the card numbers this workstation's old card key sealed
   * are re-sealed under the card-numbers purpose key, and the old key is removed. Waits (returns
   * null, keeps the old key) while this workstation cannot use the key.
   */
  async adoptLegacyCardKey(legacy: LegacyCardKey, workstation: string): Promise<LegacyMigration | null> {
    return migrateLegacyCardNumbers(this.ctx, await this.cipher.currentRing(), legacy, workstation);
  }

  /** Marks a pending card order processed and wipes its encrypted number (PCI DSS 3.5.1). */
  async process(principal: Principal, id: number, { workstation }: Caller): Promise<{ processedAt: string }> {
    const { decision } = await this.requireAllowed(principal, 'process', 'CardTransaction', id, 'record.process', workstation);
    const at = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('card_transactions')
        .set({ status: 'processed', processed_at: at, pan_ciphertext: null, pan_lookup: null, expiry_sealed: null })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'record.process',
        outcome: 'allowed',
        resource: { type: 'CardTransaction', id },
        reason: decision.reason,
        details: { fullNumberPurged: true, certificates: decision.certificates },
      });
    });
    return { processedAt: at };
  }

  /** An audited emergency override: reason + password again (and a recent code: step-up), for one record, for a few hours, reviewed later. */
  async breakGlass(
    principal: Principal,
    subject: RecordSubject,
    id: number,
    reason: string,
    password: string,
    { workstation }: Caller,
  ): Promise<{ grantId: number; expiresAt: string }> {
    const row = await this.loadRow(subject, id);
    if (!row) {
      await this.deny(principal, workstation, 'record.break_glass', subject, id, 'no such record');
      throw new AppError('NOT_FOUND', `There is no ${SUBJECT_NAMES[subject]} with that number.`);
    }
    const allowedByRole = breakGlassRoleFor(principal.roles, subject);
    if (!allowedByRole) {
      const why = 'Your role does not allow emergency (break-glass) access.';
      await this.deny(principal, workstation, 'record.break_glass', subject, id, why);
      throw new AppError('FORBIDDEN', why);
    }
    // The password goes through the one verification path: a wrong one counts toward the lockout.
    await this.verifier.confirm(actorOf(principal), { kind: 'password', password }, PROMPTS.breakGlass, {
      workstation,
      resource: { type: subject, id },
    });
    const facts = await this.facts(principal);
    const normal = decideRecordAccess(facts, 'open', subject, this.descriptor(row));
    if (normal.allowed) throw new AppError('CONFLICT', 'You can already open this record; break-glass is not needed.');
    if (!normal.breakGlassAllowed) {
      await this.deny(principal, workstation, 'record.break_glass', subject, id, normal.reason);
      throw new AppError('FORBIDDEN', normal.reason);
    }
    const now = this.ctx.clock.now();
    const expiresAt = new Date(now.getTime() + ACCESS_WINDOWS.breakGlassHours * HOUR).toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const grant = await trx
        .insertInto('break_glass_grants')
        .values({
          staff_id: principal.id,
          record_type: subject,
          record_id: id,
          reason: reason.trim(),
          denied_because: normal.reason,
          granted_at: now.toISOString(),
          expires_at: expiresAt,
          review_status: 'pending',
          reviewer_id: null,
          reviewed_at: null,
          review_note: null,
          allowed_by_role: allowedByRole,
          ended_at: null,
          end_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'record.break_glass',
        outcome: 'allowed',
        resource: { type: subject, id },
        reason: `emergency override (NIST AC-3(10)): ${reason.trim()}`,
        details: { grantId: Number(grant.id), deniedBecause: normal.reason, expiresAt, allowedByRole },
      });
      return { grantId: Number(grant.id), expiresAt };
    });
  }

  /**
   * Exports the permitted list (protected fields masked) as CSV or JSON to a file the person
   * chooses, for a stated purpose, as an open asks. Every record in it is listed against the
   * export's audit entry, so "who accessed this person" counts the export.
   */
  async export(
    principal: Principal,
    input: { subject: RecordSubject; search?: string | undefined; format: 'csv' | 'json'; purpose: PurposeInput },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const { subject, purpose } = input;
    const { workstation } = caller;
    const facts = await this.facts(principal);
    const decision = decideRecordAccess(facts, 'export', subject);
    const where = permittedWhere(buildRecordAbility(facts), 'export', subject);
    if (!decision.allowed || !where) {
      await this.deny(principal, workstation, 'record.export', subject, '*', decision.reason, { search: loggedSearch(input.search) });
      throw new AppError('FORBIDDEN', decision.reason);
    }
    const view = SUBJECT_VIEWS[subject];
    const search = await recordSearch(this.keys, view, input.search);
    const rows = (await this.permittedRows(subject, where, search)
      .selectAll('r')
      .select('d.name as department_name')
      .orderBy(`r.${view.dateColumn}`, 'desc')
      .limit(EXPORT_LIMIT)
      .execute()) as (Row & { department_name: string })[];
    const fieldsOf = rows.map((r) => view.fields(r));
    const headers = ['Record', ...(fieldsOf[0] ?? view.fields({})).map((f) => f.label)];
    const table = rows.map((r, i) => [String(r.id), ...fieldsOf[i]!.map((f) => f.value)]);

    const now = this.ctx.clock.now().toISOString();
    const stamp = `Generated ${now} by ${principal.displayName} (${principal.username}) for: ${PURPOSE_LABELS[purpose.code]}; protected fields masked`;
    const content =
      input.format === 'csv'
        ? toCsv(headers, table, [stamp])
        : JSON.stringify(
            { generatedAt: now, generatedBy: principal.username, purpose: PURPOSE_LABELS[purpose.code], columns: headers, rows: table },
            null,
            2,
          );
    const path = await this.ctx.desktop.saveFile(caller.senderKey, `clearance-${subject}-${formatDate(now)}.${input.format}`, content);
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    const ids = rows.map((r) => Number(r.id));
    await this.ctx.db.transaction().execute(async (trx) => {
      const entry = await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'record.export',
        outcome: 'allowed',
        resource: { type: subject, id: '*' },
        reason: decision.reason,
        details: {
          purpose: purpose.code,
          note: purpose.note?.trim() || null,
          search: search?.scanned.logged ?? null,
          format: input.format,
          rows: ids.length,
          masked: MASKED_FIELDS[subject] as unknown as JsonValue,
          certificates: decision.certificates,
        },
      });
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .insertInto('exported_records')
          .values(ids.slice(i, i + 500).map((id) => ({ audit_seq: Number(entry.seq), record_type: subject, record_id: id })))
          .execute();
      }
    });
    return { saved: true, path, rows: ids.length };
  }

  /**
   * Corrects the fields a rule allows on a record the person opened to correct it (purpose
   * "Correcting or updating the record", within the purpose window). The audit entry names the
   * fields and the keyed hashes of the old and new values, never the values.
   */
  async correct(
    principal: Principal,
    input: { subject: RecordSubject; id: number; changes: Record<string, string> },
    { workstation }: Caller,
  ): Promise<{ record: RecordDetail; changed: string[] }> {
    const { subject, id } = input;
    const { row, decision } = await this.requireAllowed(principal, 'correct', subject, id, 'record.correct', workstation);
    if ((await this.recentPurpose(principal, subject, id)) !== CORRECTION_PURPOSE) {
      const reason = `Open the record with the reason "${PURPOSE_LABELS[CORRECTION_PURPOSE]}" before correcting it.`;
      await this.deny(principal, workstation, 'record.correct', subject, id, reason);
      throw new AppError('FORBIDDEN', reason);
    }
    const wanted = checkCorrection(subject, input.changes, formatDate(this.ctx.clock.now().toISOString()));
    const view = SUBJECT_VIEWS[subject];
    const ring = await this.sensitive.ring();
    const hash = (field: string, value: string) => ring.lookupHash('record-field', correctionHashInput(view.table, field, value));

    const changed: string[] = [];
    const hashes: Record<string, JsonValue> = {};
    const set: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(wanted)) {
      const old = field === 'ssn' || field === 'date_of_birth' ? await this.sensitive.open(field, sensitiveRow(row)) : row[field];
      const oldText = old === null || old === undefined ? null : String(old);
      if (oldText === value) continue;
      changed.push(field);
      hashes[field] = { old: oldText === null ? null : hash(field, oldText), new: hash(field, value) };
      if (field === 'ssn') Object.assign(set, sealSsn(ring, id, value), { unsealed_ssn: null });
      else if (field === 'date_of_birth') Object.assign(set, sealDateOfBirth(ring, id, value), { unsealed_date_of_birth: null });
      else set[field] = value;
    }
    if (changed.length === 0) throw new AppError('CONFLICT', 'Nothing was changed: the new values are the same as the record’s.');

    const at = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      const loose = trx as unknown as LooseDb;
      await loose.updateTable(view.table).set(set).where('id', '=', id).execute();
      const entry = await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'record.correct',
        outcome: 'allowed',
        resource: { type: subject, id },
        reason: decision.reason,
        details: { purpose: CORRECTION_PURPOSE, fields: changed, hashes, certificates: decision.certificates },
      });
      await trx
        .insertInto('record_corrections')
        .values({
          record_type: subject,
          record_id: id,
          staff_id: principal.id,
          corrected_at: at,
          fields: JSON.stringify(changed),
          audit_seq: Number(entry.seq),
        })
        .execute();
    });
    const updated = (await this.loadRow(subject, id))!;
    const facts = await this.facts(principal);
    return {
      record: this.detail(subject, updated, facts, false, CORRECTION_PURPOSE, await this.lastCorrection(subject, id)),
      changed,
    };
  }

  /** Seals the SSNs and dates of birth an older database held in clear (see sensitiveFields.ts); audited when any were. */
  async sealCarriedOverFields(workstation: string): Promise<number> {
    const sealed = await this.sensitive.sealCarriedOver();
    if (sealed > 0) {
      await this.ctx.audit.record({
        actor: null,
        workstation,
        event: 'record.fields_sealed',
        outcome: 'allowed',
        resource: { type: 'PersonalRecord', id: '*' },
        reason: 'Social Security numbers and dates of birth held in clear were sealed under the sensitive-fields key',
        details: { records: sealed },
      });
    }
    return sealed;
  }
}

/** At most this many records go into one export. */
const EXPORT_LIMIT = 10_000;

/** The sealed and carried-over columns of a personal record, for a reveal or a correction. */
function sensitiveRow(row: Row): SensitiveRow {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    ssn_sealed: text(row.ssn_sealed),
    date_of_birth_sealed: text(row.date_of_birth_sealed),
    unsealed_ssn: text(row.unsealed_ssn),
    unsealed_date_of_birth: text(row.unsealed_date_of_birth),
  };
}
