/**
 * Builds every service once, over one database handle, clock, desktop and log, with everything
 * each needs; nothing is assigned after construction. Services are classes, one per domain (in
 * the manner of Signal Desktop's ts/sql/server/*), and each IPC handler calls one method of one
 * of them. Below the services, pure rules (policy, status, quiz) and shared queries are functions.
 * No Electron here: all of it runs under Node.
 */
import type { DatabaseHandle } from '../../db/connection.js';
import { AppService } from './appService.js';
import type { AuditLog } from './audit/auditLog.js';
import { AuditIntegrityService } from './audit/auditIntegrityService.js';
import { AuditTrailService } from './audit/auditTrailService.js';
import { AuthService } from './auth/authService.js';
import { SecondFactorService } from './auth/secondFactorService.js';
import { Verifier } from './auth/verification.js';
import type { Clock } from './clock.js';
import type { ServiceContext } from './context.js';
import type { Desktop } from './desktop.js';
import type { Logger } from './logger.js';
import type { KeyCustody } from './keys/custody.js';
import { KeyAdminService } from './keys/keyAdminService.js';
import { KeyService } from './keys/keyService.js';
import { CardCipher } from './records/cardCipher.js';
import { MonitoringService } from './monitoring/monitoringService.js';
import { RecordsService } from './records/recordsService.js';
import { IntakeService } from './intake/intakeService.js';
import { SensitiveFieldCipher } from './records/sensitiveFields.js';
import { PhonePaymentService } from './records/phonePayments.js';
import { RetentionService } from './records/retention.js';
import { DashboardService } from './reports/dashboard.js';
import { EvidencePackService } from './reports/evidencePack.js';
import { ReportsService } from './reports/reportsService.js';
import { AccessReviewService } from './reviews/accessReviews.js';
import { BreakGlassReviewService } from './reviews/breakGlassReviewService.js';
import { RosterService } from './staff/rosterService.js';
import { SetupService } from './setup/setupService.js';
import { AccountAdminService } from './staff/accountAdminService.js';
import { hasActiveSecondFactor } from './staff/staffDirectory.js';
import type { ForwarderOptions } from './siem/forwarder.js';
import { SiemForwardingService } from './siem/siemForwardingService.js';
import type { ContentProblem } from './training/contentLoader.js';
import { TrainingService } from './training/trainingService.js';
import { WorkstationSettingsService } from './workstationSettings.js';

export interface ServiceOptions {
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditLog;
  desktop: Desktop;
  logger: Logger;
  /** This workstation's sealed key store: the master key versions it holds and its enrolment key pair. */
  keyCustody: KeyCustody;
  /** Values re-sealed per transaction during a key rotation. */
  keyRotationBatchSize?: number | undefined;
  /** This workstation's name (host name). */
  workstation: string;
  /** What start-up read from the content folder: the problems found, and the privacy statement. */
  content: { problems: readonly ContentProblem[]; statement: string };
  /** The database came from CLEARANCE_DATABASE_URL. */
  databaseFromEnvironment: boolean;
  /** How long a file in the watched intake folder must rest before it is read (tests: 0). */
  intakeSettleMs?: number | undefined;
  /** Which database this is (databaseIdentity), as audit checkpoints record it. */
  databaseIdentity: string;
  /** The witness folder used when an administrator chose none; null for no witness. */
  defaultWitnessFolder: string | null;
  /** Timing of SIEM delivery (tests make it quick); the defaults suit the app. */
  siemTiming?: ForwarderOptions | undefined;
}

export interface Services {
  readonly audit: AuditLog;
  readonly keys: KeyService;
  readonly keyAdmin: KeyAdminService;
  readonly auth: AuthService;
  /** The one path every password and code is checked through (for services that ask again). */
  readonly verifier: Verifier;
  readonly secondFactors: SecondFactorService;
  readonly training: TrainingService;
  readonly records: RecordsService;
  readonly intake: IntakeService;
  readonly payments: PhonePaymentService;
  readonly retention: RetentionService;
  readonly auditTrail: AuditTrailService;
  readonly auditIntegrity: AuditIntegrityService;
  readonly siem: SiemForwardingService;
  readonly breakGlassReviews: BreakGlassReviewService;
  readonly reports: ReportsService;
  readonly accessReviews: AccessReviewService;
  readonly dashboard: DashboardService;
  readonly evidencePack: EvidencePackService;
  readonly roster: RosterService;
  readonly monitoring: MonitoringService;
  readonly settings: WorkstationSettingsService;
  readonly app: AppService;
  readonly setup: SetupService;
  readonly accounts: AccountAdminService;
}

export function createServices(options: ServiceOptions): Services {
  const { handle } = options;
  const ctx: ServiceContext = {
    db: handle.db,
    dialect: handle.dialect,
    clock: options.clock,
    audit: options.audit,
    desktop: options.desktop,
    logger: options.logger,
  };
  const keys = new KeyService(ctx, {
    custody: options.keyCustody,
    workstation: options.workstation,
    ...(options.keyRotationBatchSize ? { rotationBatchSize: options.keyRotationBatchSize } : {}),
  });
  const keyAdmin = new KeyAdminService(ctx, keys);
  const training = new TrainingService(ctx, { problems: options.content.problems });
  const reports = new ReportsService(ctx);
  const cardCipher = new CardCipher(keys);
  const sensitiveFields = new SensitiveFieldCipher(ctx, keys);
  const auditIntegrity = new AuditIntegrityService(ctx, {
    keys,
    database: options.databaseIdentity,
    workstation: options.workstation,
    defaultWitnessFolder: options.defaultWitnessFolder,
  });
  const siem = new SiemForwardingService(ctx, {
    workstation: options.workstation,
    ...(options.siemTiming ? { forwarder: options.siemTiming } : {}),
  });
  const monitoring = new MonitoringService(ctx);
  const verifier = new Verifier(ctx, keys);
  const secondFactors = new SecondFactorService(ctx, verifier, keys);
  const auth = new AuthService(ctx, training, verifier, secondFactors);
  return {
    audit: options.audit,
    keys,
    keyAdmin,
    auth,
    verifier,
    secondFactors,
    training,
    records: new RecordsService(ctx, training, cardCipher, sensitiveFields, keys, verifier),
    intake: new IntakeService(ctx, training, sensitiveFields, { workstation: options.workstation, settleMs: options.intakeSettleMs }),
    payments: new PhonePaymentService(ctx, training, cardCipher),
    retention: new RetentionService(ctx),
    auditTrail: new AuditTrailService(ctx, keys, auditIntegrity),
    auditIntegrity,
    siem,
    breakGlassReviews: new BreakGlassReviewService(ctx),
    reports,
    accessReviews: new AccessReviewService(ctx, reports),
    dashboard: new DashboardService(ctx, reports, auditIntegrity, siem, monitoring, keyAdmin),
    evidencePack: new EvidencePackService(ctx, reports, auditIntegrity),
    roster: new RosterService(ctx),
    monitoring,
    settings: new WorkstationSettingsService(ctx, { location: handle.location, fromEnvironment: options.databaseFromEnvironment }),
    app: new AppService(ctx, options.content.statement),
    setup: new SetupService(ctx, auth, keys),
    accounts: new AccountAdminService(ctx, training, secondFactors, hasActiveSecondFactor),
  };
}
