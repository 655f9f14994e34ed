/**
 * Starts Clearance's back end without Electron: open the database, migrate, create the demo
 * organization when the database is new, and build the services and the IPC router. Electron's
 * main process, the browser test harness and the tests all start through here.
 */
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { seedDemo } from '../../demo/demo.js';
import { seedTrainingHistory } from '../../demo/trainingHistory.js';
import { DEMO_TRAINING_PLAN } from '../../demo/demoAccounts.js';
import { systemClock, type Clock } from '../services/clock.js';
import { createServices, type Services } from '../services/index.js';
import { handlers } from '../ipc/handlers/index.js';
import { Router, type Logger } from '../ipc/router.js';
import { importContent, loadContent } from '../services/training/contentLoader.js';
import type { CardKeyProvider } from '../services/records/cardCipher.js';
import { disableInactiveAccounts } from '../services/staff/rosterService.js';

export interface StartOptions extends DatabaseConfig {
  workstation: string;
  /** The folder holding clauses.yaml and modules/ (db/content in the source tree). */
  contentDir: string;
  /** Where the card-number key comes from (safeStorage in the app, a key file in tests). */
  cardKeys: CardKeyProvider;
  clock?: Clock;
  /** Create the demo organization when the database has no staff yet. */
  seedDemoIfEmpty?: boolean;
  logger?: Logger;
}

export interface RunningClearance {
  handle: DatabaseHandle;
  services: Services;
  router: Router;
  /** Jobs the shell runs once a day (disabling accounts unused for 90 days). */
  runDailyJobs(): Promise<void>;
  stop(): Promise<void>;
}

export async function startClearance(options: StartOptions): Promise<RunningClearance> {
  const clock = options.clock ?? systemClock;
  const handle = await openDatabase(options);
  try {
    await migrate(handle, undefined, () => clock.now());
    const services = createServices(handle, clock, options.cardKeys);
    const content = loadContent(options.contentDir);
    await importContent(handle.db, handle.dialect, services.audit, content, clock.now(), options.workstation);
    services.contentProblems.push(...content.problems);
    services.privacyStatement = content.statement;
    for (const p of content.problems) (options.logger ?? console).error(`Training content problem in ${p.file}: ${p.problem}`);
    if (options.seedDemoIfEmpty) {
      const anyone = await handle.db.selectFrom('staff').select('id').limit(1).executeTakeFirst();
      if (!anyone) {
        const cipher = services.records.cipher;
        await seedDemo(handle.db, {
          now: clock.now(),
          encryptPan: cipher.available ? (pan, orderId) => cipher.encrypt(pan, orderId) : undefined,
        });
        await seedTrainingHistory(handle.db, clock.now(), DEMO_TRAINING_PLAN);
        await services.audit.append(handle.db, {
          actor: null,
          workstation: options.workstation,
          event: 'admin.demo_created',
          outcome: 'allowed',
          reason: 'new database: demo organization created with synthetic data',
        });
      }
    }
    await disableInactiveAccounts(services.ctx, options.workstation);
    // PCI DSS 10.2.1.6: the start and stop of audit logging are themselves logged.
    await services.audit.append(handle.db, {
      actor: null,
      workstation: options.workstation,
      event: 'audit.log_start',
      outcome: 'allowed',
      reason: 'application started',
    });
    const router = new Router(services, handlers, options.logger);
    let stopped = false;
    return {
      handle,
      services,
      router,
      async runDailyJobs() {
        await disableInactiveAccounts(services.ctx, options.workstation);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await services.audit.append(handle.db, {
          actor: null,
          workstation: options.workstation,
          event: 'audit.log_stop',
          outcome: 'allowed',
          reason: 'application stopped',
        });
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
