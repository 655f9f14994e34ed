import type { Handler } from '../router.js';

export const setupHandlers: {
  'setup.status': Handler<'setup.status'>;
  'setup.complete': Handler<'setup.complete'>;
  'setup.openDemo': Handler<'setup.openDemo'>;
} = {
  'setup.status': async (_input, ctx) => ctx.services.setup.status(),
  'setup.complete': async (input, ctx) => {
    // As at sign-in: the window holds no session while the setup runs, whatever the outcome.
    ctx.unbindSession();
    const { sessionId, view } = await ctx.services.setup.complete(ctx.session, input, ctx.caller);
    ctx.bindSession(sessionId);
    return view;
  },
  'setup.openDemo': async (_input, ctx) => ctx.services.setup.openDemo(ctx.caller),
};
