/**
 * Administrators: which database this workstation uses, and pointing it at a PostgreSQL server
 * (tested before it is stored) or back to the embedded file, from the next start.
 */
import type { DatabaseStatus } from '../contract/admin.js';
import type { Caller } from './caller.js';
import type { ServiceContext } from './context.js';
import { describeUrl, testConnection, withPassword, withoutPassword } from './databaseSetting.js';
import { authorize } from './policy/authorize.js';
import { actorOf, type Principal } from './staff/principal.js';

export interface RunningDatabase {
  /** Where the data lives now, for messages (never with a password). */
  location: string;
  /** CLEARANCE_DATABASE_URL was set at start-up; it wins over the stored setting. */
  fromEnvironment: boolean;
}

type Status = DatabaseStatus;
type DatabaseChoice = { kind: 'postgres'; url: string; password: string } | { kind: 'embedded' };

export class WorkstationSettingsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly running: RunningDatabase,
  ) {}

  async databaseStatus(principal: Principal, { workstation }: Caller): Promise<Status> {
    await authorize(this.ctx, principal, workstation, 'read', 'Settings');
    return this.status();
  }

  async setDatabase(principal: Principal, choice: DatabaseChoice, { workstation }: Caller): Promise<Status> {
    const { desktop, audit } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'manage', 'Settings');
    if (choice.kind === 'postgres') {
      await testConnection(withPassword(choice.url, choice.password));
      await desktop.storeDatabaseSetting({ url: withoutPassword(choice.url), password: choice.password });
    } else {
      await desktop.storeDatabaseSetting(null);
    }
    await audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'admin.database_setting',
      outcome: 'allowed',
      resource: { type: 'workstation', id: workstation },
      reason:
        choice.kind === 'postgres'
          ? `workstation pointed at ${describeUrl(withoutPassword(choice.url))} from the next start`
          : 'workstation returns to the embedded database from the next start',
    });
    return this.status();
  }

  private status(): Status {
    return {
      dialect: this.ctx.dialect,
      location: this.running.location,
      storedUrl: this.ctx.desktop.storedDatabaseUrl(),
      fromEnvironment: this.running.fromEnvironment,
    };
  }
}
