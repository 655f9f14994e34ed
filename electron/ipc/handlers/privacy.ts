import { toAuditEntryView, accessesTo, allMatching, recordsAboutPerson, searchAudit } from '../../services/audit/auditQueries.js';
import { AppError } from '../../services/errors.js';
import { authorize } from '../../services/policy/authorize.js';
import { toCsv } from '../../services/export/csv.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../services/policy/recordRules.js';
import type { Handler } from '../router.js';
import type { SessionContext } from '../context.js';

const view = toAuditEntryView;

const who = (ctx: SessionContext) => ({ id: ctx.session.principal.id, username: ctx.session.principal.username });

async function reviewItems(ctx: SessionContext, status: 'pending' | 'all', grantId?: number) {
  const { db, clock } = ctx.services.ctx;
  let q = db
    .selectFrom('break_glass_grants as g')
    .innerJoin('staff as s', 's.id', 'g.staff_id')
    .leftJoin('staff as r', 'r.id', 'g.reviewer_id')
    .select([
      'g.id',
      's.display_name',
      's.username',
      'g.staff_id',
      'g.record_type',
      'g.record_id',
      'g.reason',
      'g.denied_because',
      'g.granted_at',
      'g.expires_at',
      'g.review_status',
      'r.display_name as reviewer',
      'g.reviewed_at',
      'g.review_note',
    ])
    .orderBy('g.granted_at');
  if (status === 'pending') q = q.where('g.review_status', '=', 'pending');
  if (grantId) q = q.where('g.id', '=', grantId);
  const rows = await q.limit(500).execute();
  const now = clock.now().getTime();
  const out = [];
  for (const g of rows) {
    const accesses = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actor_id', '=', g.staff_id)
      .where('event', '=', 'record.open')
      .where('resource_type', '=', g.record_type)
      .where('resource_id', '=', String(g.record_id))
      .where('at', '>=', g.granted_at)
      .where('at', '<=', g.expires_at)
      .executeTakeFirstOrThrow();
    out.push({
      grantId: Number(g.id),
      person: g.display_name,
      username: g.username,
      subject: g.record_type as RecordSubject,
      recordId: Number(g.record_id),
      reason: g.reason,
      deniedBecause: g.denied_because,
      grantedAt: g.granted_at,
      expiresAt: g.expires_at,
      ageHours: Math.floor((now - new Date(g.granted_at).getTime()) / 3_600_000),
      status: g.review_status,
      reviewer: g.reviewer,
      reviewedAt: g.reviewed_at,
      reviewNote: g.review_note,
      accessesDuringGrant: Number(accesses.n),
    });
  }
  return out.filter((i) => (RECORD_SUBJECTS as readonly string[]).includes(i.subject));
}

export const privacyHandlers: {
  'audit.search': Handler<'audit.search'>;
  'audit.verify': Handler<'audit.verify'>;
  'audit.whoAccessed': Handler<'audit.whoAccessed'>;
  'audit.export': Handler<'audit.export'>;
  'review.queue': Handler<'review.queue'>;
  'review.decide': Handler<'review.decide'>;
} = {
  'audit.search': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'AuditTrail');
    const r = await searchAudit(db, input.filter, input.page, input.pageSize);
    // Reading the audit trail is itself audited (PCI DSS 10.2.1.3).
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'audit.read',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: 'privacy officer search',
      details: { filter: input.filter, page: input.page, total: r.total },
    });
    return { entries: r.entries.map(view), total: r.total, page: input.page, pageSize: input.pageSize };
  },

  'audit.verify': async (_input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'verify', 'AuditTrail');
    const r = await ctx.services.audit.verify(db);
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
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
  },

  'audit.whoAccessed': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'AuditTrail');
    const records = await recordsAboutPerson(db, input.person);
    const accesses = await accessesTo(db, records);
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'audit.who_accessed',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: "privacy officer: who accessed this person's data",
      details: { query: input.person, records: records.length, accesses: accesses.length },
    });
    return { records, accesses: accesses.map(view) };
  },

  'audit.export': async (input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'export', 'AuditTrail');
    const entries = (await allMatching(db, input.filter)).map(view);
    const now = clock.now().toISOString();
    const { principal } = ctx.session;
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
    const path = await ctx.desktop.saveFile(ctx.caller.senderKey, `clearance-audit-${now.slice(0, 10)}.${input.format}`, content);
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'audit.export',
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: `exported ${entries.length} entries as ${input.format.toUpperCase()}`,
      details: { filter: input.filter, rows: entries.length },
    });
    return { saved: true, path, rows: entries.length };
  },

  'review.queue': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'BreakGlassReview');
    return { items: await reviewItems(ctx, input.status) };
  },

  'review.decide': async (input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'review', 'BreakGlassReview');
    const grant = await db.selectFrom('break_glass_grants').selectAll().where('id', '=', input.grantId).executeTakeFirst();
    if (!grant) throw new AppError('NOT_FOUND', 'There is no break-glass access with that number.');
    if (grant.review_status !== 'pending') throw new AppError('CONFLICT', 'This break-glass access has already been reviewed.');
    if (Number(grant.staff_id) === ctx.session.principal.id)
      throw new AppError('FORBIDDEN', 'You cannot review your own break-glass access; another privacy officer must.');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('break_glass_grants')
        .set({
          review_status: input.outcome,
          reviewer_id: ctx.session.principal.id,
          reviewed_at: clock.now().toISOString(),
          review_note: input.note ?? null,
        })
        .where('id', '=', input.grantId)
        .where('review_status', '=', 'pending')
        .execute();
      await ctx.services.audit.append(trx, {
        actor: who(ctx),
        workstation: ctx.caller.workstation,
        event: 'break_glass.review',
        outcome: 'allowed',
        resource: { type: grant.record_type, id: grant.record_id },
        reason: `break-glass #${grant.id} judged ${input.outcome}${input.note ? `: ${input.note}` : ''}`,
        details: { grantId: Number(grant.id), outcome: input.outcome },
      });
    });
    return (await reviewItems(ctx, 'all', input.grantId))[0]!;
  },
};
