import type { Handler } from '../router.js';

export const paymentsHandlers: {
  'payments.enter': Handler<'payments.enter'>;
  'payments.overdue': Handler<'payments.overdue'>;
} = {
  'payments.enter': async (input, ctx) => ctx.services.payments.enter(ctx.session.principal, input, ctx.caller),
  'payments.overdue': async (_input, ctx) => ctx.services.payments.overdue(ctx.session.principal),
};
