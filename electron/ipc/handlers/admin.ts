import type { Handler } from '../router.js';

export const adminHandlers: {
  'admin.databaseStatus': Handler<'admin.databaseStatus'>;
  'admin.setDatabase': Handler<'admin.setDatabase'>;
  'admin.auditWitness': Handler<'admin.auditWitness'>;
  'admin.setAuditWitness': Handler<'admin.setAuditWitness'>;
  'admin.setCheckpointInterval': Handler<'admin.setCheckpointInterval'>;
} = {
  'admin.databaseStatus': async (_input, ctx) => ctx.services.settings.databaseStatus(ctx.session.principal, ctx.caller),
  'admin.setDatabase': async (input, ctx) => ctx.services.settings.setDatabase(ctx.session.principal, input, ctx.caller),
  'admin.auditWitness': async (_input, ctx) => ctx.services.auditIntegrity.witnessSettings(ctx.session.principal, ctx.caller),
  'admin.setAuditWitness': async (input, ctx) =>
    ctx.services.auditIntegrity.setWitnessFolder(ctx.session.principal, input.folder, ctx.caller),
  'admin.setCheckpointInterval': async (input, ctx) =>
    ctx.services.auditIntegrity.setCheckpointInterval(ctx.session.principal, input.minutes, ctx.caller),
};
