/**
 * Retention and disposal. Each kind of record is kept a set number of days from its date (a
 * setting, `retention.<kind>.days`); a disposal job deletes what is past it in batches, each batch
 * in one transaction with its audit entry, together with the rows that belong to the record
 * (its search entries: the keyed hashes live in the row; rows listed in DISPOSED_WITH_RECORD).
 * A legal hold on a record, or on a person by name or e-mail, keeps what it covers until it is
 * lifted. Each run ends with a disposal certificate: counts, id ranges, a SHA-256 of the ids and
 * the rule applied. The audit trail outlives the records: entries about them stay, unchanged.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database } from '../../../db/schema.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../contract/records.js';
import type { DisposalCertificateView, LegalHoldView, PlaceHoldInput, RetentionRuleView } from '../../contract/retention.js';
import type { Actor } from '../audit/auditLog.js';
import type { Caller } from '../caller.js';
import { DAY } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { redactForLog } from '../intake/sensitiveData.js';
import { buildAbility } from '../policy/ability.js';
import { authorize } from '../policy/authorize.js';
import { SUBJECT_NAMES } from '../policy/recordRules.js';
import { numberSetting, type SettingKey } from '../settings.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { SUBJECT_VIEWS } from './recordViews.js';

interface RetentionRule {
  /** The record's date that the period runs from, and that date in words. */
  dateColumn: string;
  from: string;
  /** Card orders are kept while pending: their period runs only once processed. */
  processedOnly?: boolean;
  /** The columns that name the person the record is about (a legal hold on a person matches them). */
  person: { name: string; email: string | null };
  plural: string;
}

export const RETENTION_RULES: Record<RecordSubject, RetentionRule> = {
  LiveHelpTranscript: {
    dateColumn: 'started_at',
    from: 'the session',
    person: { name: 'visitor_name', email: 'transcript_email' },
    plural: 'Live Help transcripts',
  },
  PersonalRecord: {
    dateColumn: 'received_at',
    from: 'it was received',
    person: { name: 'full_name', email: 'email' },
    plural: 'Personal-information records',
  },
  CardTransaction: {
    dateColumn: 'created_at',
    from: 'the order',
    processedOnly: true,
    person: { name: 'cardholder_name', email: null },
    plural: 'Card transactions',
  },
};

/** Rows that belong to a record and go with it. A feature that keeps search entries for records in a table of its own adds it here. */
export const DISPOSED_WITH_RECORD: readonly { table: 'record_corrections'; typeColumn: 'record_type'; idColumn: 'record_id' }[] = [
  { table: 'record_corrections', typeColumn: 'record_type', idColumn: 'record_id' },
];

export const DISPOSAL_BATCH = 500;

const periodKey = (subject: RecordSubject) => `retention.${subject}.days` as SettingKey;

export function ruleWords(subject: RecordSubject, days: number): string {
  const r = RETENTION_RULES[subject];
  return `${r.plural} are disposed of ${days} days after ${r.from}${r.processedOnly ? '; pending orders are kept until processed' : ''}.`;
}

/** Ascending ids as ranges: 1, 2, 3, 7, 9, 10 → "1-3, 7, 9-10". */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** SHA-256 of "<kind>:<ids ascending, comma-separated>": anyone holding the list of ids can check it. */
export function idsDigest(subject: RecordSubject, ids: readonly number[]): string {
  return createHash('sha256')
    .update(`${subject}:${[...ids].sort((a, b) => a - b).join(',')}`)
    .digest('hex');
}

/** A person's name as a hold keeps it: single spaces; compared in lower case. */
const normalizeName = (v: string) => v.normalize('NFKC').trim().replace(/\s+/g, ' ');

// The three record tables share these queries; Kysely is typed loosely for them on purpose.
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

export class RetentionService {
  constructor(private readonly ctx: ServiceContext) {}

  private loose(db: Kysely<Database> = this.ctx.db): LooseDb {
    return db as unknown as LooseDb;
  }

  async period(subject: RecordSubject): Promise<number> {
    return numberSetting(this.ctx.db, periodKey(subject));
  }

  private cutoff(days: number): string {
    return new Date(this.ctx.clock.now().getTime() - days * DAY).toISOString();
  }

  /** Past its period: dated before the cutoff (and processed, for card orders). */
  private expiredSql(subject: RecordSubject, cutoff: string): RawBuilder<SqlBool> {
    const r = RETENTION_RULES[subject];
    const processed = r.processedOnly ? sql`and r.status = 'processed'` : sql``;
    return sql<SqlBool>`(${sql.ref(`r.${r.dateColumn}`)} < ${cutoff} ${processed})`;
  }

  /** A live legal hold covers the record: on it, or on the person it names. */
  private heldSql(subject: RecordSubject): RawBuilder<SqlBool> {
    const { person } = RETENTION_RULES[subject];
    const email = person.email ? sql`or h.person_email = lower(${sql.ref(`r.${person.email}`)})` : sql``;
    return sql<SqlBool>`exists (select 1 from legal_holds h where h.lifted_at is null and (
      (h.scope = 'record' and h.record_type = ${subject} and h.record_id = r.id)
      or (h.scope = 'person' and (lower(h.person_name) = lower(${sql.ref(`r.${person.name}`)}) ${email}))))`;
  }

  private async counts(subject: RecordSubject, days: number): Promise<{ due: number; held: number }> {
    const table = SUBJECT_VIEWS[subject].table;
    const cutoff = this.cutoff(days);
    const row = await this.loose()
      .selectFrom(`${table} as r`)
      .select([
        sql<number>`count(*)`.as('due'),
        sql<number>`coalesce(sum(case when ${this.heldSql(subject)} then 1 else 0 end), 0)`.as('held'),
      ])
      .where(this.expiredSql(subject, cutoff))
      .executeTakeFirstOrThrow();
    return { due: Number(row.due), held: Number(row.held) };
  }

  private async ruleView(subject: RecordSubject): Promise<RetentionRuleView> {
    const days = await this.period(subject);
    return { subject, name: RETENTION_RULES[subject].plural, days, rule: ruleWords(subject, days), ...(await this.counts(subject, days)) };
  }

  async overview(
    principal: Principal,
    { workstation }: Caller,
  ): Promise<{
    canManage: boolean;
    canHold: boolean;
    rules: RetentionRuleView[];
    holds: LegalHoldView[];
    certificates: DisposalCertificateView[];
  }> {
    await authorize(this.ctx, principal, workstation, 'read', 'Retention');
    const ability = buildAbility(principal);
    const rules: RetentionRuleView[] = [];
    for (const subject of RECORD_SUBJECTS) rules.push(await this.ruleView(subject));
    const holdRows = await this.holdRows().orderBy('h.id', 'desc').limit(200).execute();
    const certificates = await this.ctx.db
      .selectFrom('disposal_certificates as c')
      .leftJoin('staff as s', 's.id', 'c.actor_id')
      .selectAll('c')
      .select('s.display_name')
      .orderBy('c.id', 'desc')
      .limit(100)
      .execute();
    return {
      canManage: ability.can('manage', 'Retention'),
      canHold: ability.can('manage', 'LegalHold'),
      rules,
      holds: holdRows.map(holdView),
      certificates: certificates.map((c) => certificateView(c, c.display_name)),
    };
  }

  async setPeriod(
    principal: Principal,
    input: { subject: RecordSubject; days: number },
    { workstation }: Caller,
  ): Promise<RetentionRuleView> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Retention');
    const key = periodKey(input.subject);
    const before = await this.period(input.subject);
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
      if (exists)
        await trx
          .updateTable('settings')
          .set({ value: String(input.days), updated_at: now })
          .where('key', '=', key)
          .execute();
      else
        await trx
          .insertInto('settings')
          .values({ key, value: String(input.days), updated_at: now })
          .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'retention.period',
        outcome: 'allowed',
        resource: { type: 'RetentionRule', id: input.subject },
        reason: ruleWords(input.subject, input.days),
        details: { subject: input.subject, from: before, to: input.days },
      });
    });
    return this.ruleView(input.subject);
  }

  private holdRows(db: Kysely<Database> = this.ctx.db) {
    return db
      .selectFrom('legal_holds as h')
      .innerJoin('staff as p', 'p.id', 'h.placed_by')
      .leftJoin('staff as l', 'l.id', 'h.lifted_by')
      .selectAll('h')
      .select(['p.display_name as placed_by_name', 'l.display_name as lifted_by_name']);
  }

  async placeHold(principal: Principal, input: PlaceHoldInput, { workstation }: Caller): Promise<LegalHoldView> {
    await authorize(this.ctx, principal, workstation, 'manage', 'LegalHold');
    const reason = redactForLog(input.reason.trim());
    let values: { record_type: string | null; record_id: number | null; person_name: string | null; person_email: string | null };
    if (input.scope === 'record') {
      const exists = await this.loose()
        .selectFrom(SUBJECT_VIEWS[input.subject].table)
        .select('id')
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!exists)
        throw new AppError('NOT_FOUND', `There is no ${SUBJECT_NAMES[input.subject]} with that number.`, { id: 'No such record.' });
      values = { record_type: input.subject, record_id: input.id, person_name: null, person_email: null };
    } else {
      const name = input.name ? normalizeName(input.name) : null;
      const email = input.email ? input.email.trim().toLowerCase() : null;
      if (!name && !email) {
        throw new AppError('INVALID_INPUT', 'Name the person, by name or e-mail or both.', { name: 'Enter a name or an e-mail address.' });
      }
      values = { record_type: null, record_id: null, person_name: name, person_email: email };
    }
    const now = this.ctx.clock.now().toISOString();
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('legal_holds')
        .values({
          scope: input.scope,
          ...values,
          reason,
          placed_by: principal.id,
          placed_at: now,
          lifted_by: null,
          lifted_at: null,
          lift_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The trail names the hold, never the person: it outlives the records and the hold.
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'legal_hold.place',
        outcome: 'allowed',
        resource: input.scope === 'record' ? { type: input.subject, id: input.id } : { type: 'LegalHold', id: Number(row.id) },
        reason,
        details: {
          holdId: Number(row.id),
          scope: input.scope,
          matchedBy:
            input.scope === 'person' ? [values.person_name ? 'name' : null, values.person_email ? 'email' : null].filter(Boolean) : [],
        },
      });
      return Number(row.id);
    });
    return holdView(await this.holdRows().where('h.id', '=', id).executeTakeFirstOrThrow());
  }

  async liftHold(principal: Principal, input: { holdId: number; reason: string }, { workstation }: Caller): Promise<LegalHoldView> {
    await authorize(this.ctx, principal, workstation, 'manage', 'LegalHold');
    const hold = await this.ctx.db.selectFrom('legal_holds').selectAll().where('id', '=', input.holdId).executeTakeFirst();
    if (!hold) throw new AppError('NOT_FOUND', 'There is no such legal hold.');
    if (hold.lifted_at) throw new AppError('CONFLICT', 'This legal hold was already lifted.');
    const reason = redactForLog(input.reason.trim());
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('legal_holds')
        .set({ lifted_by: principal.id, lifted_at: now, lift_reason: reason })
        .where('id', '=', input.holdId)
        .where('lifted_at', 'is', null)
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'legal_hold.lift',
        outcome: 'allowed',
        resource:
          hold.scope === 'record' && hold.record_type
            ? { type: hold.record_type, id: Number(hold.record_id) }
            : { type: 'LegalHold', id: input.holdId },
        reason,
        details: { holdId: input.holdId, scope: hold.scope, placedAt: hold.placed_at },
      });
    });
    return holdView(await this.holdRows().where('h.id', '=', input.holdId).executeTakeFirstOrThrow());
  }

  /** The administrator's "dispose now"; the same job runs daily without a person. */
  async dispose(principal: Principal, { workstation }: Caller): Promise<{ certificates: DisposalCertificateView[] }> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Retention');
    return { certificates: await this.disposeExpired(actorOf(principal), workstation) };
  }

  /**
   * Deletes every record past its period that no legal hold covers, kind by kind, in batches
   * (each in one transaction with its audit entry), and writes one certificate per kind that had
   * anything disposed of.
   */
  async disposeExpired(actor: Actor | null, workstation: string, batchSize = DISPOSAL_BATCH): Promise<DisposalCertificateView[]> {
    const certificates: DisposalCertificateView[] = [];
    for (const subject of RECORD_SUBJECTS) {
      const days = await this.period(subject);
      const cutoff = this.cutoff(days);
      const rule = ruleWords(subject, days);
      const startedAt = this.ctx.clock.now().toISOString();
      const disposed: number[] = [];
      let batches = 0;
      for (;;) {
        const ids = await this.disposeBatch(subject, cutoff, rule, batchSize, actor, workstation);
        if (ids.length === 0) break;
        disposed.push(...ids);
        batches += 1;
        if (ids.length < batchSize) break;
      }
      if (disposed.length === 0) continue;
      const { held } = await this.counts(subject, days);
      certificates.push(await this.certify({ subject, rule, days, cutoff, disposed, held, batches, startedAt, actor, workstation }));
    }
    return certificates;
  }

  private async disposeBatch(
    subject: RecordSubject,
    cutoff: string,
    rule: string,
    batchSize: number,
    actor: Actor | null,
    workstation: string,
  ): Promise<number[]> {
    const table = SUBJECT_VIEWS[subject].table;
    return this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'retention');
      const loose = this.loose(trx);
      const rows = await loose
        .selectFrom(`${table} as r`)
        .select('r.id')
        .where(this.expiredSql(subject, cutoff))
        .where(sql<SqlBool>`not ${this.heldSql(subject)}`)
        .orderBy('r.id')
        .limit(batchSize)
        .execute();
      const ids = rows.map((r) => Number(r.id));
      if (ids.length === 0) return ids;
      for (const dependent of DISPOSED_WITH_RECORD) {
        await trx.deleteFrom(dependent.table).where(dependent.typeColumn, '=', subject).where(dependent.idColumn, 'in', ids).execute();
      }
      await loose.deleteFrom(table).where('id', 'in', ids).execute();
      await this.ctx.audit.append(trx, {
        actor,
        workstation,
        event: 'retention.dispose_batch',
        outcome: 'allowed',
        resource: { type: subject, id: '*' },
        reason: rule,
        details: { disposed: ids.length, idRanges: idRanges(ids), idsSha256: idsDigest(subject, ids), cutoff },
      });
      return ids;
    });
  }

  private async certify(run: {
    subject: RecordSubject;
    rule: string;
    days: number;
    cutoff: string;
    disposed: number[];
    held: number;
    batches: number;
    startedAt: string;
    actor: Actor | null;
    workstation: string;
  }): Promise<DisposalCertificateView> {
    const ranges = idRanges(run.disposed);
    const digest = idsDigest(run.subject, run.disposed);
    const finishedAt = this.ctx.clock.now().toISOString();
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('disposal_certificates')
        .values({
          record_type: run.subject,
          rule: run.rule,
          retention_days: run.days,
          cutoff: run.cutoff,
          disposed_count: run.disposed.length,
          held_count: run.held,
          batches: run.batches,
          id_ranges: ranges,
          ids_sha256: digest,
          started_at: run.startedAt,
          finished_at: finishedAt,
          actor_id: run.actor?.id ?? null,
          workstation: run.workstation,
          audit_seq: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const entry = await this.ctx.audit.append(trx, {
        actor: run.actor,
        workstation: run.workstation,
        event: 'retention.certificate',
        outcome: 'allowed',
        resource: { type: 'DisposalCertificate', id: Number(row.id) },
        reason: run.rule,
        details: {
          subject: run.subject,
          cutoff: run.cutoff,
          disposed: run.disposed.length,
          heldBack: run.held,
          batches: run.batches,
          idRanges: ranges,
          idsSha256: digest,
        },
      });
      await trx
        .updateTable('disposal_certificates')
        .set({ audit_seq: Number(entry.seq) })
        .where('id', '=', Number(row.id))
        .execute();
      return Number(row.id);
    });
    const row = await this.ctx.db
      .selectFrom('disposal_certificates as c')
      .leftJoin('staff as s', 's.id', 'c.actor_id')
      .selectAll('c')
      .select('s.display_name')
      .where('c.id', '=', id)
      .executeTakeFirstOrThrow();
    return certificateView(row, row.display_name);
  }
}

function holdView(h: {
  id: number;
  scope: 'record' | 'person';
  record_type: string | null;
  record_id: number | null;
  person_name: string | null;
  person_email: string | null;
  reason: string;
  placed_at: string;
  lifted_at: string | null;
  lift_reason: string | null;
  placed_by_name: string;
  lifted_by_name: string | null;
}): LegalHoldView {
  const covers =
    h.scope === 'record'
      ? `${capitalize(SUBJECT_NAMES[h.record_type as RecordSubject] ?? 'record')} No. ${h.record_id}`
      : `Records about ${[h.person_name && `the person named “${h.person_name}”`, h.person_email && `the e-mail ${h.person_email}`].filter(Boolean).join(' or ')}`;
  return {
    id: Number(h.id),
    scope: h.scope,
    covers,
    reason: h.reason,
    placedBy: h.placed_by_name,
    placedAt: h.placed_at,
    liftedBy: h.lifted_by_name,
    liftedAt: h.lifted_at,
    liftReason: h.lift_reason,
  };
}

function certificateView(
  c: {
    id: number;
    record_type: string;
    rule: string;
    cutoff: string;
    disposed_count: number;
    held_count: number;
    batches: number;
    id_ranges: string;
    ids_sha256: string;
    finished_at: string;
    audit_seq: number;
  },
  by: string | null,
): DisposalCertificateView {
  return {
    id: Number(c.id),
    subject: c.record_type as RecordSubject,
    rule: c.rule,
    cutoff: c.cutoff,
    disposed: Number(c.disposed_count),
    held: Number(c.held_count),
    batches: Number(c.batches),
    idRanges: c.id_ranges,
    idsSha256: c.ids_sha256,
    finishedAt: c.finished_at,
    by: by ?? 'The daily disposal job',
    auditSeq: Number(c.audit_seq),
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
