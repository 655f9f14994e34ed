import type { Handler } from '../router.js';
import { toSessionView } from './sessionView.js';
import type { PublicContext } from '../context.js';
import type { ResolvedSession } from '../../services/auth/authService.js';

/** A desktop notification at sign-in listing overdue or expired training. */
async function notifyOverdueTraining(ctx: PublicContext, resolved: ResolvedSession): Promise<void> {
  const late = (await ctx.services.training.curriculum(resolved.principal)).filter((e) => e.status === 'overdue' || e.status === 'expired');
  if (late.length === 0) return;
  const titles = late.map((e) => `${e.number}. ${e.title}`).join('; ');
  ctx.desktop.notify(ctx.caller.senderKey, late.length === 1 ? 'Training overdue' : `${late.length} training modules overdue`, titles);
}

export const authHandlers: {
  'auth.signIn': Handler<'auth.signIn'>;
  'auth.current': Handler<'auth.current'>;
  'auth.activity': Handler<'auth.activity'>;
  'auth.unlock': Handler<'auth.unlock'>;
  'auth.changePassword': Handler<'auth.changePassword'>;
  'auth.signOut': Handler<'auth.signOut'>;
} = {
  'auth.signIn': async (input, ctx) => {
    if (ctx.session) await ctx.services.auth.signOut(ctx.session, ctx.caller.workstation);
    ctx.unbindSession();
    const resolved = await ctx.services.auth.signIn(input.username, input.password, ctx.caller.workstation);
    ctx.bindSession(resolved.session.id);
    await notifyOverdueTraining(ctx, resolved);
    return toSessionView(ctx.services, resolved);
  },
  'auth.current': async (_input, ctx) => (ctx.session ? toSessionView(ctx.services, ctx.session) : null),
  'auth.activity': async (_input, ctx) => ({ idleExpiresAt: ctx.services.auth.idleExpiresAt(ctx.session.session) }),
  'auth.unlock': async (input, ctx) => {
    try {
      return toSessionView(ctx.services, await ctx.services.auth.unlock(ctx.session, input.password, ctx.caller.workstation));
    } catch (error) {
      // A lockout while unlocking ends the session; the window must sign in again.
      if (error instanceof Error && 'code' in error && error.code === 'LOCKED_OUT') ctx.unbindSession();
      throw error;
    }
  },
  'auth.changePassword': async (input, ctx) =>
    toSessionView(
      ctx.services,
      await ctx.services.auth.changePassword(ctx.session, input.currentPassword, input.newPassword, ctx.caller.workstation),
    ),
  'auth.signOut': async (_input, ctx) => {
    await ctx.services.auth.signOut(ctx.session, ctx.caller.workstation);
    ctx.unbindSession();
    return { signedOut: true as const };
  },
};
