/**
 * Account administration for administrators: the staff list, one person's account, create, edit,
 * grant and revoke roles (with a preview, and two administrators for administrator and privacy
 * officer), unlock, reset password or second factor, disable/enable and end sessions. Separation
 * of duties is decided by the account ability (policy/accountAbility.ts) before anything else.
 * Every action and every refusal is audited with who, whom, what changed and the reason.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { CreatedAccount, NewAccountInput, PersonDetail, RolePreview, RoleRequestView, StaffPage } from '../../contract/accounts.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { Actor } from '../audit/auditLog.js';
import { oneTimePassword } from '../auth/oneTimePassword.js';
import { hashPassword } from '../auth/passwordHash.js';
import { SIGN_IN_RULES } from '../auth/signInRules.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDate, formatDateTime } from '../format.js';
import { decideAccountAction, type AccountAction, type AccountTarget } from '../policy/accountAbility.js';
import type { TrainingService } from '../training/trainingService.js';
import { insertAccount } from './accounts.js';
import { actorOf, loadPrincipal, type Principal } from './principal.js';
import {
  grantOrRequest,
  grantRole,
  needsApproval,
  pendingRequest,
  revokeRole,
  type Person,
  type RoleChangeContext,
} from './roleChanges.js';
import { previewRoleChange } from './rolePreview.js';
import type { SecondFactorAdmin } from './secondFactorAdmin.js';
import { rolesOf, staffColumns, staffPage, toStaffRow, type SecondFactorSql, type StaffQuery } from './staffDirectory.js';

/** A person as audit reasons name them: name and username. */
const who = (p: Pick<Principal, 'displayName' | 'username'>) => `${p.displayName} (${p.username})`;

const APPROVAL_NOTE =
  "Needs a second administrator's approval (separation of duties, NIST AC-5): it stays pending until another administrator approves it.";

export class AccountAdminService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly secondFactors: SecondFactorAdmin,
    /** How the staff list tells whether someone has a second factor (null while none is kept). */
    private readonly factorEnrolledSql: SecondFactorSql,
  ) {}

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  /** Refuses, audited with the reason in words, unless the account ability allows it. */
  private async allow(
    admin: Principal,
    action: AccountAction,
    target: (AccountTarget & { username?: string }) | null,
    caller: Caller,
  ): Promise<void> {
    const decision = decideAccountAction(admin, action, target);
    if (decision.allowed) return;
    await this.ctx.audit.append(this.ctx.db, {
      actor: actorOf(admin),
      workstation: caller.workstation,
      event: `account.${action}`,
      outcome: 'denied',
      resource: target ? { type: 'staff', id: target.staffId } : { type: 'staff', id: '*' },
      reason: target?.username ? `${decision.reason} (${target.username})` : decision.reason,
      details: target?.username ? { username: target.username } : {},
    });
    throw new AppError('FORBIDDEN', decision.reason);
  }

  /** The person behind a username, after checking the caller administers accounts at all. */
  private async person(admin: Principal, action: AccountAction, username: string, caller: Caller): Promise<Principal> {
    await this.allow(admin, action, null, caller);
    const row = await this.ctx.db.selectFrom('staff').select('id').where('username', '=', username.toLowerCase()).executeTakeFirst();
    const person = row ? await loadPrincipal(this.ctx.db, Number(row.id)) : null;
    if (!person) throw new AppError('NOT_FOUND', `No account has the username ${username}.`);
    await this.allow(admin, action, { staffId: person.id, username: person.username }, caller);
    return person;
  }

  private changeContext(trx: Kysely<Database>, admin: Principal, caller: Caller): RoleChangeContext {
    return { trx, audit: this.ctx.audit, actor: actorOf(admin), workstation: caller.workstation, at: this.now() };
  }

  /** The audit entry of a change to a person's account, written in the change's transaction. */
  private note(trx: Kysely<Database>, admin: Principal, caller: Caller, person: Principal, event: string, reason: string) {
    return this.ctx.audit.append(trx, this.audited(admin, caller, person, event, reason));
  }

  private audited(admin: Principal, caller: Caller, person: Principal, event: string, reason: string) {
    return {
      actor: actorOf(admin),
      workstation: caller.workstation,
      event,
      outcome: 'allowed' as const,
      resource: { type: 'staff', id: person.id },
      reason,
      details: { username: person.username },
    };
  }

  async list(admin: Principal, query: StaffQuery, caller: Caller): Promise<StaffPage> {
    await this.allow(admin, 'list', null, caller);
    return staffPage(this.ctx.db, query, this.now(), this.factorEnrolledSql);
  }

  async detail(admin: Principal, username: string, caller: Caller): Promise<PersonDetail> {
    const person = await this.person(admin, 'list', username, caller);
    return this.describe(admin, person.id);
  }

  private async describe(admin: Principal, staffId: number): Promise<PersonDetail> {
    const { db } = this.ctx;
    const now = this.now();
    const row = await staffColumns(db, this.factorEnrolledSql).where('s.id', '=', staffId).executeTakeFirstOrThrow();
    const roles = (await rolesOf(db, [staffId])).get(staffId) ?? [];
    const grants = await db
      .selectFrom('staff_roles as r')
      .leftJoin('staff as g', 'g.id', 'r.granted_by')
      .select(['r.role_key', 'r.granted_at', 'g.display_name as granted_by'])
      .where('r.staff_id', '=', staffId)
      .execute();
    const sessions = await db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('staff_id', '=', staffId)
      .where('state', '!=', 'ended')
      .executeTakeFirstOrThrow();
    const departments = await db.selectFrom('departments').select(['code', 'name']).orderBy('name').execute();
    return {
      ...toStaffRow(row, roles, now),
      hireDate: row.hire_date,
      supervisorUsername: row.supervisor_username,
      departmentCode: row.department_code,
      roleGrants: roles.map((key) => {
        const g = grants.find((x) => x.role_key === key);
        return { key, name: ROLE_NAMES[key], grantedOn: formatDate(g?.granted_at ?? row.hire_date), grantedBy: g?.granted_by ?? null };
      }),
      openSessions: Number(sessions.n),
      pendingRequests: (await this.requestViews(admin, staffId)).items,
      isSelf: admin.id === staffId,
      departments,
    };
  }

  private async departmentId(code: string): Promise<number> {
    const d = await this.ctx.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst();
    if (!d) throw new AppError('INVALID_INPUT', 'Choose one of the departments.', { department: 'Choose one of the departments.' });
    return Number(d.id);
  }

  private async supervisorId(username: string | null, personId: number | null): Promise<number | null> {
    if (!username) return null;
    const s = await this.ctx.db.selectFrom('staff').select(['id', 'status']).where('username', '=', username).executeTakeFirst();
    const problem = !s
      ? `No account has the username ${username}.`
      : Number(s.id) === personId
        ? 'Nobody supervises themselves.'
        : s.status !== 'active'
          ? `${username} is disabled and cannot supervise.`
          : null;
    if (problem) throw new AppError('INVALID_INPUT', problem, { supervisor: problem });
    // A supervisor chain may not loop back to the person.
    let next: number | null = Number(s!.id);
    for (let depth = 0; next !== null && depth < 1000; depth++) {
      if (next === personId) {
        const loop = `${username} reports to this person already (directly or not), so they cannot supervise them.`;
        throw new AppError('INVALID_INPUT', loop, { supervisor: loop });
      }
      const up: { supervisor_id: number | null } | undefined = await this.ctx.db
        .selectFrom('staff')
        .select('supervisor_id')
        .where('id', '=', next)
        .executeTakeFirst();
      next = up?.supervisor_id === null || up?.supervisor_id === undefined ? null : Number(up.supervisor_id);
    }
    return Number(s!.id);
  }

  async create(admin: Principal, input: NewAccountInput, caller: Caller): Promise<CreatedAccount> {
    const { db, audit } = this.ctx;
    await this.allow(admin, 'create', null, caller);
    const taken = await db
      .selectFrom('staff')
      .select(['username', 'employee_id'])
      .where((eb) => eb.or([eb('username', '=', input.username), eb('employee_id', '=', input.employeeId)]))
      .execute();
    if (taken.some((t) => t.username === input.username)) {
      throw new AppError('CONFLICT', `The username ${input.username} is taken.`, { username: `The username ${input.username} is taken.` });
    }
    if (taken.length) {
      const m = `Employee ID ${input.employeeId} belongs to someone else.`;
      throw new AppError('CONFLICT', m, { employeeId: m });
    }
    const departmentId = await this.departmentId(input.department);
    const supervisorId = await this.supervisorId(input.supervisor, null);
    const roles: RoleKey[] = ['staff', ...new Set(input.roles.filter((r) => r !== 'staff'))];
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    const at = this.now();
    const result = await db.transaction().execute(async (trx) => {
      const id = await insertAccount(trx, {
        employeeId: input.employeeId,
        username: input.username,
        displayName: input.displayName,
        email: input.email,
        departmentId,
        supervisorId,
        hireDate: input.hireDate,
        passwordHash,
        mustChange: true,
        roles: ['staff'],
        rolesGrantedOn: formatDate(at),
        grantedBy: admin.id,
        at,
      });
      const person: Person = { id, username: input.username, displayName: input.displayName };
      await audit.append(trx, {
        actor: actorOf(admin),
        workstation: caller.workstation,
        event: 'account.created',
        outcome: 'allowed',
        resource: { type: 'staff', id },
        reason: `created the account of ${input.displayName} (${input.username}), employee ${input.employeeId}, hired ${input.hireDate}, with a one-time password to change at first sign-in; curriculum assigned from the roles ${roles.map((r) => ROLE_NAMES[r]).join(', ')}`,
        details: { username: input.username },
      });
      const c = this.changeContext(trx, admin, caller);
      const granted: RoleKey[] = ['staff'];
      const pending: RoleKey[] = [];
      for (const role of roles.filter((r) => r !== 'staff')) {
        const outcome = await grantOrRequest(c, person, role, 'new account');
        (outcome === 'granted' ? granted : pending).push(role);
      }
      return { id, granted, pending };
    });
    const person = (await loadPrincipal(db, result.id))!;
    const curriculum = await this.training.curriculum(person);
    return {
      username: input.username,
      displayName: input.displayName,
      oneTimePassword: password,
      granted: result.granted.map((key) => ({ key, name: ROLE_NAMES[key] })),
      pending: result.pending.map((key) => ({ key, name: ROLE_NAMES[key] })),
      curriculum: curriculum.map((e) => ({ number: e.number, title: e.title, dueDate: e.dueDate ?? formatDate(at) })),
    };
  }

  async edit(
    admin: Principal,
    input: { username: string; displayName: string; email: string; department: string; supervisor: string | null },
    caller: Caller,
  ): Promise<PersonDetail> {
    const { db } = this.ctx;
    const person = await this.person(admin, 'edit', input.username, caller);
    const departmentId = await this.departmentId(input.department);
    const supervisorId = await this.supervisorId(input.supervisor, person.id);
    const before = await staffColumns(db, null).where('s.id', '=', person.id).executeTakeFirstOrThrow();
    const after = await db.selectFrom('departments').select('name').where('id', '=', departmentId).executeTakeFirstOrThrow();
    const changes: string[] = [];
    if (before.display_name !== input.displayName) changes.push(`name ${before.display_name} → ${input.displayName}`);
    if (before.email !== input.email) changes.push(`e-mail ${before.email} → ${input.email}`);
    if (Number(person.departmentId) !== departmentId) changes.push(`department ${before.department} → ${after.name}`);
    if ((person.supervisorId ?? null) !== supervisorId)
      changes.push(`supervisor ${before.supervisor_username ?? 'none'} → ${input.supervisor ?? 'none'}`);
    if (changes.length) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('staff')
          .set({ display_name: input.displayName, email: input.email, department_id: departmentId, supervisor_id: supervisorId })
          .where('id', '=', person.id)
          .execute();
        await this.note(trx, admin, caller, person, 'account.edited', `edited the account of ${who(person)}: ${changes.join('; ')}`);
      });
    }
    return this.describe(admin, person.id);
  }

  private async approvalNote(admin: Principal, person: Principal, role: RoleKey): Promise<string | null> {
    return (await needsApproval(this.ctx.db, role, admin.id, person.id)) ? APPROVAL_NOTE : null;
  }

  /** Refuses a change that makes no sense for this person (holds it already, does not hold it, pending). */
  private async checkChange(person: Principal, role: RoleKey, change: 'grant' | 'revoke'): Promise<void> {
    if (role === 'staff') {
      throw new AppError('INVALID_INPUT', 'Everyone holds Staff member; to end someone’s access, disable their account.');
    }
    const holds = person.roles.includes(role);
    if (change === 'grant' && holds) throw new AppError('CONFLICT', `${person.displayName} already holds ${ROLE_NAMES[role]}.`);
    if (change === 'revoke' && !holds) throw new AppError('CONFLICT', `${person.displayName} does not hold ${ROLE_NAMES[role]}.`);
    if (change === 'grant' && (await pendingRequest(this.ctx.db, person.id, role))) {
      throw new AppError(
        'CONFLICT',
        `A grant of ${ROLE_NAMES[role]} to ${person.displayName} is already waiting for a second administrator.`,
      );
    }
  }

  async rolePreview(
    admin: Principal,
    input: { username: string; role: RoleKey; change: 'grant' | 'revoke' },
    caller: Caller,
  ): Promise<RolePreview> {
    const person = await this.person(admin, input.change === 'grant' ? 'grantRole' : 'revokeRole', input.username, caller);
    await this.checkChange(person, input.role, input.change);
    return previewRoleChange(
      this.ctx.db,
      person,
      await this.training.curriculum(person),
      input.role,
      input.change,
      await this.training.dueDays(),
      this.ctx.clock.now(),
      input.change === 'grant' ? await this.approvalNote(admin, person, input.role) : null,
    );
  }

  async changeRole(
    admin: Principal,
    input: { username: string; role: RoleKey; change: 'grant' | 'revoke'; reason: string },
    caller: Caller,
  ): Promise<{ outcome: 'granted' | 'revoked' | 'pending'; message: string }> {
    const person = await this.person(admin, input.change === 'grant' ? 'grantRole' : 'revokeRole', input.username, caller);
    await this.checkChange(person, input.role, input.change);
    const role = ROLE_NAMES[input.role];
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = this.changeContext(trx, admin, caller);
      if (input.change === 'revoke') {
        await revokeRole(c, person, input.role, input.reason);
        return { outcome: 'revoked' as const, message: `${role} revoked from ${person.displayName}. What it gave ends at once.` };
      }
      const outcome = await grantOrRequest(c, person, input.role, input.reason);
      return outcome === 'pending'
        ? { outcome, message: `The grant of ${role} to ${person.displayName} waits for a second administrator's approval.` }
        : { outcome, message: `${role} granted to ${person.displayName}.` };
    });
  }

  private async requestViews(admin: Principal, staffId?: number): Promise<{ items: RoleRequestView[] }> {
    let q = this.ctx.db
      .selectFrom('role_requests as q')
      .innerJoin('staff as p', 'p.id', 'q.staff_id')
      .innerJoin('staff as by', 'by.id', 'q.requested_by')
      .select([
        'q.id',
        'q.staff_id',
        'q.role_key',
        'q.reason',
        'q.requested_by',
        'q.requested_at',
        'p.display_name',
        'p.username',
        'by.display_name as requester',
      ])
      .where('q.status', '=', 'pending')
      .orderBy('q.requested_at');
    if (staffId !== undefined) q = q.where('q.staff_id', '=', staffId);
    const rows = await q.execute();
    return {
      items: rows.map((r) => {
        const decision = decideAccountAction(admin, 'approveRole', { staffId: Number(r.staff_id), requestedBy: Number(r.requested_by) });
        const role = r.role_key as RoleKey;
        return {
          id: Number(r.id),
          person: r.display_name,
          username: r.username,
          role: { key: role, name: ROLE_NAMES[role] },
          reason: r.reason,
          requestedBy: r.requester,
          requestedAt: r.requested_at,
          mayApprove: decision.allowed,
          whyNot: decision.allowed ? null : decision.reason,
        };
      }),
    };
  }

  async roleRequests(admin: Principal, caller: Caller): Promise<{ items: RoleRequestView[] }> {
    await this.allow(admin, 'list', null, caller);
    return this.requestViews(admin);
  }

  /** A second administrator approves a pending grant (not their own request, not for themselves), or any administrator refuses it. */
  async decideRoleRequest(
    admin: Principal,
    input: { requestId: number; decision: 'approve' | 'refuse'; note: string },
    caller: Caller,
  ): Promise<{ outcome: 'approved' | 'refused'; message: string }> {
    const { db, audit } = this.ctx;
    await this.allow(admin, 'approveRole', null, caller);
    const request = await db.selectFrom('role_requests').selectAll().where('id', '=', input.requestId).executeTakeFirst();
    if (!request || request.status !== 'pending')
      throw new AppError('NOT_FOUND', 'This request is no longer waiting: it was approved or refused already.');
    const person = (await loadPrincipal(db, Number(request.staff_id)))!;
    const requester: Actor = {
      id: Number(request.requested_by),
      username: (await loadPrincipal(db, Number(request.requested_by)))!.username,
    };
    const role = request.role_key as RoleKey;
    if (input.decision === 'approve') {
      await this.allow(admin, 'approveRole', { staffId: person.id, requestedBy: requester.id, username: person.username }, caller);
    }
    const at = this.now();
    return db.transaction().execute(async (trx) => {
      // Decided once: a second administrator acting at the same moment finds it decided.
      const r = await trx
        .updateTable('role_requests')
        .set({
          status: input.decision === 'approve' ? 'approved' : 'refused',
          decided_by: admin.id,
          decided_at: at,
          decision_note: input.note || null,
        })
        .where('id', '=', input.requestId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0)
        throw new AppError('NOT_FOUND', 'This request is no longer waiting: it was approved or refused already.');
      const asked = `asked by ${requester.username} on ${formatDate(request.requested_at)}`;
      if (input.decision === 'refuse') {
        await audit.append(
          trx,
          this.audited(
            admin,
            caller,
            person,
            'account.role_refused',
            `refused the grant of ${ROLE_NAMES[role]} to ${who(person)}, ${asked}${input.note ? `: ${input.note}` : ''}`,
          ),
        );
        return { outcome: 'refused' as const, message: `The grant of ${ROLE_NAMES[role]} to ${person.displayName} was refused.` };
      }
      await audit.append(
        trx,
        this.audited(
          admin,
          caller,
          person,
          'account.role_approved',
          `approved the grant of ${ROLE_NAMES[role]} to ${who(person)} as the second administrator, ${asked}${input.note ? `: ${input.note}` : ''}`,
        ),
      );
      const holds = await trx
        .selectFrom('staff_roles')
        .select('staff_id')
        .where('staff_id', '=', person.id)
        .where('role_key', '=', role)
        .executeTakeFirst();
      if (!holds)
        await grantRole(this.changeContext(trx, admin, caller), person, role, request.reason, `${asked}, approved by ${admin.username}`);
      return { outcome: 'approved' as const, message: `${ROLE_NAMES[role]} granted to ${person.displayName}.` };
    });
  }

  async unlock(admin: Principal, input: { username: string; reason: string }, caller: Caller): Promise<{ message: string }> {
    const { db } = this.ctx;
    const person = await this.person(admin, 'unlock', input.username, caller);
    const cred = await db.selectFrom('credentials').select('locked_until').where('staff_id', '=', person.id).executeTakeFirstOrThrow();
    if (!cred.locked_until || cred.locked_until <= this.now())
      throw new AppError('CONFLICT', `${person.displayName}'s account is not locked.`);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('credentials').set({ locked_until: null, failed_count: 0 }).where('staff_id', '=', person.id).execute();
      await this.note(
        trx,
        admin,
        caller,
        person,
        'account.unlocked',
        `unlocked the account of ${who(person)}, locked until ${formatDateTime(cred.locked_until!)}: ${input.reason}`,
      );
    });
    return { message: `${person.displayName} can sign in again.` };
  }

  /** Ends every open session of the person, in the caller's transaction; how many ended. */
  private async endSessionsOf(trx: Kysely<Database>, staffId: number, why: string): Promise<number> {
    const r = await trx
      .updateTable('sessions')
      .set({ state: 'ended', ended_at: this.now(), end_reason: why })
      .where('staff_id', '=', staffId)
      .where('state', '!=', 'ended')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async resetPassword(
    admin: Principal,
    input: { username: string; reason: string },
    caller: Caller,
  ): Promise<{ message: string; oneTimePassword: string }> {
    const { db } = this.ctx;
    const person = await this.person(admin, 'resetPassword', input.username, caller);
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const at = this.now();
    const ended = await db.transaction().execute(async (trx) => {
      const cred = await trx.selectFrom('credentials').selectAll().where('staff_id', '=', person.id).executeTakeFirstOrThrow();
      // The old password joins the history, so the forced change cannot go back to it.
      const history = [cred.password_hash, ...(JSON.parse(cred.previous_hashes) as string[])].slice(0, SIGN_IN_RULES.passwordHistory - 1);
      await trx
        .updateTable('credentials')
        .set({
          password_hash: hash,
          previous_hashes: JSON.stringify(history),
          must_change: 1,
          changed_at: at,
          failed_count: 0,
          locked_until: null,
        })
        .where('staff_id', '=', person.id)
        .execute();
      const n = await this.endSessionsOf(trx, person.id, 'password reset by an administrator');
      await this.note(
        trx,
        admin,
        caller,
        person,
        'account.password_reset',
        `reset the password of ${who(person)} to a one-time password they must change at next sign-in; ${n} open session(s) ended${cred.locked_until && cred.locked_until > at ? '; the lock is lifted with the new password' : ''}: ${input.reason}`,
      );
      return n;
    });
    return {
      message: `${person.displayName} has a new one-time password and must change it at next sign-in.${ended ? ` ${ended} open session(s) ended.` : ''}`,
      oneTimePassword: password,
    };
  }

  async resetSecondFactor(admin: Principal, input: { username: string; reason: string }, caller: Caller): Promise<{ message: string }> {
    const person = await this.person(admin, 'resetFactor', input.username, caller);
    const { hadFactor } = await this.secondFactors.reset(actorOf(admin), person.id, input.reason, caller.workstation);
    return {
      message: hadFactor
        ? `${person.displayName}'s second factor was removed: they set up a new one at their next sign-in.`
        : `${person.displayName} had no second factor set up; they set one up at their next sign-in.`,
    };
  }

  async setEnabled(
    admin: Principal,
    input: { username: string; enabled: boolean; reason: string },
    caller: Caller,
  ): Promise<{ message: string }> {
    const { db } = this.ctx;
    const person = await this.person(admin, input.enabled ? 'enable' : 'disable', input.username, caller);
    if ((person.status === 'active') === input.enabled) {
      throw new AppError('CONFLICT', `${person.displayName}'s account is ${person.status === 'active' ? 'enabled' : 'disabled'} already.`);
    }
    await db.transaction().execute(async (trx) => {
      if (input.enabled) {
        // Re-enabled counts as used today, so the 90-day rule does not disable them again at once.
        await trx
          .updateTable('staff')
          .set({ status: 'active', disabled_reason: null, last_sign_in_at: this.now() })
          .where('id', '=', person.id)
          .execute();
        await this.note(trx, admin, caller, person, 'account.enabled', `re-enabled the account of ${who(person)}: ${input.reason}`);
        return;
      }
      await trx.updateTable('staff').set({ status: 'disabled', disabled_reason: input.reason }).where('id', '=', person.id).execute();
      const n = await this.endSessionsOf(trx, person.id, 'account disabled by an administrator');
      await this.note(
        trx,
        admin,
        caller,
        person,
        'account.disabled',
        `disabled the account of ${who(person)}; ${n} open session(s) ended: ${input.reason}`,
      );
    });
    return {
      message: input.enabled ? `${person.displayName} can sign in again.` : `${person.displayName} is disabled and signed out everywhere.`,
    };
  }

  async endSessions(
    admin: Principal,
    input: { username: string; reason: string },
    caller: Caller,
  ): Promise<{ message: string; ended: number }> {
    const { db } = this.ctx;
    const person = await this.person(admin, 'endSessions', input.username, caller);
    const ended = await db.transaction().execute(async (trx) => {
      const n = await this.endSessionsOf(trx, person.id, 'ended by an administrator');
      await this.note(
        trx,
        admin,
        caller,
        person,
        'account.sessions_ended',
        `ended ${n} open session(s) of ${who(person)}: ${input.reason}`,
      );
      return n;
    });
    return {
      message: ended
        ? `${ended} session(s) of ${person.displayName} ended: they must sign in again.`
        : `${person.displayName} had no open session.`,
      ended,
    };
  }
}
