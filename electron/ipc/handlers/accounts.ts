import type { Handler } from '../router.js';

type AccountChannels =
  | 'accounts.list'
  | 'accounts.person'
  | 'accounts.create'
  | 'accounts.edit'
  | 'accounts.rolePreview'
  | 'accounts.changeRole'
  | 'accounts.roleRequests'
  | 'accounts.decideRoleRequest'
  | 'accounts.unlock'
  | 'accounts.resetPassword'
  | 'accounts.resetSecondFactor'
  | 'accounts.setEnabled'
  | 'accounts.endSessions';

export const accountsHandlers: { [C in AccountChannels]: Handler<C> } = {
  'accounts.list': async (input, ctx) => ctx.services.accounts.list(ctx.session.principal, input, ctx.caller),
  'accounts.person': async (input, ctx) => ctx.services.accounts.detail(ctx.session.principal, input.username, ctx.caller),
  'accounts.create': async (input, ctx) => ctx.services.accounts.create(ctx.session.principal, input, ctx.caller),
  'accounts.edit': async (input, ctx) => ctx.services.accounts.edit(ctx.session.principal, input, ctx.caller),
  'accounts.rolePreview': async (input, ctx) => ctx.services.accounts.rolePreview(ctx.session.principal, input, ctx.caller),
  'accounts.changeRole': async (input, ctx) => ctx.services.accounts.changeRole(ctx.session.principal, input, ctx.caller),
  'accounts.roleRequests': async (_input, ctx) => ctx.services.accounts.roleRequests(ctx.session.principal, ctx.caller),
  'accounts.decideRoleRequest': async (input, ctx) => ctx.services.accounts.decideRoleRequest(ctx.session.principal, input, ctx.caller),
  'accounts.unlock': async (input, ctx) => ctx.services.accounts.unlock(ctx.session.principal, input, ctx.caller),
  'accounts.resetPassword': async (input, ctx) => ctx.services.accounts.resetPassword(ctx.session.principal, input, ctx.caller),
  'accounts.resetSecondFactor': async (input, ctx) => ctx.services.accounts.resetSecondFactor(ctx.session.principal, input, ctx.caller),
  'accounts.setEnabled': async (input, ctx) => ctx.services.accounts.setEnabled(ctx.session.principal, input, ctx.caller),
  'accounts.endSessions': async (input, ctx) => ctx.services.accounts.endSessions(ctx.session.principal, input, ctx.caller),
};
