import type { Handler } from '../router.js';

export const rosterHandlers: { 'roster.preview': Handler<'roster.preview'>; 'roster.apply': Handler<'roster.apply'> } = {
  'roster.preview': async (input, ctx) => ctx.services.roster.preview(ctx.session.principal, input.csv, ctx.caller),
  'roster.apply': async (input, ctx) => ctx.services.roster.apply(ctx.session.principal, input.csv, input.confirmedRegrants, ctx.caller),
};
