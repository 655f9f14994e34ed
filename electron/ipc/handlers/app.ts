import type { Handler } from '../router.js';

export const appHandlers: { 'app.privacyStatement': Handler<'app.privacyStatement'>; 'app.savePagePdf': Handler<'app.savePagePdf'> } = {
  'app.privacyStatement': async (_input, ctx) => ctx.services.app.privacyStatement(),
  'app.savePagePdf': async (input, ctx) => ctx.services.app.savePagePdf(ctx.session.principal, input.title, ctx.caller),
};
