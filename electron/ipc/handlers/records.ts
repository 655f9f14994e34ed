import type { Handler } from '../router.js';

export const recordsHandlers: {
  'records.myAccess': Handler<'records.myAccess'>;
  'records.list': Handler<'records.list'>;
  'records.open': Handler<'records.open'>;
  'records.reveal': Handler<'records.reveal'>;
  'records.process': Handler<'records.process'>;
  'records.breakGlass': Handler<'records.breakGlass'>;
  'records.export': Handler<'records.export'>;
  'records.correct': Handler<'records.correct'>;
} = {
  'records.myAccess': async (_input, ctx) => ctx.services.records.myAccess(ctx.session.principal),
  'records.list': async (input, ctx) => ctx.services.records.list(ctx.session.principal, input, ctx.caller),
  'records.open': async (input, ctx) =>
    ctx.services.records.open(ctx.session.principal, input.subject, input.id, input.purpose, ctx.caller),
  'records.reveal': async (input, ctx) =>
    ctx.services.records.reveal(ctx.session.principal, input.subject, input.id, input.field, ctx.caller),
  'records.process': async (input, ctx) => ctx.services.records.process(ctx.session.principal, input.id, ctx.caller),
  'records.breakGlass': async (input, ctx) =>
    ctx.services.records.breakGlass(ctx.session.principal, input.subject, input.id, input.reason, input.password, ctx.caller),
  'records.export': async (input, ctx) => ctx.services.records.export(ctx.session.principal, input, ctx.caller),
  'records.correct': async (input, ctx) => ctx.services.records.correct(ctx.session.principal, input, ctx.caller),
};
