/**
 * Roster import: validate the whole file, preview what will change, and apply it in one
 * transaction. New hires get an account with a one-time password (returned once, for the
 * administrator to hand over; stored only as a hash) and their curriculum from their roles;
 * leavers are disabled at once (PCI DSS 8.2.5).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { AppliedRoster, RosterChange, RosterError, RosterPreview } from '../../contract/roster.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { Caller } from '../caller.js';
import { DAY } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDay } from '../format.js';
import { hashPassword } from '../auth/passwordHash.js';
import { oneTimePassword } from '../auth/oneTimePassword.js';
import { authorize } from '../policy/authorize.js';
import { actorOf, type Principal } from './principal.js';
import { insertAccount } from './accounts.js';
import { insertDepartment } from './departments.js';
import { grantOrRequest, needsApproval, PRIVILEGED_ROLES, revokeRole, type RoleChangeContext } from './roleChanges.js';
import { decideAccountAction } from '../policy/accountAbility.js';
import { validateRoster, type RosterRow } from './rosterValidation.js';

interface Existing {
  id: number;
  employee_id: string;
  username: string;
  display_name: string;
  email: string;
  department: string;
  supervisor_employee_id: string | null;
  status: string;
  roles: RoleKey[];
  phone: string | null;
  home_address: string | null;
}

async function existingStaff(db: Kysely<Database>): Promise<Map<string, Existing>> {
  const staff = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .leftJoin('staff as sup', 'sup.id', 's.supervisor_id')
    .select([
      's.id',
      's.employee_id',
      's.username',
      's.display_name',
      's.email',
      'd.name as department',
      'sup.employee_id as supervisor_employee_id',
      's.status',
      's.phone',
      's.home_address',
    ])
    .execute();
  const roles = await db.selectFrom('staff_roles').select(['staff_id', 'role_key']).execute();
  const rolesBy = new Map<number, RoleKey[]>();
  for (const r of roles) rolesBy.set(Number(r.staff_id), [...(rolesBy.get(Number(r.staff_id)) ?? []), r.role_key as RoleKey]);
  return new Map(staff.map((s) => [s.employee_id, { ...s, id: Number(s.id), roles: rolesBy.get(Number(s.id)) ?? [] }]));
}

function describe(r: RosterRow, e: Existing | undefined): RosterChange {
  const base = { row: r.row, employeeId: r.employeeId, name: r.name, regrants: [] as string[] };
  if (!e)
    return {
      ...base,
      kind: r.status === 'terminated' ? 'unchanged' : 'new',
      changes:
        r.status === 'terminated'
          ? ['terminated before starting: not created']
          : [`new hire in ${r.department}, roles ${rolesInWords(r.roles)}`],
    };
  if (r.status === 'terminated')
    return {
      ...base,
      kind: e.status === 'active' ? 'leaver' : 'unchanged',
      changes: e.status === 'active' ? ['leaves: account disabled at once'] : [],
    };
  const changes: string[] = [];
  if (e.department.toLowerCase() !== r.department.toLowerCase()) changes.push(`department ${e.department} → ${r.department}`);
  if ((e.supervisor_employee_id ?? '') !== (r.supervisorEmployeeId ?? ''))
    changes.push(`supervisor ${e.supervisor_employee_id ?? 'none'} → ${r.supervisorEmployeeId ?? 'none'}`);
  const added = r.roles.filter((x) => !e.roles.includes(x));
  const removed = e.roles.filter((x) => !r.roles.includes(x));
  if (added.length) changes.push(`roles added: ${rolesInWords(added)}`);
  if (removed.length) changes.push(`roles removed: ${rolesInWords(removed)}`);
  if (e.display_name !== r.name) changes.push(`name ${e.display_name} → ${r.name}`);
  if (e.email !== r.email) changes.push(`e-mail ${e.email} → ${r.email}`);
  // Contact details are personal: the change is named, not its values (this list goes into the audit trail).
  if (r.phone !== undefined && (e.phone ?? null) !== r.phone) changes.push('phone updated');
  if (r.homeAddress !== undefined && (e.home_address ?? null) !== r.homeAddress) changes.push('home address updated');
  if (e.status !== 'active') changes.push('re-enabled');
  return { ...base, kind: changes.length ? 'changed' : 'unchanged', changes };
}

const rolesInWords = (roles: readonly RoleKey[]) => roles.map((r) => ROLE_NAMES[r]).join(', ');

/** Roles a row adds to an existing person (all of a new hire's but Staff member). */
function addedRoles(r: RosterRow, e: Existing | undefined): RoleKey[] {
  if (r.status === 'terminated') return [];
  return r.roles.filter((x) => x !== 'staff' && !(e?.roles ?? []).includes(x));
}

/**
 * Separation of duties through the roster (NIST AC-5): the administrator importing it may not
 * change their own roles or disable themselves with it, any more than on the account screens.
 */
function separationOfDuties(admin: Principal, rows: readonly RosterRow[], existing: Map<string, Existing>): RosterError[] {
  const errors: RosterError[] = [];
  for (const r of rows) {
    const e = existing.get(r.employeeId);
    if (!e || e.id !== admin.id) continue;
    const changesRoles = r.status !== 'terminated' && (addedRoles(r, e).length > 0 || e.roles.some((x) => !r.roles.includes(x)));
    const decision = changesRoles
      ? decideAccountAction(admin, 'grantRole', { staffId: e.id })
      : r.status === 'terminated' && e.status === 'active'
        ? decideAccountAction(admin, 'disable', { staffId: e.id })
        : { allowed: true as const };
    if (!decision.allowed)
      errors.push({ row: r.row, column: changesRoles ? 'roles' : 'status', message: `This row is your own account. ${decision.reason}` });
  }
  return errors;
}

/** The last access review that revoked this role from this person, in words, if one did. */
async function revokedInReview(db: Kysely<Database>, staffId: number, role: RoleKey): Promise<string | null> {
  const row = await db
    .selectFrom('access_review_decisions as d')
    .innerJoin('access_reviews as r', 'r.id', 'd.review_id')
    .innerJoin('staff as reviewer', 'reviewer.id', 'r.reviewer_id')
    .select(['reviewer.display_name', 'r.completed_at'])
    .where('r.staff_id', '=', staffId)
    .where('d.role_key', '=', role)
    .where('d.decision', '=', 'revoke')
    .orderBy('r.completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? `re-grants ${ROLE_NAMES[role]}, revoked by ${row.display_name} in the access review of ${formatDay(row.completed_at)}`
    : null;
}

async function previewRoster(
  db: Kysely<Database>,
  csv: string,
  admin: Principal,
): Promise<RosterPreview & { rows: RosterRow[]; existing: Map<string, Existing> }> {
  const existing = await existingStaff(db);
  const validated = validateRoster(
    csv,
    [...existing.values()].map((e) => ({ employeeId: e.employee_id, supervisorEmployeeId: e.supervisor_employee_id })),
  );
  const rows = validated.rows;
  const errors = validated.errors.length ? validated.errors : separationOfDuties(admin, rows, existing);
  const changes = errors.length ? [] : rows.map((r) => describe(r, existing.get(r.employeeId)));
  for (const c of changes) {
    const r = rows.find((x) => x.row === c.row)!;
    const e = existing.get(r.employeeId);
    for (const role of addedRoles(r, e)) {
      const regrant = e ? await revokedInReview(db, e.id, role) : null;
      if (regrant) c.regrants.push(regrant);
      if (await needsApproval(db, role, admin.id, e?.id ?? -1)) {
        c.changes.push(`${ROLE_NAMES[role]} waits for a second administrator's approval`);
      }
    }
  }
  const counts = { new: 0, leaver: 0, changed: 0, unchanged: 0 };
  for (const c of changes) counts[c.kind] += 1;
  return { errors, changes, counts, rows, existing };
}

async function uniqueUsername(db: Kysely<Database>, email: string, taken: Set<string>): Promise<string> {
  const base =
    email
      .split('@')[0]!
      .toLowerCase()
      .replace(/[^a-z0-9.]/g, '') || 'user';
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? base : `${base}${n + 1}`;
    if (taken.has(candidate)) continue;
    const row = await db.selectFrom('staff').select('id').where('username', '=', candidate).executeTakeFirst();
    if (!row) {
      taken.add(candidate);
      return candidate;
    }
  }
}

export const INACTIVE_DAYS = 90;

export class RosterService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Administrators: validates the whole file and says what would change. Changes nothing. */
  async preview(admin: Principal, csv: string, { workstation }: Caller): Promise<RosterPreview> {
    await authorize(this.ctx, admin, workstation, 'read', 'Roster');
    const { errors, changes, counts } = await previewRoster(this.ctx.db, csv, admin);
    return { errors, changes, counts };
  }

  /**
   * Administrators: applies a valid roster in one transaction; returns the new accounts with their
   * one-time passwords. Rows that re-grant a role an access review revoked apply only when their
   * employee id is in `confirmedRegrants`.
   */
  async apply(admin: Principal, csv: string, confirmedRegrants: readonly string[], { workstation }: Caller): Promise<AppliedRoster> {
    const { db, audit, clock } = this.ctx;
    await authorize(this.ctx, admin, workstation, 'manage', 'Roster');
    const preview = await previewRoster(db, csv, admin);
    const actor = actorOf(admin);
    if (preview.errors.length) {
      await audit.append(db, {
        actor,
        workstation,
        event: 'roster.import',
        outcome: 'denied',
        resource: { type: 'roster', id: '*' },
        reason: `${preview.errors.length} error(s); nothing imported: ${preview.errors
          .slice(0, 5)
          .map((e) => `row ${e.row} ${e.column}: ${e.message}`)
          .join(' ')}`,
        details: { errors: preview.errors.length },
      });
      throw new AppError(
        'INVALID_INPUT',
        `The roster has ${preview.errors.length} error(s); nothing was imported. Fix them and try again.`,
      );
    }
    const unconfirmed = preview.changes.filter((c) => c.regrants.length > 0 && !confirmedRegrants.includes(c.employeeId));
    if (unconfirmed.length) {
      const rows = unconfirmed.map((c) => `row ${c.row} (${c.name}) ${c.regrants.join('; ')}`).join('; ');
      await audit.append(db, {
        actor,
        workstation,
        event: 'roster.import',
        outcome: 'denied',
        resource: { type: 'roster', id: '*' },
        reason: `re-grants not confirmed; nothing imported: ${rows}`,
        details: { unconfirmed: unconfirmed.length },
      });
      throw new AppError(
        'CONFLICT',
        `Confirm each re-grant of a role an access review revoked before applying: ${rows}. Nothing was imported.`,
      );
    }
    const now = clock.now().toISOString();
    const today = now.slice(0, 10);
    const newAccounts: AppliedRoster['newAccounts'] = [];
    const toCreate = preview.rows.filter((r) => preview.changes.find((c) => c.row === r.row)?.kind === 'new');
    // Hash outside the transaction: scrypt is slow, and the transaction should be short.
    const passwords = toCreate.map(() => oneTimePassword());
    const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
    await db.transaction().execute(async (trx) => {
      const changes = (t: Kysely<Database>): RoleChangeContext => ({ trx: t, audit, actor, workstation, at: now });
      const departments = new Map(
        (await trx.selectFrom('departments').select(['id', 'name', 'code']).execute()).flatMap(
          (d) =>
            [
              [d.name.toLowerCase(), Number(d.id)],
              [d.code.toLowerCase(), Number(d.id)],
            ] as [string, number][],
        ),
      );
      const departmentId = async (name: string) => {
        const known = departments.get(name.toLowerCase());
        if (known) return known;
        const created = { id: await insertDepartment(trx, name) };
        departments.set(name.toLowerCase(), Number(created.id));
        await audit.append(trx, {
          actor,
          workstation,
          event: 'roster.department_created',
          outcome: 'allowed',
          resource: { type: 'department', id: Number(created.id) },
          reason: `new department ${name}`,
        });
        return Number(created.id);
      };
      const taken = new Set<string>();
      const ids = new Map([...preview.existing.values()].map((e) => [e.employee_id, e.id]));
      // Create new hires first (without supervisors), so supervisors within the file resolve.
      for (const [i, r] of toCreate.entries()) {
        const username = await uniqueUsername(trx, r.email, taken);
        const id = await insertAccount(trx, {
          employeeId: r.employeeId,
          username,
          displayName: r.name,
          email: r.email,
          departmentId: await departmentId(r.department),
          supervisorId: null,
          hireDate: r.hireDate,
          passwordHash: hashes[i]!,
          mustChange: true,
          roles: r.roles.filter((role) => !PRIVILEGED_ROLES.includes(role)),
          rolesGrantedOn: today,
          grantedBy: admin.id,
          at: now,
        });
        ids.set(r.employeeId, id);
        newAccounts.push({ employeeId: r.employeeId, name: r.name, username, oneTimePassword: passwords[i]! });
        await audit.append(trx, {
          actor,
          workstation,
          event: 'roster.new_hire',
          outcome: 'allowed',
          resource: { type: 'staff', id },
          reason: `account created with a one-time password; roles ${rolesInWords(r.roles)}; curriculum assigned from roles`,
          details: { employeeId: r.employeeId },
        });
        // Administrator and privacy officer wait for a second administrator, as on the account screens.
        for (const role of r.roles.filter((x) => PRIVILEGED_ROLES.includes(x))) {
          await grantOrRequest(changes(trx), { id, username, displayName: r.name }, role, `roster import (employee ${r.employeeId})`);
        }
      }
      for (const r of preview.rows) {
        const change = preview.changes.find((c) => c.row === r.row)!;
        const id = ids.get(r.employeeId);
        if (!id || change.kind === 'unchanged') continue;
        const supervisorId = r.supervisorEmployeeId ? (ids.get(r.supervisorEmployeeId) ?? null) : null;
        const contact = {
          ...(r.phone !== undefined ? { phone: r.phone } : {}),
          ...(r.homeAddress !== undefined ? { home_address: r.homeAddress } : {}),
        };
        if (change.kind === 'new') {
          await trx
            .updateTable('staff')
            .set({ supervisor_id: supervisorId, ...contact })
            .where('id', '=', id)
            .execute();
          continue;
        }
        if (change.kind === 'leaver') {
          await trx
            .updateTable('staff')
            .set({ status: 'disabled', disabled_reason: 'left the organization (roster import)' })
            .where('id', '=', id)
            .execute();
          await trx
            .updateTable('sessions')
            .set({ state: 'ended', ended_at: now, end_reason: 'account disabled: leaver' })
            .where('staff_id', '=', id)
            .where('state', '!=', 'ended')
            .execute();
          await audit.append(trx, {
            actor,
            workstation,
            event: 'roster.leaver',
            outcome: 'allowed',
            resource: { type: 'staff', id },
            reason: 'leaver disabled at once (PCI DSS 8.2.5)',
            details: { employeeId: r.employeeId },
          });
          continue;
        }
        const existing = preview.existing.get(r.employeeId)!;
        await trx
          .updateTable('staff')
          .set({
            display_name: r.name,
            email: r.email.toLowerCase(),
            department_id: await departmentId(r.department),
            supervisor_id: supervisorId,
            status: 'active',
            disabled_reason: null,
            ...contact,
          })
          .where('id', '=', id)
          .execute();
        const person = { id, username: existing.username, displayName: r.name };
        const why = `roster import (employee ${r.employeeId})${change.regrants.length ? `; re-grant confirmed by the administrator: ${change.regrants.join('; ')}` : ''}`;
        for (const role of addedRoles(r, existing)) await grantOrRequest(changes(trx), person, role, why);
        for (const role of existing.roles.filter((x) => !r.roles.includes(x))) await revokeRole(changes(trx), person, role, why);
        await audit.append(trx, {
          actor,
          workstation,
          event: 'roster.change',
          outcome: 'allowed',
          resource: { type: 'staff', id },
          reason: [...change.changes, ...change.regrants.map((g) => `${g} (confirmed)`)].join('; '),
          details: { employeeId: r.employeeId },
        });
      }
      await audit.append(trx, {
        actor,
        workstation,
        event: 'roster.import',
        outcome: 'allowed',
        resource: { type: 'roster', id: '*' },
        reason: `roster imported: ${preview.counts.new} new, ${preview.counts.changed} changed, ${preview.counts.leaver} leavers`,
        details: preview.counts,
      });
    });
    return { counts: preview.counts, newAccounts };
  }

  /** PCI DSS 8.2.6: accounts unused for 90 days are disabled. Runs at start-up and daily. */
  async disableInactiveAccounts(workstation: string): Promise<number> {
    const { db, audit, clock } = this.ctx;
    const cutoff = new Date(clock.now().getTime() - INACTIVE_DAYS * DAY).toISOString();
    return db.transaction().execute(async (trx) => {
      const stale = await trx
        .selectFrom('staff')
        .select(['id', 'username', 'last_sign_in_at', 'created_at'])
        .where('status', '=', 'active')
        // Last sign-in, or creation for someone who never signed in: the expression of the staff_inactivity index.
        .where(sql<string>`coalesce(last_sign_in_at, created_at)`, '<', cutoff)
        .execute();
      for (const s of stale) {
        await trx
          .updateTable('staff')
          .set({ status: 'disabled', disabled_reason: `unused for ${INACTIVE_DAYS} days` })
          .where('id', '=', s.id)
          .execute();
        await audit.append(trx, {
          actor: null,
          workstation,
          event: 'staff.disabled_inactive',
          outcome: 'allowed',
          resource: { type: 'staff', id: Number(s.id) },
          reason: `no sign-in since ${formatDay(s.last_sign_in_at ?? s.created_at)}: disabled after ${INACTIVE_DAYS} days unused (PCI DSS 8.2.6)`,
        });
      }
      return stale.length;
    });
  }
}
