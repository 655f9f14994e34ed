/**
 * The IPC contract: every channel the renderer may call, with its input and output schema.
 * Main validates both directions against it; the renderer's typed client is derived from it.
 * This folder imports nothing but zod, so the renderer can share it safely.
 */
import type { z } from 'zod';
import { authContract } from './auth.js';
import { trainingContract } from './training.js';
import { recordsContract } from './records.js';
import { privacyContract } from './privacy.js';
import { adminContract } from './admin.js';
import { appContract } from './app.js';
import { reportsContract } from './reports.js';
import { reviewsContract } from './reviews.js';
import { rosterContract } from './roster.js';
import { dashboardContract } from './dashboard.js';
import { setupContract } from './setup.js';
import { accountsContract } from './accounts.js';
import { paymentsContract } from './payments.js';
import { retentionContract } from './retention.js';
import { siemContract } from './siem.js';
import { monitoringContract } from './monitoring.js';
import { keysContract } from './keys.js';
import { intakeContract } from './intake.js';

export const contract = {
  ...authContract,
  ...trainingContract,
  ...recordsContract,
  ...privacyContract,
  ...adminContract,
  ...appContract,
  ...reportsContract,
  ...reviewsContract,
  ...rosterContract,
  ...dashboardContract,
  ...setupContract,
  ...accountsContract,
  ...paymentsContract,
  ...retentionContract,
  ...siemContract,
  ...monitoringContract,
  ...keysContract,
  ...intakeContract,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
export type AccessOf<C extends Channel> = Contract[C]['access'];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

export type { Result, Ok, Err, ErrorCode } from './result.js';
