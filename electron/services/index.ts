/** Builds every service over one database handle and clock. No Electron here: all of it runs under Node. */
import type { DatabaseHandle } from '../../db/connection.js';
import { AuditLog } from './audit/auditLog.js';
import { AuthService } from './auth/authService.js';
import type { Clock } from './clock.js';
import type { ServiceContext } from './context.js';
import { TrainingService } from './training/trainingService.js';
import type { ContentProblem } from './training/contentLoader.js';
import { RecordsService } from './records/recordsService.js';
import { CardCipher, type CardKeyProvider } from './records/cardCipher.js';

export interface Services {
  ctx: ServiceContext;
  handle: DatabaseHandle;
  audit: AuditLog;
  auth: AuthService;
  training: TrainingService;
  records: RecordsService;
  /** Problems found in the content files at start-up (shown to administrators). */
  contentProblems: ContentProblem[];
  /** The privacy statement the training is built from (Markdown). */
  privacyStatement: string;
}

export function createServices(handle: DatabaseHandle, clock: Clock, cardKeys: CardKeyProvider): Services {
  const audit = new AuditLog(handle.dialect, clock);
  const ctx: ServiceContext = { db: handle.db, dialect: handle.dialect, clock, audit };
  const training = new TrainingService(ctx);
  return {
    ctx,
    handle,
    audit,
    auth: new AuthService(ctx),
    training,
    records: new RecordsService(ctx, training, new CardCipher(cardKeys)),
    contentProblems: [],
    privacyStatement: '',
  };
}
