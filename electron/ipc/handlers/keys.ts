import type { Handler } from '../router.js';

export const keysHandlers: {
  'keys.thisWorkstation': Handler<'keys.thisWorkstation'>;
  'keys.overview': Handler<'keys.overview'>;
  'keys.acknowledgeCustodian': Handler<'keys.acknowledgeCustodian'>;
  'keys.approveEnrolment': Handler<'keys.approveEnrolment'>;
  'keys.refuseEnrolment': Handler<'keys.refuseEnrolment'>;
  'keys.retireWorkstation': Handler<'keys.retireWorkstation'>;
  'keys.requestRotation': Handler<'keys.requestRotation'>;
  'keys.confirmRotation': Handler<'keys.confirmRotation'>;
  'keys.renewEnrolment': Handler<'keys.renewEnrolment'>;
} = {
  'keys.thisWorkstation': async (_input, ctx) => ctx.services.keyAdmin.thisWorkstation(),
  'keys.overview': async (_input, ctx) => ctx.services.keyAdmin.overview(ctx.session.principal, ctx.caller),
  'keys.acknowledgeCustodian': async (input, ctx) =>
    ctx.services.keyAdmin.acknowledgeCustodian(ctx.session.principal, input.signature, ctx.caller),
  'keys.approveEnrolment': async (input, ctx) =>
    ctx.services.keyAdmin.approveEnrolment(ctx.session.principal, input.workstationId, input.fingerprint, ctx.caller),
  'keys.refuseEnrolment': async (input, ctx) =>
    ctx.services.keyAdmin.refuseEnrolment(ctx.session.principal, input.workstationId, input.reason, ctx.caller),
  'keys.retireWorkstation': async (input, ctx) =>
    ctx.services.keyAdmin.retireWorkstation(ctx.session.principal, input.workstationId, ctx.caller),
  'keys.requestRotation': async (_input, ctx) => ctx.services.keyAdmin.requestRotation(ctx.session.principal, ctx.caller),
  'keys.confirmRotation': async (input, ctx) => ctx.services.keyAdmin.confirmRotation(ctx.session.principal, input.rotationId, ctx.caller),
  'keys.renewEnrolment': async (_input, ctx) => ctx.services.keyAdmin.renewEnrolment(ctx.session.principal, ctx.caller),
};
