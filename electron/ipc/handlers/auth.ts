import type { Handler } from '../router.js';

export const authHandlers: {
  'auth.signIn': Handler<'auth.signIn'>;
  'auth.current': Handler<'auth.current'>;
  'auth.activity': Handler<'auth.activity'>;
  'auth.unlock': Handler<'auth.unlock'>;
  'auth.changePassword': Handler<'auth.changePassword'>;
  'auth.signOut': Handler<'auth.signOut'>;
} = {
  'auth.signIn': async (input, ctx) => {
    // The window holds no session while signing in, whatever the outcome.
    ctx.unbindSession();
    const { sessionId, view } = await ctx.services.auth.signIn(ctx.session, input.username, input.password, ctx.caller);
    ctx.bindSession(sessionId);
    return view;
  },
  'auth.current': async (_input, ctx) => ctx.services.auth.current(ctx.session),
  'auth.activity': async (_input, ctx) => ctx.services.auth.activity(ctx.session),
  'auth.unlock': async (input, ctx) => {
    try {
      return await ctx.services.auth.unlock(ctx.session, input.password, ctx.caller);
    } catch (error) {
      // A lockout while unlocking ends the session; the window must sign in again.
      if (error instanceof Error && 'code' in error && error.code === 'LOCKED_OUT') ctx.unbindSession();
      throw error;
    }
  },
  'auth.changePassword': async (input, ctx) =>
    ctx.services.auth.changePassword(ctx.session, input.currentPassword, input.newPassword, ctx.caller),
  'auth.signOut': async (_input, ctx) => {
    const result = await ctx.services.auth.signOut(ctx.session, ctx.caller);
    ctx.unbindSession();
    return result;
  },
};
