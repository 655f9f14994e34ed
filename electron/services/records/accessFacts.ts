/** Gathers what the record policy decides on: roles, department, current training, break-glass grants (live, or ended early). */
import type { ServiceContext } from '../context.js';
import type { Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import type { AccessFacts } from '../policy/recordAbility.js';
import { keptAccess, type AccessRows } from '../auth/accessCache.js';
import { grantEndWords, grantsWithState } from '../policy/breakGlassGrants.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../contract/records.js';

/** The rows behind the facts, read now. */
async function loadAccessRows(ctx: ServiceContext, training: TrainingService, principal: Principal, now: Date): Promise<AccessRows> {
  const at = now.toISOString();
  return {
    loadedAt: now.getTime(),
    dueDays: await training.dueDays(),
    curriculum: await training.curriculumRows(principal),
    grants: await grantsWithState(ctx.db, at).where('g.staff_id', '=', principal.id).where('g.expires_at', '>', at).execute(),
  };
}

export async function accessFacts(ctx: ServiceContext, training: TrainingService, principal: Principal): Promise<AccessFacts> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  // Kept with the session's person until their access version changes (accessCache.ts); read again if the clock went back.
  const rows = await keptAccess(
    principal,
    'rows',
    () => loadAccessRows(ctx, training, principal, now),
    (kept) => kept.loadedAt <= now.getTime(),
  );
  const curriculum = training.curriculumFromRows(principal, rows.curriculum, rows.dueDays, now);
  // Grants still within their hours: live ones open their record, ended ones explain a refusal.
  const grants = rows.grants
    .filter((g) => g.expires_at > at)
    .filter((g): g is typeof g & { record_type: RecordSubject } => (RECORD_SUBJECTS as readonly string[]).includes(g.record_type));
  return {
    roles: principal.roles,
    departmentId: principal.departmentId,
    departmentName: principal.departmentName,
    training: curriculum.map((e) => ({
      number: e.number,
      title: e.title,
      version: e.lastCompletion?.version ?? e.version,
      status: e.status,
      current: e.current,
      stale: e.stale,
      expiresAt: e.expiresAt,
      certificateId: e.current ? (e.lastCompletion?.certificateId ?? null) : null,
    })),
    grants: grants
      .filter((g) => g.ended_because === null)
      .map((g) => ({ grantId: Number(g.id), subject: g.record_type, recordId: Number(g.record_id), expiresAt: g.expires_at })),
    endedGrants: grants
      .filter((g) => g.ended_because !== null)
      .map((g) => ({ grantId: Number(g.id), subject: g.record_type, recordId: Number(g.record_id), why: grantEndWords(g)! })),
  };
}
