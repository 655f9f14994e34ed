import type { Handlers } from '../router.js';
import { authHandlers } from './auth.js';
import { trainingHandlers } from './training.js';
import { recordsHandlers } from './records.js';
import { privacyHandlers } from './privacy.js';
import { adminHandlers } from './admin.js';
import { appHandlers } from './app.js';
import { reportsHandlers } from './reports.js';
import { reviewsHandlers } from './reviews.js';
import { rosterHandlers } from './roster.js';
import { dashboardHandlers } from './dashboard.js';
import { setupHandlers } from './setup.js';
import { accountsHandlers } from './accounts.js';
import { paymentsHandlers } from './payments.js';
import { retentionHandlers } from './retention.js';
import { siemHandlers } from './siem.js';
import { monitoringHandlers } from './monitoring.js';
import { keysHandlers } from './keys.js';
import { intakeHandlers } from './intake.js';

/** Every channel's handler. The type makes a channel without a handler a compile error. */
export const handlers: Handlers = {
  ...authHandlers,
  ...trainingHandlers,
  ...recordsHandlers,
  ...privacyHandlers,
  ...adminHandlers,
  ...appHandlers,
  ...reportsHandlers,
  ...reviewsHandlers,
  ...rosterHandlers,
  ...dashboardHandlers,
  ...setupHandlers,
  ...accountsHandlers,
  ...paymentsHandlers,
  ...retentionHandlers,
  ...siemHandlers,
  ...monitoringHandlers,
  ...keysHandlers,
  ...intakeHandlers,
};
