/** Organization settings with defaults; stored as text in the settings table. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_XAPI_ACTIVITY_BASE } from './training/xapi.js';

export const SETTING_DEFAULTS = {
  /** Days a new hire (or a newly granted role) has to complete assigned training. */
  'training.dueDays': 30,
  /** Questions drawn for each quiz attempt. */
  'training.quizSize': 8,
  /** Days after which the master key is due for rotation (PCI DSS 3.6.4: at the end of its cryptoperiod). */
  'keys.rotationDays': 365,
  /** 1: everyone signs in with a second factor, not only the roles that must (secondFactorRules.ts). */
  'mfa.requiredForAll': 0,
  /** A code given within this many minutes covers a sensitive action; after that it is asked again. */
  'mfa.stepUpMinutes': 15,
  /** A phone payment still pending after this many hours is flagged to the card processors' supervisor. */
  'payments.pendingAlertHours': 24,
  /** Retention per kind of record, in days from the record's date (see services/records/retention.ts). */
  'retention.LiveHelpTranscript.days': 3 * 365,
  'retention.PersonalRecord.days': 7 * 365,
  'retention.CardTransaction.days': 2 * 365,
  /** Minutes between audit checkpoints while the app runs (there is one at every start and stop too). */
  'audit.checkpointIntervalMinutes': 60,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function numberSetting(db: Kysely<Database>, key: SettingKey): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) ? value : SETTING_DEFAULTS[key];
}

/** Stores a setting (insert or replace), inside the caller's transaction when given one. */
export async function saveSetting(db: Kysely<Database>, key: SettingKey, value: string | number, now: Date): Promise<void> {
  const text = String(value);
  const at = now.toISOString();
  await db
    .insertInto('settings')
    .values({ key, value: text, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at }))
    .execute();
}

/** Organization settings that are text, with their defaults. */
export const TEXT_SETTING_DEFAULTS = {
  /**
   * Where the organization's xAPI activity ids live (an https URL it controls): module
   * activities are <base>/<module id>. Ask the learning record store's owner before changing it.
   */
  'xapi.activityBase': DEFAULT_XAPI_ACTIVITY_BASE,
} as const;

export type TextSettingKey = keyof typeof TEXT_SETTING_DEFAULTS;

/** The activity base as set, if it is an https URL; otherwise the default (an export never carries a malformed id). */
export async function xapiActivityBase(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'xapi.activityBase').executeTakeFirst();
  const value = row?.value.trim().replace(/\/+$/, '');
  if (value && URL.canParse(value) && new URL(value).protocol === 'https:') return value;
  return TEXT_SETTING_DEFAULTS['xapi.activityBase'];
}
