/** Gathers what the record policy decides on: roles, department, current training, break-glass grants (live, or ended early). */
import type { ServiceContext } from '../context.js';
import type { Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import type { AccessFacts } from '../policy/recordAbility.js';
import { grantEndWords, grantsWithState } from '../policy/breakGlassGrants.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../contract/records.js';

export async function accessFacts(ctx: ServiceContext, training: TrainingService, principal: Principal): Promise<AccessFacts> {
  const curriculum = await training.curriculum(principal);
  const now = ctx.clock.now().toISOString();
  // Grants still within their hours: live ones open their record, ended ones explain a refusal.
  const grants = (
    await grantsWithState(ctx.db, now).where('g.staff_id', '=', principal.id).where('g.expires_at', '>', now).execute()
  ).filter((g): g is typeof g & { record_type: RecordSubject } => (RECORD_SUBJECTS as readonly string[]).includes(g.record_type));
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
