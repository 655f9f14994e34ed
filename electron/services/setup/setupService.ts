/**
 * First run. A database that is neither set up nor created as a demo opens on the setup: the
 * organization's name, its departments, the first administrator (who then enrols a second
 * factor) and the master key. It runs once per database: on PostgreSQL an advisory lock and the
 * one-row organization table make a second workstation's setup, even at the same moment, a
 * refusal that says who set it up. "Try the demo" instead reopens Clearance on a separate demo
 * database (the desktop shell does that).
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database, OrganizationTable } from '../../../db/schema.js';
import type { SessionView } from '../../contract/auth.js';
import type { SetupInput, SetupStatus } from '../../contract/setup.js';
import type { AuthService, ResolvedSession } from '../auth/authService.js';
import { hashPassword } from '../auth/passwordHash.js';
import { passwordProblems } from '../auth/passwordPolicy.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDate } from '../format.js';
import { insertAccount } from '../staff/accounts.js';
import { insertDepartment } from '../staff/departments.js';
import type { KeyService } from '../keys/keyService.js';

/** Whether the database holds an organization yet (set up, or seeded as the demo). */
export async function organizationOf(db: Kysely<Database>) {
  return db.selectFrom('organization').selectAll().where('id', '=', 1).executeTakeFirst();
}

type Organization = OrganizationTable;

export class SetupService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly auth: AuthService,
    /** The key hierarchy: setup creates the deployment's master key, on this workstation. */
    private readonly keys: Pick<KeyService, 'ensureMasterKey'>,
  ) {}

  async status(): Promise<SetupStatus> {
    const org = await organizationOf(this.ctx.db);
    return { setUp: Boolean(org), demo: org?.kind === 'demo', organizationName: org?.name ?? null };
  }

  /**
   * Sets the database up and signs the first administrator in (the window's previous session,
   * if any, ends). Refused, changing nothing, when the database is set up already.
   */
  async complete(previous: ResolvedSession | null, input: SetupInput, caller: Caller): Promise<{ sessionId: string; view: SessionView }> {
    const { db, audit, clock } = this.ctx;
    const admin = input.administrator;
    await this.refuseIfSetUp(db, caller);
    const problems = passwordProblems(admin.password);
    if (problems.length > 0) {
      throw new AppError('PASSWORD_POLICY', problems.join(' '), { 'administrator.password': problems.join(' ') });
    }
    // Hash before the transaction: scrypt is slow, and the lock should be held briefly.
    const passwordHash = await hashPassword(admin.password);
    const now = clock.now().toISOString();
    const created = await db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'setup');
      // Another workstation may have finished while this one waited for the lock.
      if (await organizationOf(trx)) return null;
      const departmentIds = new Map<string, number>();
      for (const name of input.departments) departmentIds.set(name.toLowerCase(), await insertDepartment(trx, name));
      const id = await insertAccount(trx, {
        employeeId: admin.employeeId,
        username: admin.username,
        displayName: admin.displayName,
        email: admin.email,
        departmentId: departmentIds.get(admin.department.toLowerCase())!,
        supervisorId: null,
        hireDate: formatDate(now),
        passwordHash,
        // They chose it themselves: no forced change.
        mustChange: false,
        roles: ['staff', 'administrator'],
        rolesGrantedOn: formatDate(now),
        grantedBy: null,
        at: now,
      });
      await trx
        .insertInto('organization')
        .values({ id: 1, name: input.organizationName, kind: 'real', set_up_at: now, set_up_by: id })
        .execute();
      const actor = { id, username: admin.username };
      await audit.append(trx, {
        actor,
        workstation: caller.workstation,
        event: 'setup.completed',
        outcome: 'allowed',
        resource: { type: 'organization', id: 1 },
        reason: `first-run setup of ${input.organizationName}: ${input.departments.length} department(s) (${input.departments.join(', ')}); first administrator ${admin.displayName} (${admin.username}) with the roles Staff member and Administrator`,
        details: { departments: input.departments.length },
      });
      return actor;
    });
    if (!created) return this.refuse(db, (await organizationOf(db))!, caller);
    await this.keys.ensureMasterKey(created);
    return this.auth.signIn(previous, admin.username, admin.password, caller);
  }

  /** Only before setup: the shell reopens Clearance on its separate demo database. */
  async openDemo(caller: Caller): Promise<{ opening: true }> {
    await this.refuseIfSetUp(this.ctx.db, caller);
    await this.ctx.audit.record({
      actor: null,
      workstation: caller.workstation,
      event: 'setup.demo_chosen',
      outcome: 'allowed',
      reason: 'the demo was chosen on the first-run screen; Clearance reopens on the separate demo database',
    });
    await this.ctx.desktop.openDemo();
    return { opening: true };
  }

  private async refuseIfSetUp(db: Kysely<Database>, caller: Caller): Promise<void> {
    const org = await organizationOf(db);
    if (org) await this.refuse(db, org, caller);
  }

  private async refuse(db: Kysely<Database>, org: Organization, caller: Caller): Promise<never> {
    await this.ctx.audit.append(db, {
      actor: null,
      workstation: caller.workstation,
      event: 'setup.refused',
      outcome: 'denied',
      resource: { type: 'organization', id: 1 },
      reason: `already set up on ${formatDate(org.set_up_at)}${org.kind === 'demo' ? ' as the demo organization' : ''}`,
    });
    throw new AppError(
      'CONFLICT',
      org.kind === 'demo'
        ? 'This database holds the demo organization; it cannot be set up. Sign in with a demo account.'
        : `Clearance is already set up for ${org.name}. Sign in instead.`,
    );
  }
}

/** The demo seed marks its database as the demo organization, in the same breath as it creates it. */
export async function markDemoOrganization(db: Kysely<Database>, at: Date): Promise<void> {
  await db
    .insertInto('organization')
    .values({ id: 1, name: 'Demo organization', kind: 'demo', set_up_at: at.toISOString(), set_up_by: null })
    .execute();
}
