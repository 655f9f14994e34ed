/**
 * Key custody for administrators (PCI DSS 3.6, 3.7): the keys and workstations screen, enrolment
 * approval after comparing fingerprints, refusal, retirement, rotation, and the key custodian
 * statement signed before a first key operation. Where the organization has two or more
 * administrators, an enrolment approval and a rotation need a second administrator within 24
 * hours (dual control). Every operation is audited, allowed or denied, without key material.
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database, KeyRotationTable, WorkstationTable } from '../../../db/schema.js';
import type { KeySummary, KeysOverview, RotationView, ThisWorkstationView, WorkstationView } from '../../contract/keys.js';
import type { Caller } from '../caller.js';
import { DAY, HOUR } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDateTime } from '../format.js';
import { authorize } from '../policy/authorize.js';
import { numberSetting } from '../settings.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { acknowledgementHash, signatureMatches } from '../training/certificateIds.js';
import { CUSTODIAN_STATEMENT, CUSTODIAN_STATEMENT_VERSION } from './custodianStatement.js';
import { requestReference } from './enrolment.js';
import type { KeyService } from './keyService.js';
import { wrapRequestId } from './keyService.js';

/** How long a first approval (of an enrolment or a rotation) waits for the second administrator. */
export const SECOND_APPROVAL_WINDOW = 24 * HOUR;

type WorkstationRow = Omit<WorkstationTable, 'id'> & { id: number };

type RotationRow = Omit<KeyRotationTable, 'id' | 'resealed' | 'unreadable' | 'progress'> & {
  id: number;
  resealed: number;
  unreadable: number;
};

export class KeyAdminService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: KeyService,
  ) {}

  /** Anyone signed in: whether this workstation can use card data, and if not why. */
  async thisWorkstation(): Promise<ThisWorkstationView> {
    return this.keys.thisWorkstation();
  }

  async overview(principal: Principal, { workstation }: Caller): Promise<KeysOverview> {
    await authorize(this.ctx, principal, workstation, 'read', 'KeyHierarchy');
    // A rotation left unfinished by a stopped workstation continues from here too.
    void this.keys.driveRotation();
    return this.#overview(principal);
  }

  /** The privacy dashboard's view: version, age and the enrolled workstations (null before the first key). */
  async summary(): Promise<KeySummary | null> {
    const key = await this.#keyFacts();
    if (!key) return null;
    const enrolled = await this.ctx.db
      .selectFrom('workstations')
      .select(['name', 'fingerprint', 'received_at'])
      .where('status', '=', 'enrolled')
      .orderBy('name')
      .execute();
    return {
      version: key.version,
      createdAt: key.createdAt,
      ageDays: key.ageDays,
      rotationDueAt: key.rotationDueAt,
      rotationDue: key.rotationDue,
      enrolledWorkstations: enrolled.map((w) => ({ name: w.name, fingerprint: w.fingerprint, enrolledAt: w.received_at })),
    };
  }

  async acknowledgeCustodian(principal: Principal, signature: string, { workstation }: Caller): Promise<KeysOverview> {
    await authorize(this.ctx, principal, workstation, 'manage', 'KeyHierarchy');
    if (!signatureMatches(signature, principal.displayName)) {
      const message = `Type your full name exactly as it appears on your account: ${principal.displayName}.`;
      throw new AppError('INVALID_INPUT', message, { signature: message });
    }
    const textHash = acknowledgementHash(CUSTODIAN_STATEMENT);
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('key_custodian_acknowledgements')
        .values({
          staff_id: principal.id,
          statement_version: CUSTODIAN_STATEMENT_VERSION,
          text_hash: textHash,
          signature: signature.trim(),
          acknowledged_at: this.ctx.clock.now().toISOString(),
        })
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'key.custodian_acknowledged',
        outcome: 'allowed',
        resource: { type: 'CustodianStatement', id: CUSTODIAN_STATEMENT_VERSION },
        reason: 'key custodian statement signed with full name',
        details: { statementVersion: CUSTODIAN_STATEMENT_VERSION, textHash },
      });
    });
    return this.#overview(principal);
  }

  async approveEnrolment(principal: Principal, workstationId: number, fingerprint: string, caller: Caller): Promise<KeysOverview> {
    await this.#custodian(principal, caller, 'key.enrolment_approved');
    const ring = await this.keys.requireRing('key operations');
    const dual = await this.#dualControl();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'keys');
      const ws = await this.#workstation(trx, workstationId);
      if (ws.status !== 'pending') throw new AppError('CONFLICT', `This request is no longer waiting. ${this.#statusText(ws, now)}`);
      if (ws.fingerprint !== fingerprint) {
        throw new AppError('CONFLICT', 'The fingerprint does not match this request. Compare it again on the workstation’s own screen.');
      }
      const audit = (event: string, reason: string) =>
        this.ctx.audit.append(trx, {
          actor: actorOf(principal),
          workstation: caller.workstation,
          event,
          outcome: 'allowed',
          resource: { type: 'Workstation', id: ws.id },
          reason,
          details: { name: ws.name, fingerprint: ws.fingerprint, dualControl: dual },
        });
      const second = dual && this.#liveFirstApproval(ws, now);
      if (dual && !second) {
        await trx
          .updateTable('workstations')
          .set({ approved_by: principal.id, approved_at: now.toISOString() })
          .where('id', '=', ws.id)
          .execute();
        await audit(
          'key.enrolment_approved',
          'first approval after comparing the fingerprint; a second administrator must approve within 24 hours',
        );
        return;
      }
      if (second && ws.approved_by === principal.id) {
        throw new AppError('CONFLICT', 'You gave the first approval. A second administrator must approve this workstation (dual control).');
      }
      const versions = await trx.selectFrom('key_versions').select(['version', 'status']).where('status', '!=', 'destroyed').execute();
      const active = versions.find((v) => v.status === 'active');
      if (!active || Number(active.version) !== ring.currentVersion) {
        throw new AppError('CONFLICT', 'The master key changed while you were working. Reload the screen and try again.');
      }
      // Every version still in use: the current one, and any older one a rotation has not finished with.
      for (const version of versions.map((v) => Number(v.version)).filter((v) => ring.holds(v))) {
        await trx
          .insertInto('key_wraps')
          .values({
            workstation_id: ws.id,
            version,
            wrapped: ring.wrapForEnrolment(Buffer.from(ws.public_key, 'base64'), wrapRequestId(ws.id), version),
            created_at: now.toISOString(),
            created_by: principal.id,
          })
          .execute();
      }
      await trx
        .updateTable('workstations')
        .set(
          second
            ? { status: 'enrolled', second_approved_by: principal.id, second_approved_at: now.toISOString() }
            : { status: 'enrolled', approved_by: principal.id, approved_at: now.toISOString() },
        )
        .where('id', '=', ws.id)
        .execute();
      await (second
        ? audit('key.enrolment_second_approval', 'second approval: the master key was wrapped for this workstation')
        : audit('key.enrolment_approved', 'approved after comparing the fingerprint: the master key was wrapped for this workstation'));
    });
    return this.#overview(principal);
  }

  async refuseEnrolment(principal: Principal, workstationId: number, reason: string, caller: Caller): Promise<KeysOverview> {
    await this.#custodian(principal, caller, 'key.enrolment_refused');
    await this.ctx.db.transaction().execute(async (trx) => {
      const ws = await this.#workstation(trx, workstationId);
      if (ws.status !== 'pending') throw new AppError('CONFLICT', 'Only a waiting request can be refused.');
      await trx
        .updateTable('workstations')
        .set({ status: 'refused', refused_by: principal.id, refused_at: this.ctx.clock.now().toISOString(), refusal_reason: reason })
        .where('id', '=', ws.id)
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation: caller.workstation,
        event: 'key.enrolment_refused',
        outcome: 'allowed',
        resource: { type: 'Workstation', id: ws.id },
        reason: `enrolment refused: ${reason}`,
        details: { name: ws.name, fingerprint: ws.fingerprint },
      });
    });
    return this.#overview(principal);
  }

  async retireWorkstation(principal: Principal, workstationId: number, caller: Caller): Promise<KeysOverview> {
    await this.#custodian(principal, caller, 'key.workstation_retired');
    await this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'keys');
      const ws = await this.#workstation(trx, workstationId);
      if (ws.status !== 'enrolled') throw new AppError('CONFLICT', 'Only an enrolled workstation can be retired.');
      const others = await trx
        .selectFrom('workstations')
        .select('id')
        .where('status', '=', 'enrolled')
        .where('received_at', 'is not', null)
        .where('id', '!=', ws.id)
        .execute();
      if (others.length === 0) {
        throw new AppError(
          'CONFLICT',
          'This is the last workstation holding the master key. Enrol another workstation first, or the key would be lost.',
        );
      }
      await trx
        .updateTable('workstations')
        .set({ status: 'retired', retired_by: principal.id, retired_at: this.ctx.clock.now().toISOString() })
        .where('id', '=', ws.id)
        .execute();
      await trx.deleteFrom('key_wraps').where('workstation_id', '=', ws.id).execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation: caller.workstation,
        event: 'key.workstation_retired',
        outcome: 'allowed',
        resource: { type: 'Workstation', id: ws.id },
        reason: 'enrolment ended: the workstation receives no new key version; a rotation is recommended',
        details: { name: ws.name, fingerprint: ws.fingerprint },
      });
    });
    return this.#overview(principal);
  }

  async requestRotation(principal: Principal, caller: Caller): Promise<KeysOverview> {
    await this.#custodian(principal, caller, 'key.rotation_requested');
    const ring = await this.keys.requireRing('key operations');
    const dual = await this.#dualControl();
    const now = this.ctx.clock.now();
    const rotationId = await this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'keys');
      await this.#lapseExpired(trx, now);
      const open = await trx
        .selectFrom('key_rotations')
        .select('status')
        .where('status', 'in', ['awaiting_confirmation', 'running'])
        .executeTakeFirst();
      if (open?.status === 'running') throw new AppError('CONFLICT', 'A rotation is already under way.');
      if (open) throw new AppError('CONFLICT', 'A rotation is already waiting for a second administrator.');
      const row = await trx
        .insertInto('key_rotations')
        .values({
          status: 'awaiting_confirmation',
          from_version: ring.currentVersion,
          requested_by: principal.id,
          requested_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation: caller.workstation,
        event: 'key.rotation_requested',
        outcome: 'allowed',
        resource: { type: 'KeyRotation', id: Number(row.id) },
        reason: dual
          ? `rotation of master key version ${ring.currentVersion} requested; a second administrator must confirm within 24 hours`
          : `rotation of master key version ${ring.currentVersion} requested`,
        details: { fromVersion: ring.currentVersion, dualControl: dual },
      });
      return Number(row.id);
    });
    if (!dual) await this.#start(principal, rotationId, caller);
    return this.#overview(principal);
  }

  async confirmRotation(principal: Principal, rotationId: number, caller: Caller): Promise<KeysOverview> {
    await this.#custodian(principal, caller, 'key.rotation_confirmed');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.#lapseExpired(trx, now);
      const rotation = await trx.selectFrom('key_rotations').selectAll().where('id', '=', rotationId).executeTakeFirst();
      if (!rotation) throw new AppError('NOT_FOUND', 'There is no such rotation request.');
      if (rotation.status === 'lapsed')
        throw new AppError('CONFLICT', 'This rotation request lapsed after 24 hours. Request the rotation again.');
      if (rotation.status !== 'awaiting_confirmation')
        throw new AppError('CONFLICT', 'This rotation request is not waiting for a confirmation.');
      if (Number(rotation.requested_by) === principal.id) {
        throw new AppError('CONFLICT', 'You requested this rotation. A second administrator must confirm it (dual control).');
      }
      await trx
        .updateTable('key_rotations')
        .set({ confirmed_by: principal.id, confirmed_at: now.toISOString() })
        .where('id', '=', rotationId)
        .execute();
      await this.ctx.audit.append(trx, {
        actor: actorOf(principal),
        workstation: caller.workstation,
        event: 'key.rotation_confirmed',
        outcome: 'allowed',
        resource: { type: 'KeyRotation', id: rotationId },
        reason: 'rotation confirmed by a second administrator (dual control)',
      });
    });
    await this.#start(principal, rotationId, caller);
    return this.#overview(principal);
  }

  /** This workstation (refused, retired, or without its key) makes a new key pair and a new request. */
  async renewEnrolment(principal: Principal, caller: Caller): Promise<KeysOverview> {
    await authorize(this.ctx, principal, caller.workstation, 'manage', 'KeyHierarchy');
    const me = await this.keys.thisWorkstation();
    if (me.state === 'ready') throw new AppError('CONFLICT', 'This workstation is enrolled and holds the key: there is nothing to renew.');
    if (me.state === 'no-keychain' || me.state === 'no-key')
      throw new AppError('CONFLICT', me.message ?? 'This workstation cannot make a request.');
    await this.keys.renewEnrolment(actorOf(principal));
    await this.keys.ring();
    return this.#overview(principal);
  }

  async #start(principal: Principal, rotationId: number, caller: Caller): Promise<void> {
    try {
      await this.keys.startRotation(actorOf(principal), rotationId);
    } catch (error) {
      if (error instanceof AppError) {
        await this.ctx.audit.record({
          actor: actorOf(principal),
          workstation: caller.workstation,
          event: 'key.rotation_started',
          outcome: 'denied',
          resource: { type: 'KeyRotation', id: rotationId },
          reason: error.message,
        });
      }
      throw error;
    }
  }

  /** Administrators only, and only after signing the current custodian statement; a refusal is audited. */
  async #custodian(principal: Principal, { workstation }: Caller, event: string): Promise<void> {
    await authorize(this.ctx, principal, workstation, 'manage', 'KeyHierarchy');
    if (await this.#acknowledgement(principal)) return;
    const reason = 'Before your first key operation, read and sign the key custodian statement on the Keys and workstations screen.';
    await this.ctx.audit.record({ actor: actorOf(principal), workstation, event, outcome: 'denied', reason });
    throw new AppError('FORBIDDEN', reason);
  }

  async #acknowledgement(principal: Principal): Promise<string | null> {
    const row = await this.ctx.db
      .selectFrom('key_custodian_acknowledgements')
      .select('acknowledged_at')
      .where('staff_id', '=', principal.id)
      .where('statement_version', '=', CUSTODIAN_STATEMENT_VERSION)
      .orderBy('acknowledged_at', 'desc')
      .executeTakeFirst();
    return row?.acknowledged_at ?? null;
  }

  async #administrators(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('staff_roles')
      .innerJoin('staff', 'staff.id', 'staff_roles.staff_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('staff_roles.role_key', '=', 'administrator')
      .where('staff.status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #dualControl(): Promise<boolean> {
    return (await this.#administrators()) >= 2;
  }

  async #workstation(db: Kysely<Database>, id: number): Promise<WorkstationRow> {
    const ws = await db.selectFrom('workstations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!ws) throw new AppError('NOT_FOUND', 'There is no such workstation.');
    return { ...ws, id: Number(ws.id) };
  }

  /** A first approval still waiting for the second administrator (it lapses after 24 hours). */
  #liveFirstApproval(ws: WorkstationRow, now: Date): boolean {
    return ws.approved_at !== null && now.getTime() - Date.parse(ws.approved_at) <= SECOND_APPROVAL_WINDOW;
  }

  async #lapseExpired(trx: Kysely<Database>, now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - SECOND_APPROVAL_WINDOW).toISOString();
    await trx
      .updateTable('key_rotations')
      .set({ status: 'lapsed' })
      .where('status', '=', 'awaiting_confirmation')
      .where('requested_at', '<', cutoff)
      .execute();
  }

  async #keyFacts(): Promise<KeysOverview['key']> {
    const active = await this.ctx.db
      .selectFrom('key_versions')
      .select(['version', 'created_at'])
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!active) return null;
    const interval = await numberSetting(this.ctx.db, 'keys.rotationDays');
    const now = this.ctx.clock.now().getTime();
    const created = Date.parse(active.created_at);
    const due = created + interval * DAY;
    return {
      version: Number(active.version),
      createdAt: active.created_at,
      ageDays: Math.floor((now - created) / DAY),
      rotationIntervalDays: interval,
      rotationDueAt: new Date(due).toISOString(),
      rotationDue: now >= due,
    };
  }

  async #names(): Promise<Map<number, string>> {
    const rows = await this.ctx.db.selectFrom('staff').select(['id', 'display_name']).execute();
    return new Map(rows.map((r) => [Number(r.id), r.display_name]));
  }

  #statusText(ws: WorkstationRow, now: Date, names: Map<number, string> = new Map()): string {
    const who = (id: number | null) => (id === null ? 'first setup' : (names.get(Number(id)) ?? 'an administrator'));
    switch (ws.status) {
      case 'pending':
        if (this.#liveFirstApproval(ws, now)) {
          const due = new Date(Date.parse(ws.approved_at!) + SECOND_APPROVAL_WINDOW).toISOString();
          return `Approved by ${who(ws.approved_by)}; a second administrator must approve by ${formatDateTime(due)}.`;
        }
        return 'Waiting for approval: compare the fingerprint with the one on that workstation’s screen.';
      case 'enrolled':
        return ws.received_at ? 'Enrolled: holds the master key.' : 'Approved: it collects its key when it is next used.';
      case 'refused':
        return `Refused by ${who(ws.refused_by)}: ${ws.refusal_reason ?? ''}`.trim();
      case 'retired':
        return `Retired by ${who(ws.retired_by)} on ${formatDateTime(ws.retired_at ?? '')}.`;
    }
  }

  async #overview(principal: Principal): Promise<KeysOverview> {
    const { db } = this.ctx;
    const now = this.ctx.clock.now();
    const names = await this.#names();
    const name = (id: number | null) => (id === null ? null : (names.get(Number(id)) ?? null));
    const [thisWorkstation, key, administrators, acknowledgedAt] = await Promise.all([
      this.keys.thisWorkstation(),
      this.#keyFacts(),
      this.#administrators(),
      this.#acknowledgement(principal),
    ]);
    const dual = administrators >= 2;
    const rows = (await db.selectFrom('workstations').selectAll().orderBy('requested_at', 'desc').orderBy('id', 'desc').execute()).map(
      (r) => ({
        ...r,
        id: Number(r.id),
      }),
    );
    const workstations: WorkstationView[] = rows.map((ws) => {
      const firstLive = ws.status === 'pending' && this.#liveFirstApproval(ws, now);
      return {
        id: ws.id,
        name: ws.name,
        fingerprint: ws.fingerprint,
        reference: requestReference(ws.fingerprint),
        status: ws.status,
        statusText: this.#statusText(ws, now, names),
        requestedAt: ws.requested_at,
        approvedBy: ws.status === 'pending' && !firstLive ? null : name(ws.approved_by),
        approvedAt: ws.status === 'pending' && !firstLive ? null : ws.approved_at,
        secondApprovedBy: name(ws.second_approved_by),
        secondApprovalDueAt: firstLive ? new Date(Date.parse(ws.approved_at!) + SECOND_APPROVAL_WINDOW).toISOString() : null,
        receivedAt: ws.received_at,
        refusedBy: name(ws.refused_by),
        refusalReason: ws.refusal_reason,
        retiredBy: name(ws.retired_by),
        retiredAt: ws.retired_at,
        isThisWorkstation: ws.id === thisWorkstation.id,
        canApprove: ws.status === 'pending' && !(dual && firstLive && ws.approved_by === principal.id),
      };
    });
    const retiredSince = key ? rows.filter((w) => w.status === 'retired' && (w.retired_at ?? '') > key.createdAt) : [];
    return {
      thisWorkstation,
      key,
      rotation: await this.#latestRotation(principal, now, names),
      rotationRecommended: retiredSince.length
        ? `${retiredSince.map((w) => w.name).join(', ')} ${retiredSince.length === 1 ? 'was' : 'were'} retired after the current key was made: rotate the key so that ${retiredSince.length === 1 ? 'it no longer holds' : 'they no longer hold'} a key in use.`
        : null,
      dualControl: { required: dual, administrators },
      custodian: {
        acknowledged: acknowledgedAt !== null,
        acknowledgedAt,
        statementVersion: CUSTODIAN_STATEMENT_VERSION,
        statement: CUSTODIAN_STATEMENT,
      },
      workstations,
    };
  }

  async #latestRotation(principal: Principal, now: Date, names: Map<number, string>): Promise<RotationView | null> {
    const raw = await this.ctx.db.selectFrom('key_rotations').selectAll().orderBy('id', 'desc').executeTakeFirst();
    if (!raw) return null;
    const r: RotationRow = { ...raw, id: Number(raw.id), resealed: Number(raw.resealed), unreadable: Number(raw.unreadable) };
    const confirmBy = r.status === 'awaiting_confirmation' ? new Date(Date.parse(r.requested_at) + SECOND_APPROVAL_WINDOW) : null;
    const lapsed = r.status === 'lapsed' || (confirmBy !== null && now > confirmBy);
    const status = lapsed ? 'lapsed' : r.status;
    const who = (id: number | null) => (id === null ? null : (names.get(Number(id)) ?? 'an administrator'));
    const statusText = ((): string => {
      switch (status) {
        case 'awaiting_confirmation':
          return `Requested by ${who(r.requested_by)}; a second administrator must confirm by ${formatDateTime(confirmBy!.toISOString())}.`;
        case 'running':
          return `Re-sealing stored values under version ${r.to_version}: ${r.resealed} done so far.`;
        case 'finished':
          return `Finished on ${formatDateTime(r.finished_at!)}: ${r.resealed} values re-sealed under version ${r.to_version}; older versions were destroyed.`;
        case 'lapsed':
          return 'The request lapsed: no second administrator confirmed it within 24 hours.';
      }
    })();
    return {
      id: r.id,
      status,
      statusText: r.unreadable && status === 'finished' ? `${statusText} ${r.unreadable} damaged values could not be opened.` : statusText,
      fromVersion: Number(r.from_version),
      toVersion: r.to_version === null ? null : Number(r.to_version),
      requestedBy: who(r.requested_by) ?? '',
      requestedAt: r.requested_at,
      confirmBy: confirmBy && !lapsed ? confirmBy.toISOString() : null,
      confirmedBy: who(r.confirmed_by),
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      resealed: r.resealed,
      unreadable: r.unreadable,
      canConfirm: status === 'awaiting_confirmation' && Number(r.requested_by) !== principal.id,
    };
  }
}
