/**
 * The monitoring rules' settings, kept in the settings table (shared by every workstation):
 *   monitoring.timeZone                 the organization's IANA time zone (default: this workstation's)
 *   monitoring.rule.<rule>.enabled      1 or 0 (default 1)
 *   monitoring.rule.<rule>.<setting>    a number within the rule's limits (default: the rule's)
 *   monitoring.hours.<department id>    working hours as JSON {start, end, weekendsAreAfterHours}
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { MonitorRuleKey } from '../../contract/monitoring.js';
import { isTimeZone } from './localDays.js';
import type { MonitoringRule, WorkingHours } from './rules.js';

export const DEFAULT_HOURS: WorkingHours = { start: '07:00', end: '19:00', weekendsAreAfterHours: true };

export interface MonitoringSettings {
  timeZone: string;
  enabled(rule: MonitorRuleKey): boolean;
  value(rule: MonitoringRule, key: string): number;
  hours(departmentId: number): WorkingHours;
}

const ruleKey = (rule: MonitorRuleKey, key: string) => `monitoring.rule.${rule}.${key}`;
const hoursKey = (departmentId: number) => `monitoring.hours.${departmentId}`;

function workstationTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function parseHours(text: string | undefined): WorkingHours {
  if (!text) return DEFAULT_HOURS;
  try {
    const h = JSON.parse(text) as Partial<WorkingHours>;
    const time = /^([01]\d|2[0-3]):[0-5]\d$/;
    if (typeof h.start === 'string' && typeof h.end === 'string' && time.test(h.start) && time.test(h.end) && h.start < h.end) {
      return { start: h.start, end: h.end, weekendsAreAfterHours: h.weekendsAreAfterHours !== false };
    }
  } catch {
    // A malformed value falls back to the default hours.
  }
  return DEFAULT_HOURS;
}

/** Every monitoring setting as stored now, with defaults for what was never set. */
export async function readMonitoringSettings(db: Kysely<Database>): Promise<MonitoringSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'monitoring.%').execute();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const zone = stored.get('monitoring.timeZone');
  return {
    timeZone: zone && isTimeZone(zone) ? zone : workstationTimeZone(),
    enabled: (rule) => stored.get(ruleKey(rule, 'enabled')) !== '0',
    value(rule, key) {
      const def = rule.settings.find((s) => s.key === key);
      if (!def) throw new Error(`rule ${rule.key} has no setting ${key}`);
      const v = Number(stored.get(ruleKey(rule.key, key)));
      return stored.has(ruleKey(rule.key, key)) && Number.isFinite(v) && v >= def.min && v <= def.max ? v : def.default;
    },
    hours: (departmentId) => parseHours(stored.get(hoursKey(departmentId))),
  };
}

async function store(db: Kysely<Database>, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

/** Problems with a rule's new settings, by setting key; empty when every value is within its limits. */
export function ruleSettingProblems(rule: MonitoringRule, values: Record<string, number>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of Object.keys(values)) if (!rule.settings.some((s) => s.key === key)) problems[key] = 'This rule has no such setting.';
  for (const s of rule.settings) {
    const v = values[s.key];
    if (v === undefined) continue;
    if (v < s.min || v > s.max) problems[s.key] = `${s.label}: between ${s.min} and ${s.max}.`;
    else if (s.step === 1 && !Number.isInteger(v)) problems[s.key] = `${s.label}: a whole number.`;
  }
  return problems;
}

export async function storeRuleSettings(
  db: Kysely<Database>,
  rule: MonitoringRule,
  enabled: boolean,
  values: Record<string, number>,
  at: string,
): Promise<void> {
  await store(db, ruleKey(rule.key, 'enabled'), enabled ? '1' : '0', at);
  for (const [key, v] of Object.entries(values)) await store(db, ruleKey(rule.key, key), String(v), at);
}

export async function storeHours(db: Kysely<Database>, departmentId: number, hours: WorkingHours, at: string): Promise<void> {
  await store(db, hoursKey(departmentId), JSON.stringify(hours), at);
}

export async function storeTimeZone(db: Kysely<Database>, timeZone: string, at: string): Promise<void> {
  await store(db, 'monitoring.timeZone', timeZone, at);
}
