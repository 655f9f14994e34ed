import type { Handler } from '../router.js';

export const dashboardHandlers: {
  'dashboard.privacy': Handler<'dashboard.privacy'>;
  'dashboard.evidencePack': Handler<'dashboard.evidencePack'>;
} = {
  'dashboard.privacy': async (_input, ctx) => ctx.services.dashboard.privacy(ctx.session.principal, ctx.caller),
  'dashboard.evidencePack': async (_input, ctx) => ctx.services.evidencePack.write(ctx.session.principal, ctx.caller),
};
