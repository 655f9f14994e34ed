import type { Handler } from '../router.js';

export const siemHandlers: {
  'siem.status': Handler<'siem.status'>;
  'siem.test': Handler<'siem.test'>;
  'siem.save': Handler<'siem.save'>;
  'siem.turnOff': Handler<'siem.turnOff'>;
} = {
  'siem.status': async (_input, ctx) => ctx.services.siem.status(ctx.session.principal, ctx.caller),
  'siem.test': async (input, ctx) => ctx.services.siem.test(ctx.session.principal, input.settings, ctx.caller),
  'siem.save': async (input, ctx) => ctx.services.siem.save(ctx.session.principal, input.settings, ctx.caller),
  'siem.turnOff': async (_input, ctx) => ctx.services.siem.turnOff(ctx.session.principal, ctx.caller),
};
