import type { Handler } from '../router.js';

export const retentionHandlers: {
  'retention.overview': Handler<'retention.overview'>;
  'retention.setPeriod': Handler<'retention.setPeriod'>;
  'retention.placeHold': Handler<'retention.placeHold'>;
  'retention.liftHold': Handler<'retention.liftHold'>;
  'retention.dispose': Handler<'retention.dispose'>;
} = {
  'retention.overview': async (_input, ctx) => ctx.services.retention.overview(ctx.session.principal, ctx.caller),
  'retention.setPeriod': async (input, ctx) => ctx.services.retention.setPeriod(ctx.session.principal, input, ctx.caller),
  'retention.placeHold': async (input, ctx) => ctx.services.retention.placeHold(ctx.session.principal, input, ctx.caller),
  'retention.liftHold': async (input, ctx) => ctx.services.retention.liftHold(ctx.session.principal, input, ctx.caller),
  'retention.dispose': async (_input, ctx) => ctx.services.retention.dispose(ctx.session.principal, ctx.caller),
};
