/** Organization settings with defaults; stored as text in the settings table. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEFAULT_XAPI_ACTIVITY_BASE } from './training/xapi.js';

export const SETTING_DEFAULTS = {
  /** Days a new hire (or a newly granted role) has to complete assigned training. */
  'training.dueDays': 30,
  /** Questions drawn for each quiz attempt. */
  'training.quizSize': 8,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function numberSetting(db: Kysely<Database>, key: SettingKey): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isFinite(value) ? value : SETTING_DEFAULTS[key];
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
