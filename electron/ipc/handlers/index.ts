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
import { siemHandlers } from './siem.js';
import { monitoringHandlers } from './monitoring.js';

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
  ...siemHandlers,
  ...monitoringHandlers,
};
