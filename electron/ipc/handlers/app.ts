import type { Handler } from '../router.js';

export const appHandlers: { 'app.privacyStatement': Handler<'app.privacyStatement'>; 'app.savePagePdf': Handler<'app.savePagePdf'> } = {
  'app.privacyStatement': async (_input, ctx) => ({ markdown: ctx.services.privacyStatement }),
  'app.savePagePdf': async (input, ctx) => {
    const name = `Clearance ${input.title.replace(/[^\w .-]+/g, ' ').trim()} ${ctx.services.ctx.clock.now().toISOString().slice(0, 10)}.pdf`;
    const path = await ctx.desktop.savePdf(ctx.caller.senderKey, name);
    await ctx.services.audit.append(ctx.services.ctx.db, {
      actor: { id: ctx.session.principal.id, username: ctx.session.principal.username },
      workstation: ctx.caller.workstation,
      event: 'app.page_saved',
      outcome: 'allowed',
      resource: { type: 'page', id: input.title },
      reason: path ? 'page saved as PDF' : 'save cancelled',
    });
    return { saved: path !== null, path };
  },
};
