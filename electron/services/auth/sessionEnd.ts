import type { Actor } from '../audit/auditLog.js';
import type { ServiceContext } from '../context.js';

/** Ends a session once (a second end changes nothing and writes no entry), with its audit entry. */
export async function endSession(ctx: ServiceContext, sessionId: string, actor: Actor, workstation: string, reason: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('sessions')
      .set({ state: 'ended', ended_at: ctx.clock.now().toISOString(), end_reason: reason })
      .where('id', '=', sessionId)
      .where('state', '!=', 'ended')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return;
    await ctx.audit.append(trx, {
      actor,
      workstation,
      event: 'auth.sign_out',
      outcome: 'allowed',
      resource: { type: 'session', id: sessionId.slice(0, 12) },
      reason,
    });
  });
}
