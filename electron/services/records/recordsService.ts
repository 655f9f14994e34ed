/**
 * Opening protected records: lists filtered in SQL by the person's ability, single records with
 * a stated purpose, reveal of masked fields, card processing, break-glass and exports. Every
 * path, allowed or denied, writes its audit entry in the same transaction as what it records.
 */
import type { Kysely } from 'kysely';
import {
  PURPOSE_LABELS,
  PURPOSE_LIST,
  RECORD_SUBJECTS,
  type MyRecordAccess,
  type OpenResult,
  type PurposeCode,
  type RecordDetail,
  type RecordSubject,
  type RecordSummary,
} from '../../contract/records.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { HOUR } from '../clock.js';
import { toCsv } from '../export/csv.js';
import { containsText } from '../search.js';
import { formatDate } from '../format.js';
import { actorOf, type Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import { verifyPassword } from '../auth/passwordHash.js';
import { decideRecordAccess, type AccessFacts, type Decision } from '../policy/recordAbility.js';
import { ACCESS_WINDOWS, BREAK_GLASS_ROLES, MASKED_FIELDS, SUBJECT_NAMES, type RecordAction } from '../policy/recordRules.js';
import { buildRecordAbility } from '../policy/recordAbility.js';
import { breakGlassRoleFor } from '../policy/breakGlassGrants.js';
import { permittedWhere } from '../policy/sqlFilter.js';
import type { JsonValue } from '../audit/canonical.js';
import { accessFacts } from './accessFacts.js';
import type { CardCipher } from './cardCipher.js';
import { SUBJECT_VIEWS, type Row } from './recordViews.js';

// The three record tables share one generic list; Kysely is typed loosely for it on purpose.
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

export interface ListQuery {
  subject: RecordSubject;
  search?: string | undefined;
  page: number;
  pageSize: number;
}

export class RecordsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly cipher: CardCipher,
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
  private permittedRows(subject: RecordSubject, where: NonNullable<ReturnType<typeof permittedWhere>>, search: string | undefined) {
    const view = SUBJECT_VIEWS[subject];
    let q = this.loose
      .selectFrom(`${view.table} as r`)
      .innerJoin('departments as d', 'd.id', 'r.department_id')
      .where((eb) => where(eb as never));
    if (search) q = q.where((eb) => eb.or(view.searchColumns.map((c) => containsText(eb.ref(`r.${c}`), search))));
    return q;
  }

  private async loadRow(subject: RecordSubject, id: number): Promise<(Row & { department_name: string }) | null> {
    const view = SUBJECT_VIEWS[subject];
    const row = await this.loose
      .selectFrom(`${view.table} as r`)
      .innerJoin('departments as d', 'd.id', 'r.department_id')
      .selectAll('r')
      .select('d.name as department_name')
      .where('r.id', '=', id)
      .executeTakeFirst();
    return (row as (Row & { department_name: string }) | undefined) ?? null;
  }

  private descriptor(row: Row & { department_name: string }) {
    return {
      id: Number(row.id),
      department_id: Number(row.department_id),
      status: row.status === undefined ? undefined : String(row.status),
      departmentName: row.department_name,
    };
  }

  /** A page of the records the person may list, searched and counted in SQL. */
  async list(
    principal: Principal,
    q: ListQuery,
    { workstation }: Caller,
  ): Promise<{ items: RecordSummary[]; total: number; page: number; pageSize: number }> {
    const { subject } = q;
    const facts = await this.facts(principal);
    const decision = decideRecordAccess(facts, 'list', subject);
    const where = permittedWhere(buildRecordAbility(facts), 'list', subject);
    if (!decision.allowed || !where) {
      await this.deny(principal, workstation, 'record.list', subject, '*', decision.reason, { search: q.search ?? null });
      throw new AppError('FORBIDDEN', decision.reason);
    }
    const view = SUBJECT_VIEWS[subject];
    const search = q.search?.trim();
    const base = this.permittedRows(subject, where, search);
    const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const total = Number(countRow.n);
    const rows = (await base
      .selectAll('r')
      .select('d.name as department_name')
      .orderBy(`r.${view.dateColumn}`, 'desc')
      .orderBy('r.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute()) as (Row & { department_name: string })[];
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(principal),
      workstation,
      event: 'record.list',
      outcome: 'allowed',
      resource: { type: subject, id: '*' },
      reason: decision.reason,
      details: { search: search ?? null, page: q.page, returned: rows.length, total, certificates: decision.certificates },
    });
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
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

  private detail(subject: RecordSubject, row: Row & { department_name: string }, facts: AccessFacts, viaGrant: boolean): RecordDetail {
    const view = SUBJECT_VIEWS[subject];
    const d = this.descriptor(row);
    const revealable = viaGrant ? [] : MASKED_FIELDS[subject].filter(() => decideRecordAccess(facts, 'reveal', subject, d).allowed);
    return {
      subject,
      id: d.id,
      title: view.title(row),
      department: row.department_name,
      fields: view.fields(row),
      revealable,
      canProcess: !viaGrant && decideRecordAccess(facts, 'process', subject, d).allowed,
      status: d.status ?? null,
    };
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
    const record = this.detail(subject, row, facts, viaGrant);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (purpose) {
        await trx
          .insertInto('record_purposes')
          .values({
            staff_id: principal.id,
            record_type: subject,
            record_id: id,
            purpose: purpose.code,
            note: purpose.note?.trim() || null,
            stated_at: this.ctx.clock.now().toISOString(),
          })
          .execute();
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
      value = String(row[fieldKey]);
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

  /** Marks a pending card order processed and wipes its encrypted number (PCI DSS 3.5.1). */
  async process(principal: Principal, id: number, { workstation }: Caller): Promise<{ processedAt: string }> {
    const { decision } = await this.requireAllowed(principal, 'process', 'CardTransaction', id, 'record.process', workstation);
    const at = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('card_transactions')
        .set({ status: 'processed', processed_at: at, pan_ciphertext: null })
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

  /** An audited emergency override: reason + password again, for one record, for a few hours, reviewed later. */
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
    const cred = await this.ctx.db
      .selectFrom('credentials')
      .select('password_hash')
      .where('staff_id', '=', principal.id)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(password, cred.password_hash))) {
      await this.deny(principal, workstation, 'record.break_glass', subject, id, 'password not confirmed');
      throw new AppError('INVALID_CREDENTIALS', 'That password is not correct. Break-glass needs your own password.', {
        password: 'That password is not correct.',
      });
    }
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

  /** Exports the permitted list (protected fields masked) as CSV or JSON to a file the person chooses. */
  async export(
    principal: Principal,
    input: { subject: RecordSubject; search?: string | undefined; format: 'csv' | 'json' },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const { headers, rows } = await this.exportRows(principal, input.subject, input.search, caller.workstation);
    const now = this.ctx.clock.now().toISOString();
    const stamp = `Generated ${now} by ${principal.displayName} (${principal.username}); protected fields masked`;
    const content =
      input.format === 'csv'
        ? toCsv(headers, rows, [stamp])
        : JSON.stringify({ generatedAt: now, generatedBy: principal.username, columns: headers, rows }, null, 2);
    const path = await this.ctx.desktop.saveFile(
      caller.senderKey,
      `clearance-${input.subject}-${formatDate(now)}.${input.format}`,
      content,
    );
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    return { saved: true, path, rows: rows.length };
  }

  /** Rows for an export of the permitted list, with protected fields masked. */
  private async exportRows(
    principal: Principal,
    subject: RecordSubject,
    search: string | undefined,
    workstation: string,
  ): Promise<{ headers: string[]; rows: string[][] }> {
    const facts = await this.facts(principal);
    const decision = decideRecordAccess(facts, 'export', subject);
    const where = permittedWhere(buildRecordAbility(facts), 'export', subject);
    if (!decision.allowed || !where) {
      await this.deny(principal, workstation, 'record.export', subject, '*', decision.reason);
      throw new AppError('FORBIDDEN', decision.reason);
    }
    const view = SUBJECT_VIEWS[subject];
    const q = this.permittedRows(subject, where, search?.trim());
    const rows = (await q
      .selectAll('r')
      .select('d.name as department_name')
      .orderBy(`r.${view.dateColumn}`, 'desc')
      .limit(10_000)
      .execute()) as (Row & { department_name: string })[];
    const fieldsOf = rows.map((r) => view.fields(r));
    const headers = ['Record', ...(fieldsOf[0] ?? view.fields({})).map((f) => f.label)];
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(principal),
      workstation,
      event: 'record.export',
      outcome: 'allowed',
      resource: { type: subject, id: '*' },
      reason: decision.reason,
      details: { search: search ?? null, rows: rows.length, masked: MASKED_FIELDS[subject] as unknown as JsonValue },
    });
    return { headers, rows: rows.map((r, i) => [String(r.id), ...fieldsOf[i]!.map((f) => f.value)]) };
  }
}
