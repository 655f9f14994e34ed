import type { Handler } from '../router.js';

export const privacyHandlers: {
  'audit.search': Handler<'audit.search'>;
  'audit.status': Handler<'audit.status'>;
  'audit.people': Handler<'audit.people'>;
  'audit.verify': Handler<'audit.verify'>;
  'audit.verifyWithEvidencePack': Handler<'audit.verifyWithEvidencePack'>;
  'audit.whoAccessed': Handler<'audit.whoAccessed'>;
  'audit.export': Handler<'audit.export'>;
  'review.queue': Handler<'review.queue'>;
  'review.decide': Handler<'review.decide'>;
} = {
  'audit.search': async (input, ctx) => ctx.services.auditTrail.search(ctx.session.principal, input, ctx.caller),
  'audit.people': async (input, ctx) => ctx.services.auditTrail.people(ctx.session.principal, input.query, ctx.caller),
  'audit.status': async (_input, ctx) => ctx.services.auditIntegrity.status(ctx.session.principal, ctx.caller),
  'audit.verify': async (_input, ctx) => ctx.services.auditTrail.verify(ctx.session.principal, ctx.caller),
  'audit.verifyWithEvidencePack': async (_input, ctx) => ctx.services.auditTrail.verifyWithEvidencePack(ctx.session.principal, ctx.caller),
  'audit.whoAccessed': async (input, ctx) => ctx.services.auditTrail.whoAccessed(ctx.session.principal, input.person, ctx.caller),
  'audit.export': async (input, ctx) => ctx.services.auditTrail.export(ctx.session.principal, input, ctx.caller),
  'review.queue': async (input, ctx) => ctx.services.breakGlassReviews.queue(ctx.session.principal, input.status, ctx.caller),
  'review.decide': async (input, ctx) => ctx.services.breakGlassReviews.decide(ctx.session.principal, input, ctx.caller),
};
