/**
 * The composition root. Starts Clearance's back end without Electron: open the database, migrate,
 * import the training content, build every service once with what it needs, create the demo
 * organization when asked and the database is new, and build the IPC router. Electron's main
 * process, the browser test harness and the tests all start through here.
 */
import { databaseIdentity, openDatabase, type DatabaseConfig, type DatabaseHandle } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { AuditLog } from '../services/audit/auditLog.js';
import { MINUTE, SECOND, systemClock, type Clock } from '../services/clock.js';
import { noDesktop, type Desktop } from '../services/desktop.js';
import { createServices, type Services } from '../services/index.js';
import { consoleLogger, redactingLogger, type Logger } from '../services/logger.js';
import { redactForLog } from '../services/intake/sensitiveData.js';
import type { ForwarderOptions } from '../services/siem/forwarder.js';
import type { KeyCustody } from '../services/keys/custody.js';
import { protectCardNumber } from '../services/records/cardCipher.js';
import { sealPersonalFields } from '../services/records/sensitiveFields.js';
import type { LegacyCardKey } from '../services/records/legacyCardKey.js';
import { totpSealContext } from '../services/auth/totpFactors.js';
import type { ContentProblem } from '../services/training/contentLoader.js';
import { importStartContent, readStartContent } from '../services/training/contentStartup.js';
import { markDemoOrganization, organizationOf } from '../services/setup/setupService.js';
import { handlers } from '../ipc/handlers/index.js';
import { Router } from '../ipc/router.js';

export interface StartOptions extends DatabaseConfig {
  workstation: string;
  /** The folder holding clauses.yaml and modules/ (db/content in the source tree). */
  contentDir: string;
  /**
   * This workstation's key custody: where it keeps the master key versions and its enrolment key
   * pair, sealed (safeStorage under userData in the app; a folder and a key file in the harness;
   * a fixed test key in tests).
   */
  keyCustody: KeyCustody;
  /** The per-workstation card key of earlier versions, if this workstation still keeps one: migrated into the hierarchy at start. */
  legacyCardKey?: LegacyCardKey;
  /** Values re-sealed per transaction during a key rotation (tests make it small). */
  keyRotationBatchSize?: number;
  clock?: Clock;
  /**
   * Create the demo organization when the database is not set up yet (the demo seed is loaded only
   * then), and remember in the database that it is a demo. Without it, an empty database opens on
   * the first-run setup.
   */
  seedDemoIfEmpty?: boolean;
  /** Files, PDFs and notifications: Electron's in the app, the harness's in browser tests; none by default. */
  desktop?: Desktop;
  logger?: Logger;
  /** The database came from CLEARANCE_DATABASE_URL (shown to administrators); by default, whether that is set. */
  databaseFromEnvironment?: boolean;
  /** Look in the watched intake folder every 30 seconds (the app, the harness); tests call services.intake.scanWatchedFolder(). */
  watchIntakeFolder?: boolean;
  /** How long a file in the watched intake folder must rest before it is read (default 2 s). */
  intakeSettleMs?: number;
  /** The audit witness folder when an administrator chose none (the user-data folder in the app); none by default. */
  witnessFolder?: string | null;
  /** Run the scheduled work on timers (checkpoints, daily verification, the SIEM lease); tests call runScheduledJobs() instead. */
  background?: boolean;
  /** Timing of SIEM delivery (tests make it quick). */
  siemTiming?: ForwarderOptions;
}

export interface RunningClearance {
  handle: DatabaseHandle;
  services: Services;
  router: Router;
  /** The clock every time rule reads (the system's unless the caller gave one). */
  clock: Clock;
  /** Problems found in the content files at start-up (administrators see them under Training content). */
  contentProblems: readonly ContentProblem[];
  /** This workstation's name, as its audit entries and checkpoints carry it. */
  workstation: string;
  /** Jobs the shell runs once a day (disabling accounts unused for 90 days, disposing of records past their retention). */
  runDailyJobs(): Promise<void>;
  /** Work that is due by the clock: an interval checkpoint, the daily verification. Runs every minute with `background`. */
  runScheduledJobs(): Promise<void>;
  /** The scheduled run of the privacy-monitoring rules (the shell runs it hourly and once after start). */
  runMonitoring(): Promise<void>;
  stop(): Promise<void>;
}

/** How often the watched intake folder is looked at. */
const INTAKE_FOLDER_INTERVAL = 30 * SECOND;

/** A back end that is ready for its window while its start-up work finishes beside it. */
export interface StartingClearance extends RunningClearance {
  /**
   * The start-up work: the signed start checkpoint, the content import, the key ring, sealing
   * values carried over in clear, the 90-day check, the start entry and the SIEM lease. Rejects
   * when it fails. Until it settles the router holds every call, so nothing this run writes comes
   * before its start checkpoint.
   */
  started: Promise<void>;
}

/**
 * Starts Clearance and returns once it is ready for its window: the database open and migrated and
 * the services built. What does not grow with the database is done here; the start-up work goes
 * on beside the window's loading (see `started`).
 */
export async function openClearance(options: StartOptions): Promise<StartingClearance> {
  const clock = options.clock ?? systemClock;
  // Nothing reaches the log unscanned: see redactingLogger.
  const logger = redactingLogger(options.logger ?? consoleLogger, redactForLog);
  const handle = await openDatabase(options);
  let services: Services;
  let audit: AuditLog;
  let content: Awaited<ReturnType<typeof readStartContent>>;
  let router: Router;
  try {
    await migrate(handle, undefined, () => clock.now());
    audit = new AuditLog(handle.db, handle.dialect, clock);
    content = await readStartContent(handle.db, options.contentDir);
    services = createServices({
      handle,
      clock,
      audit,
      desktop: options.desktop ?? noDesktop,
      logger,
      keyCustody: options.keyCustody,
      keyRotationBatchSize: options.keyRotationBatchSize,
      workstation: options.workstation,
      content,
      databaseFromEnvironment: options.databaseFromEnvironment ?? Boolean(process.env.CLEARANCE_DATABASE_URL),
      intakeSettleMs: options.intakeSettleMs,

      databaseIdentity: databaseIdentity(options),
      defaultWitnessFolder: options.witnessFolder ?? null,
      siemTiming: options.siemTiming,
    });
    router = new Router(services, handlers, logger, clock);
  } catch (error) {
    await handle.close();
    throw error;
  }

  let timers: ReturnType<typeof setInterval>[] = [];
  let intakeTimer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  const runScheduledJobs = async () => {
    // One run at a time: a slow verification is not started again under itself.
    if (running) return running;
    running = (async () => {
      await services.siem.tick();
      await services.auditIntegrity.runScheduled();
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const started = (async () => {
    // Before this run appends anything: the head as this workstation found it, signed.
    await services.auditIntegrity.checkpoint('start');
    await importStartContent(handle.db, handle.dialect, audit, content, clock.now(), options.workstation);
    for (const p of content.problems) logger.error(`Training content problem in ${p.file}: ${p.problem}`);
    // The first-run setup creates the master key of a new database; a demo, or a database set up
    // before keys existed, gets it from the first workstation that starts on it.
    if (options.seedDemoIfEmpty || (await organizationOf(handle.db))) await services.keys.ensureMasterKey(null);
    // Posts this workstation's enrolment request, or collects a key wrapped for it.
    await services.keys.ring();
    if (options.legacyCardKey) await services.records.adoptLegacyCardKey(options.legacyCardKey, options.workstation);
    if (options.seedDemoIfEmpty) await seedDemoIfEmpty(handle, audit, services, clock, options.workstation);
    // Values an older database held in clear are sealed at the first start that holds the key.
    await services.records.sealCarriedOverFields(options.workstation);
    await services.roster.disableInactiveAccounts(options.workstation);
    // PCI DSS 10.2.1.6: the start and stop of audit logging are themselves logged.
    await audit.record({
      actor: null,
      workstation: options.workstation,
      event: 'audit.log_start',
      outcome: 'allowed',
      reason: 'application started',
    });
    // A rotation interrupted by a restart continues (in the background) wherever the new key is held.
    void services.keys.driveRotation();
    // Forwarding runs beside the app: it wakes on each committed entry, and starts now if it is set up.
    audit.onAppended((seq) => services.siem.notify(seq));
    await services.siem.tick();
    if (stopped) return;
    intakeTimer = options.watchIntakeFolder
      ? setInterval(
          () =>
            void services.intake
              .scanWatchedFolder()
              .catch((e: unknown) => logger.error(`watched intake folder failed: ${e instanceof Error ? e.name : 'error'}`)),
          INTAKE_FOLDER_INTERVAL,
        )
      : null;
    intakeTimer?.unref();
    timers = options.background
      ? [
          setInterval(() => void runScheduledJobs().catch((e: unknown) => logger.error(`scheduled jobs failed: ${errorName(e)}`)), MINUTE),
          // The SIEM lease is renewed well within its life, so another workstation never takes over a live forwarder.
          setInterval(() => void services.siem.tick(), services.siem.tickIntervalMs),
        ]
      : [];
    for (const t of timers) t.unref();
  })();
  // Whoever holds the app sees a failure through `started` (or a held call); it is never unhandled.
  started.catch(() => undefined);
  router.holdUntil(started);

  return {
    handle,
    services,
    router,
    clock,
    contentProblems: content.problems,
    workstation: options.workstation,
    started,
    // Jobs write audit entries too: never before the start checkpoint.
    async runDailyJobs() {
      await started;
      await services.roster.disableInactiveAccounts(options.workstation);
      await services.retention.disposeExpired(null, options.workstation);
      void services.keys.driveRotation();
    },
    async runScheduledJobs() {
      await started;
      await runScheduledJobs();
    },
    async runMonitoring() {
      await started;
      await services.monitoring.runScheduled(options.workstation);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const startedWell = await started.then(
        () => true,
        () => false,
      );
      await services.keys.stop();
      if (intakeTimer) clearInterval(intakeTimer);
      await services.intake.whenIdle();
      for (const t of timers) clearInterval(t);
      await running?.catch(() => undefined);
      await services.siem.stop();
      if (startedWell) {
        await audit.record({
          actor: null,
          workstation: options.workstation,
          event: 'audit.log_stop',
          outcome: 'allowed',
          reason: 'application stopped',
        });
        // The last thing this run does: anything after it in this workstation's name was not written by it.
        await services.auditIntegrity.checkpoint('stop');
      }
      await handle.close();
    },
  };
}

/** Starts Clearance and returns once its start-up work is done too (tests, scripts and the harness). */
export async function startClearance(options: StartOptions): Promise<RunningClearance> {
  const app = await openClearance(options);
  try {
    await app.started;
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
  return app;
}

async function seedDemoIfEmpty(
  handle: DatabaseHandle,
  audit: AuditLog,
  services: Services,
  clock: Clock,
  workstation: string,
): Promise<void> {
  if (await organizationOf(handle.db)) return;
  const anyone = await handle.db.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (anyone) return;
  // Loaded on demand: the demo seed (and faker with it) is a separate bundle in the built app.
  const { seedDemoOrganization } = await import('../../demo/seed.js');
  const ring = await services.keys.ring();
  await seedDemoOrganization(handle.db, {
    now: clock.now(),
    protect: ring.available
      ? {
          cardNumber: (pan, orderId) => protectCardNumber(ring, pan, orderId),
          personal: (recordId, values) => sealPersonalFields(ring, recordId, values),
        }
      : undefined,
    sealTotpSecret: ring.available ? (secret, staffId) => ring.seal('mfa-secrets', secret, totpSealContext(staffId)) : undefined,
  });
  await markDemoOrganization(handle.db, clock.now());
  await audit.record({
    actor: null,
    workstation,
    event: 'admin.demo_created',
    outcome: 'allowed',
    reason: 'new database: demo organization created with synthetic data',
  });
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'error';
}
