import type { Handler } from '../router.js';

export const monitoringHandlers: {
  'monitoring.alerts': Handler<'monitoring.alerts'>;
  'monitoring.alert': Handler<'monitoring.alert'>;
  'monitoring.decide': Handler<'monitoring.decide'>;
  'monitoring.run': Handler<'monitoring.run'>;
  'monitoring.suppress': Handler<'monitoring.suppress'>;
  'monitoring.suppressions': Handler<'monitoring.suppressions'>;
  'monitoring.liftSuppression': Handler<'monitoring.liftSuppression'>;
  'monitoring.watchList': Handler<'monitoring.watchList'>;
  'monitoring.watchAdd': Handler<'monitoring.watchAdd'>;
  'monitoring.watchRemove': Handler<'monitoring.watchRemove'>;
  'monitoring.rules': Handler<'monitoring.rules'>;
  'monitoring.saveRule': Handler<'monitoring.saveRule'>;
  'monitoring.saveHours': Handler<'monitoring.saveHours'>;
  'monitoring.notices': Handler<'monitoring.notices'>;
  'monitoring.acknowledgeNotice': Handler<'monitoring.acknowledgeNotice'>;
} = {
  'monitoring.alerts': async (input, ctx) => ctx.services.monitoring.alerts(ctx.session.principal, input, ctx.caller),
  'monitoring.alert': async (input, ctx) => ctx.services.monitoring.alert(ctx.session.principal, input.alertId, ctx.caller),
  'monitoring.decide': async (input, ctx) => ctx.services.monitoring.decide(ctx.session.principal, input, ctx.caller),
  'monitoring.run': async (_input, ctx) => ctx.services.monitoring.runNow(ctx.session.principal, ctx.caller),
  'monitoring.suppress': async (input, ctx) => ctx.services.monitoring.suppress(ctx.session.principal, input, ctx.caller),
  'monitoring.suppressions': async (_input, ctx) => ctx.services.monitoring.suppressions(ctx.session.principal, ctx.caller),
  'monitoring.liftSuppression': async (input, ctx) =>
    ctx.services.monitoring.liftSuppression(ctx.session.principal, input.suppressionId, ctx.caller),
  'monitoring.watchList': async (_input, ctx) => ctx.services.monitoring.watchList(ctx.session.principal, ctx.caller),
  'monitoring.watchAdd': async (input, ctx) => ctx.services.monitoring.watchAdd(ctx.session.principal, input, ctx.caller),
  'monitoring.watchRemove': async (input, ctx) => ctx.services.monitoring.watchRemove(ctx.session.principal, input.entryId, ctx.caller),
  'monitoring.rules': async (_input, ctx) => ctx.services.monitoring.rules(ctx.session.principal, ctx.caller),
  'monitoring.saveRule': async (input, ctx) => ctx.services.monitoring.saveRule(ctx.session.principal, input, ctx.caller),
  'monitoring.saveHours': async (input, ctx) => ctx.services.monitoring.saveHours(ctx.session.principal, input, ctx.caller),
  'monitoring.notices': async (_input, ctx) => ctx.services.monitoring.notices(ctx.session.principal, ctx.caller),
  'monitoring.acknowledgeNotice': async (input, ctx) =>
    ctx.services.monitoring.acknowledgeNotice(ctx.session.principal, input.noticeId, ctx.caller),
};
