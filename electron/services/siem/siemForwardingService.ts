/**
 * SIEM forwarding of the running app (PCI DSS 10.4.1.1, NIST AU-6(3)): the settings an
 * administrator saved (tested first), the cursor in the database, and a lease so that exactly one
 * workstation per database forwards at a time; the others stand by and take over when its lease
 * runs out. The delivery itself is the Forwarder (forwarder.ts). Nothing here can block or fail a
 * user's action: forwarding runs beside the app, and every failure is kept for the status.
 */
import { randomUUID } from 'node:crypto';
import type { SiemSettingsView, SiemStatusView } from '../../contract/siem.js';
import type { Caller } from '../caller.js';
import { SECOND } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { authorize } from '../policy/authorize.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { Forwarder, type ForwarderOptions, type ForwarderStatus } from './forwarder.js';
import { createSink, testSink, type SinkTestResult } from './sinks.js';
import type { SyslogTcpSinkOptions } from './syslogTcpSink.js';
import type { SiemSettings } from './types.js';

export interface SiemForwardingOptions {
  workstation: string;
  /** How long a lease lasts without renewal; the shell renews it every quarter of this. Default 60 s. */
  leaseMs?: number;
  forwarder?: ForwarderOptions;
  syslog?: SyslogTcpSinkOptions;
}

interface Running {
  settingsJson: string;
  forwarder: Forwarder;
}

type SettingsInput = SiemSettingsView;

export class SiemForwardingService {
  /** This running app, distinct from another start of the same workstation. */
  private readonly holder = randomUUID();
  private running: Running | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private readonly leaseMs: number;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: SiemForwardingOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60 * SECOND;
  }

  /** How often the shell should call tick(): well within the lease. */
  get tickIntervalMs(): number {
    return Math.max(1000, Math.floor(this.leaseMs / 4));
  }

  /** Wakes the forwarder after an append (never throws, never waits). */
  notify(seq: number): void {
    this.running?.forwarder.notify(seq);
  }

  /**
   * Takes or renews the lease and runs the forwarder while this app holds it; stops it when the
   * settings are gone or another workstation holds the lease. Records the status for the others.
   * Never throws: a database that cannot be reached just means no forwarding from here this time.
   */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.step()
      .catch((error: unknown) => this.ctx.logger.error(`SIEM forwarding: ${error instanceof Error ? error.name : 'error'}`))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const { db, clock } = this.ctx;
    const row = await db.selectFrom('siem_forwarding').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    if (!row.settings) {
      await this.stopForwarder();
      return;
    }
    const now = clock.now();
    const until = new Date(now.getTime() + this.leaseMs).toISOString();
    const taken = await db
      .updateTable('siem_forwarding')
      .set({ lease_holder: this.holder, lease_workstation: this.options.workstation, lease_expires_at: until })
      .where('id', '=', 1)
      .where((eb) =>
        eb.or([eb('lease_holder', 'is', null), eb('lease_holder', '=', this.holder), eb('lease_expires_at', '<', now.toISOString())]),
      )
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) {
      // Another workstation forwards.
      await this.stopForwarder();
      return;
    }
    if (this.running?.settingsJson !== row.settings) {
      await this.stopForwarder(false);
      const settings = JSON.parse(row.settings) as SiemSettings;
      const forwarder = new Forwarder(
        {
          fetchAfter: (seq, limit) => db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute(),
          loadCursor: async () =>
            Number((await db.selectFrom('siem_forwarding').select('cursor').where('id', '=', 1).executeTakeFirstOrThrow()).cursor),
          saveCursor: (seq) => this.saveCursor(seq),
          headSeq: async () =>
            Number((await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? 0),
          sink: createSink(settings, clock, this.options.syslog),
          clock,
          log: (line) => this.ctx.logger.info(line),
        },
        { pollIntervalMs: 2 * SECOND, ...this.options.forwarder },
      );
      this.running = { settingsJson: row.settings, forwarder };
      forwarder.start();
    }
    await db
      .updateTable('siem_forwarding')
      .set({ status: JSON.stringify(this.running!.forwarder.status()), updated_at: now.toISOString() })
      .where('id', '=', 1)
      .where('lease_holder', '=', this.holder)
      .execute();
  }

  /** The cursor moves only while this app holds the lease, so a stand-by never overwrites it. */
  private async saveCursor(seq: number): Promise<void> {
    const r = await this.ctx.db
      .updateTable('siem_forwarding')
      .set({ cursor: seq, updated_at: this.ctx.clock.now().toISOString() })
      .where('id', '=', 1)
      .where('lease_holder', '=', this.holder)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new Error('this workstation no longer holds the forwarding lease');
  }

  private async stopForwarder(release = true): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await running.forwarder.stop();
    if (release && running) await this.releaseLease();
  }

  private async releaseLease(): Promise<void> {
    await this.ctx.db
      .updateTable('siem_forwarding')
      .set({ lease_holder: null, lease_workstation: null, lease_expires_at: null })
      .where('id', '=', 1)
      .where('lease_holder', '=', this.holder)
      .execute();
  }

  /** At the app's stop: ends delivery (a batch in flight may finish) and hands the lease back. Never throws. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.ticking;
    try {
      const running = this.running;
      this.running = null;
      if (running) {
        await running.forwarder.stop();
        await this.ctx.db
          .updateTable('siem_forwarding')
          .set({ status: JSON.stringify(running.forwarder.status()) })
          .where('id', '=', 1)
          .where('lease_holder', '=', this.holder)
          .execute();
      }
      await this.releaseLease();
    } catch (error) {
      this.ctx.logger.error(`SIEM forwarding stop: ${error instanceof Error ? error.name : 'error'}`);
    }
  }

  /** Administrators: the settings and how forwarding goes. */
  async status(principal: Principal, { workstation }: Caller): Promise<SiemStatusView> {
    await authorize(this.ctx, principal, workstation, 'read', 'Settings');
    return this.currentStatus();
  }

  /** Sends one test message with the settings, saving nothing. Audited. */
  async test(principal: Principal, settings: SettingsInput, { workstation }: Caller): Promise<SinkTestResult> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Settings');
    const result = await testSink(settings, { clock: this.ctx.clock, workstation: this.options.workstation });
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'admin.siem_test',
      outcome: 'allowed',
      resource: { type: 'setting', id: 'siem' },
      reason: result.message,
    });
    return result;
  }

  /** Saves the settings once a test message got through with them, and starts forwarding with them. */
  async save(principal: Principal, settings: SettingsInput, caller: Caller): Promise<SiemStatusView> {
    await authorize(this.ctx, principal, caller.workstation, 'manage', 'Settings');
    const tested = await testSink(settings, { clock: this.ctx.clock, workstation: this.options.workstation });
    if (!tested.ok) throw new AppError('UNAVAILABLE', `${tested.message}. Nothing was saved.`);
    const { db, clock, audit } = this.ctx;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('siem_forwarding')
        .set({ settings: JSON.stringify(settings), updated_at: clock.now().toISOString() })
        .where('id', '=', 1)
        .execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation: caller.workstation,
        event: 'admin.siem_settings',
        outcome: 'allowed',
        resource: { type: 'setting', id: 'siem' },
        reason: `audit trail forwarded to the SIEM: ${describe(settings)}`,
      });
    });
    await this.tick();
    return this.currentStatus();
  }

  async turnOff(principal: Principal, { workstation }: Caller): Promise<SiemStatusView> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Settings');
    const { db, clock, audit } = this.ctx;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('siem_forwarding').set({ settings: null, updated_at: clock.now().toISOString() }).where('id', '=', 1).execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'admin.siem_settings',
        outcome: 'allowed',
        resource: { type: 'setting', id: 'siem' },
        reason: 'SIEM forwarding turned off',
      });
    });
    await this.tick();
    return this.currentStatus();
  }

  /** How forwarding goes, from the database: what the dashboards of every workstation show. */
  async currentStatus(): Promise<SiemStatusView> {
    const { db, clock } = this.ctx;
    const row = await db.selectFrom('siem_forwarding').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const head = Number((await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? 0);
    const cursor = Number(row.cursor);
    const lag = Math.max(0, head - cursor);
    const oldest =
      lag > 0
        ? ((await db.selectFrom('audit_log').select('at').where('seq', '>', cursor).orderBy('seq').limit(1).executeTakeFirst())?.at ?? null)
        : null;
    const settings = row.settings ? (JSON.parse(row.settings) as SiemSettingsView) : null;
    const leased = row.lease_holder !== null && row.lease_expires_at !== null && row.lease_expires_at >= clock.now().toISOString();
    const reported = row.status ? (JSON.parse(row.status) as ForwarderStatus) : null;
    const state: SiemStatusView['state'] = !settings
      ? 'off'
      : !leased || !reported || reported.state === 'stopped' || reported.state === 'not_started'
        ? 'idle'
        : reported.state === 'retrying'
          ? 'retrying'
          : lag === 0
            ? 'caught_up'
            : 'sending';
    return {
      settings,
      destination: settings ? describe(settings) : null,
      state,
      forwardingWorkstation: leased ? row.lease_workstation : null,
      cursor,
      headSeq: head,
      lag,
      oldestUndeliveredAt: oldest,
      lastSuccessAt: reported?.lastSuccessAt ?? null,
      lastError: reported?.lastError ?? null,
      lastErrorAt: reported?.lastErrorAt ?? null,
      consecutiveFailures: settings && leased ? (reported?.consecutiveFailures ?? 0) : 0,
    };
  }
}

/** The destination in words (the sinks' own descriptions), with no secret in it. */
function describe(settings: SiemSettings): string {
  return settings.kind === 'syslog'
    ? `syslog over ${settings.tls ? 'TLS' : 'TCP'} to ${settings.host}:${settings.port}`
    : `JSON Lines files in ${settings.folder}`;
}
