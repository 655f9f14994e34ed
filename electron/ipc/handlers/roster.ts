import { authorize } from '../../services/policy/authorize.js';
import { applyRoster, previewRoster } from '../../services/staff/rosterService.js';
import type { Handler } from '../router.js';

export const rosterHandlers: { 'roster.preview': Handler<'roster.preview'>; 'roster.apply': Handler<'roster.apply'> } = {
  'roster.preview': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'Roster');
    const { errors, changes, counts } = await previewRoster(db, input.csv);
    return { errors, changes, counts };
  },
  'roster.apply': async (input, ctx) => {
    await authorize(ctx.services.ctx.db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'manage', 'Roster');
    return applyRoster(ctx.services.ctx, ctx.session.principal, input.csv, ctx.caller.workstation);
  },
};
