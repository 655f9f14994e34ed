import { describeUrl, testConnection, withPassword, withoutPassword } from '../../services/databaseSetting.js';
import { authorize } from '../../services/policy/authorize.js';
import type { Handler } from '../router.js';
import type { SessionContext } from '../context.js';

function status(ctx: SessionContext) {
  const { handle } = ctx.services;
  return {
    dialect: handle.dialect,
    location: handle.location,
    storedUrl: ctx.desktop.storedDatabaseUrl(),
    fromEnvironment: Boolean(process.env.CLEARANCE_DATABASE_URL),
  };
}

export const adminHandlers: {
  'admin.databaseStatus': Handler<'admin.databaseStatus'>;
  'admin.setDatabase': Handler<'admin.setDatabase'>;
} = {
  'admin.databaseStatus': async (_input, ctx) => {
    await authorize(ctx.services.ctx.db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'Settings');
    return status(ctx);
  },
  'admin.setDatabase': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'manage', 'Settings');
    if (input.kind === 'postgres') {
      await testConnection(withPassword(input.url, input.password));
      await ctx.desktop.storeDatabaseSetting({ url: withoutPassword(input.url), password: input.password });
    } else {
      await ctx.desktop.storeDatabaseSetting(null);
    }
    await ctx.services.audit.append(db, {
      actor: { id: ctx.session.principal.id, username: ctx.session.principal.username },
      workstation: ctx.caller.workstation,
      event: 'admin.database_setting',
      outcome: 'allowed',
      resource: { type: 'workstation', id: ctx.caller.workstation },
      reason:
        input.kind === 'postgres'
          ? `workstation pointed at ${describeUrl(withoutPassword(input.url))} from the next start`
          : 'workstation returns to the embedded database from the next start',
    });
    return status(ctx);
  },
};
