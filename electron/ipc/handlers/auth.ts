import type { Handler } from '../router.js';

export const authHandlers: {
  'auth.signIn': Handler<'auth.signIn'>;
  'auth.current': Handler<'auth.current'>;
  'auth.activity': Handler<'auth.activity'>;
  'auth.unlock': Handler<'auth.unlock'>;
  'auth.changePassword': Handler<'auth.changePassword'>;
  'auth.verifyCode': Handler<'auth.verifyCode'>;
  'auth.stepUp': Handler<'auth.stepUp'>;
  'auth.secondFactor': Handler<'auth.secondFactor'>;
  'auth.beginEnrolment': Handler<'auth.beginEnrolment'>;
  'auth.confirmEnrolment': Handler<'auth.confirmEnrolment'>;
  'auth.regenerateRecoveryCodes': Handler<'auth.regenerateRecoveryCodes'>;
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
  // A lockout while unlocking ends the session; the router unbinds the window (as for every prompt).
  'auth.unlock': async (input, ctx) => ctx.services.auth.unlock(ctx.session, input.password, ctx.caller),
  'auth.changePassword': async (input, ctx) =>
    ctx.services.auth.changePassword(ctx.session, input.currentPassword, input.newPassword, ctx.caller),
  'auth.verifyCode': async (input, ctx) => ctx.services.auth.verifyCode(ctx.session, input, ctx.caller),
  'auth.stepUp': async (input, ctx) => ctx.services.secondFactors.stepUp(ctx.session, input, ctx.caller),
  'auth.secondFactor': async (_input, ctx) => ctx.services.secondFactors.status(ctx.session.principal),
  'auth.beginEnrolment': async (_input, ctx) => ctx.services.secondFactors.beginEnrolment(ctx.session, ctx.caller),
  'auth.confirmEnrolment': async (input, ctx) => ctx.services.secondFactors.confirmEnrolment(ctx.session, input.code, ctx.caller),
  'auth.regenerateRecoveryCodes': async (_input, ctx) =>
    ctx.services.secondFactors.regenerateRecoveryCodes(ctx.session.principal, ctx.caller),
  'auth.signOut': async (_input, ctx) => {
    const result = await ctx.services.auth.signOut(ctx.session, ctx.caller);
    ctx.unbindSession();
    return result;
  },
};
