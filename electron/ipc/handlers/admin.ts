import type { Handler } from '../router.js';

export const adminHandlers: {
  'admin.databaseStatus': Handler<'admin.databaseStatus'>;
  'admin.setDatabase': Handler<'admin.setDatabase'>;
} = {
  'admin.databaseStatus': async (_input, ctx) => ctx.services.settings.databaseStatus(ctx.session.principal, ctx.caller),
  'admin.setDatabase': async (input, ctx) => ctx.services.settings.setDatabase(ctx.session.principal, input, ctx.caller),
};
