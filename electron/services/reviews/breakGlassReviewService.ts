/**
 * The privacy officer's review of break-glass access: the queue (each grant with how often the
 * record was opened under it) and the judgement, which is audited with the change it records.
 */
import { sql } from 'kysely';
import type { BreakGlassItem } from '../../contract/privacy.js';
import { RECORD_SUBJECTS } from '../../contract/records.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { HOUR } from '../clock.js';
import { AppError } from '../errors.js';
import { authorize } from '../policy/authorize.js';
import { grantEndWords, grantsWithState } from '../policy/breakGlassGrants.js';
import { actorOf, type Principal } from '../staff/principal.js';

export class BreakGlassReviewService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Grants awaiting review (or all), oldest first. */
  async queue(principal: Principal, status: 'pending' | 'all', { workstation }: Caller): Promise<{ items: BreakGlassItem[] }> {
    await authorize(this.ctx, principal, workstation, 'read', 'BreakGlassReview');
    return { items: await this.items(status) };
  }

  /** Records the outcome of one review; nobody reviews their own break-glass access. */
  async decide(
    principal: Principal,
    input: { grantId: number; outcome: 'appropriate' | 'inappropriate'; note?: string | undefined },
    { workstation }: Caller,
  ): Promise<BreakGlassItem> {
    const { db, clock, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'review', 'BreakGlassReview');
    const grant = await db.selectFrom('break_glass_grants').selectAll().where('id', '=', input.grantId).executeTakeFirst();
    if (!grant) throw new AppError('NOT_FOUND', 'There is no break-glass access with that number.');
    if (grant.review_status !== 'pending') throw new AppError('CONFLICT', 'This break-glass access has already been reviewed.');
    if (Number(grant.staff_id) === principal.id)
      throw new AppError('FORBIDDEN', 'You cannot review your own break-glass access; another privacy officer must.');
    const note = input.note?.trim() || null;
    if (input.outcome === 'inappropriate' && !note)
      throw new AppError('INVALID_INPUT', 'Say why the access was inappropriate: the note is kept with the review.', {
        note: 'Say why the access was inappropriate.',
      });
    // A live grant judged inappropriate ends at once: liveness is computed from the review status at check time.
    const [before] = await this.items('all', input.grantId);
    const endsNow = input.outcome === 'inappropriate' && before?.endedBecause === null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('break_glass_grants')
        .set({
          review_status: input.outcome,
          reviewer_id: principal.id,
          reviewed_at: clock.now().toISOString(),
          review_note: note,
        })
        .where('id', '=', input.grantId)
        .where('review_status', '=', 'pending')
        .execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'break_glass.review',
        outcome: 'allowed',
        resource: { type: grant.record_type, id: grant.record_id },
        reason: `break-glass No. ${grant.id} judged ${input.outcome}${note ? `: ${note}` : ''}${endsNow ? '; the grant ended at once' : ''}`,
        details: { grantId: Number(grant.id), outcome: input.outcome, grantEnded: endsNow },
      });
    });
    return (await this.items('all', input.grantId))[0]!;
  }

  /** One query: each grant with its person, reviewer and the record opens made under it. */
  private async items(status: 'pending' | 'all', grantId?: number): Promise<BreakGlassItem[]> {
    const { db, clock } = this.ctx;
    let q = db
      .selectFrom(grantsWithState(db, clock.now().toISOString()).as('g'))
      .innerJoin('staff as s', 's.id', 'g.staff_id')
      .leftJoin('staff as r', 'r.id', 'g.reviewer_id')
      .select((eb) => [
        'g.id',
        's.display_name',
        's.username',
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
        'g.ended_because',
        'g.end_reason',
        'g.allowed_by_role',
        eb
          .selectFrom('audit_log as a')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .whereRef('a.actor_id', '=', 'g.staff_id')
          .where('a.event', '=', 'record.open')
          .whereRef('a.resource_type', '=', 'g.record_type')
          // resource_id is text in the audit trail; the grant's record id is a number.
          .where((w) => w(w.ref('a.resource_id'), '=', sql<string>`cast(${w.ref('g.record_id')} as text)`))
          .whereRef('a.at', '>=', 'g.granted_at')
          .whereRef('a.at', '<=', 'g.expires_at')
          .as('accesses'),
      ])
      .where('g.record_type', 'in', RECORD_SUBJECTS)
      .orderBy('g.granted_at');
    if (status === 'pending') q = q.where('g.review_status', '=', 'pending');
    if (grantId) q = q.where('g.id', '=', grantId);
    const rows = await q.limit(500).execute();
    const now = clock.now().getTime();
    return rows.map((g) => ({
      grantId: Number(g.id),
      person: g.display_name,
      username: g.username,
      subject: g.record_type as BreakGlassItem['subject'],
      recordId: Number(g.record_id),
      reason: g.reason,
      deniedBecause: g.denied_because,
      grantedAt: g.granted_at,
      expiresAt: g.expires_at,
      ageHours: Math.floor((now - new Date(g.granted_at).getTime()) / HOUR),
      status: g.review_status,
      reviewer: g.reviewer,
      reviewedAt: g.reviewed_at,
      reviewNote: g.review_note,
      accessesDuringGrant: Number(g.accesses ?? 0),
      endedBecause: grantEndWords(g),
    }));
  }
}
