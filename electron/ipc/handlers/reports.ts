import type { Handler } from '../router.js';

export const reportsHandlers: {
  'reports.certification': Handler<'reports.certification'>;
  'reports.exportCertification': Handler<'reports.exportCertification'>;
} = {
  'reports.certification': async (input, ctx) => ctx.services.reports.certification(ctx.session.principal, input, ctx.caller),
  'reports.exportCertification': async (input, ctx) => ctx.services.reports.exportCertification(ctx.session.principal, input, ctx.caller),
};
