import type { Handler } from '../router.js';

export const intakeHandlers: {
  'intake.choose': Handler<'intake.choose'>;
  'intake.apply': Handler<'intake.apply'>;
  'intake.history': Handler<'intake.history'>;
  'intake.folder': Handler<'intake.folder'>;
  'intake.setFolder': Handler<'intake.setFolder'>;
  'intake.scanFolder': Handler<'intake.scanFolder'>;
} = {
  'intake.choose': async (_input, ctx) => ctx.services.intake.choose(ctx.session.principal, ctx.caller),
  'intake.apply': async (input, ctx) => ctx.services.intake.apply(ctx.session.principal, input.token, ctx.caller),
  'intake.history': async (_input, ctx) => ctx.services.intake.history(ctx.session.principal, ctx.caller),
  'intake.folder': async (_input, ctx) => ctx.services.intake.folder(ctx.session.principal, ctx.caller),
  'intake.setFolder': async (input, ctx) => ctx.services.intake.setFolder(ctx.session.principal, input.folder, ctx.caller),
  'intake.scanFolder': async (_input, ctx) => ctx.services.intake.scanFolder(ctx.session.principal, ctx.caller),
};
