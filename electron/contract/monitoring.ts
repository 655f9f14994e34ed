import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime } from './common.js';

/** The privacy-monitoring rules (their queries and thresholds live in services/monitoring/rules.ts). */
export const MONITOR_RULE_KEYS = [
  'self',
  'coworker',
  'family',
  'watch_list',
  'volume',
  'after_hours',
  'repeated_denials',
  'break_glass_frequency',
  'export_volume',
] as const;
export type MonitorRuleKey = (typeof MONITOR_RULE_KEYS)[number];
export const MonitorRuleKeySchema = z.enum(MONITOR_RULE_KEYS);

/** Open: not yet judged; follow-up: judged to need more work, still open; the other two close it. */
export const ALERT_STATUSES = ['open', 'follow_up', 'appropriate', 'inappropriate'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 07:30.');
const Id = z.number().int().positive();

export const AlertView = z.object({
  alertId: z.number(),
  rule: MonitorRuleKeySchema,
  ruleName: z.string(),
  person: z.string(),
  department: z.string(),
  /** The local day the entries fall on (YYYY-MM-DD). */
  day: z.string(),
  why: z.string(),
  entries: z.number(),
  firstAt: IsoTime,
  lastAt: IsoTime,
  raisedAt: IsoTime,
  ageDays: z.number(),
  status: z.enum(ALERT_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: IsoTime.nullable(),
  note: z.string().nullable(),
  /** The alert is about the viewer: another privacy officer must judge it. */
  aboutYou: z.boolean(),
});
export type AlertView = z.infer<typeof AlertView>;

export const EvidenceEntry = z.object({
  at: IsoTime,
  /** What was done, in words ("Opened a record"). */
  action: z.string(),
  /** The record by its title, or null for an entry about no one record. */
  record: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  reason: z.string(),
  workstation: z.string(),
});
export type EvidenceEntry = z.infer<typeof EvidenceEntry>;

export const AlertDetail = z.object({
  alert: AlertView,
  evidence: z.array(EvidenceEntry),
  /** How many entries the alert holds (the evidence shown may be fewer). */
  evidenceTotal: z.number(),
  /** The person's break-glass grants that are live now. */
  liveGrants: z.number(),
  /** The rule is suppressed for this person until then. */
  suppressedUntil: IsoTime.nullable(),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

export const SuppressionView = z.object({
  suppressionId: z.number(),
  rule: MonitorRuleKeySchema,
  ruleName: z.string(),
  person: z.string(),
  from: IsoTime,
  until: IsoTime,
  reason: z.string(),
  by: z.string(),
});
export type SuppressionView = z.infer<typeof SuppressionView>;

export const WatchEntryView = z.object({
  entryId: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  note: z.string().nullable(),
  addedBy: z.string(),
  addedAt: IsoTime,
});
export type WatchEntryView = z.infer<typeof WatchEntryView>;

export const RuleSettingView = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  default: z.number(),
  min: z.number(),
  max: z.number(),
  step: z.number(),
});

export const RuleView = z.object({
  key: MonitorRuleKeySchema,
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  settings: z.array(RuleSettingView),
});
export type RuleView = z.infer<typeof RuleView>;

export const HoursView = z.object({
  departmentId: z.number(),
  department: z.string(),
  start: z.string(),
  end: z.string(),
  weekendsAreAfterHours: z.boolean(),
});
export type HoursView = z.infer<typeof HoursView>;

export const RulesView = z.object({
  rules: z.array(RuleView),
  hours: z.array(HoursView),
  /** The organization's time zone: the day of an alert and working hours are read in it. */
  timeZone: z.string(),
  lastRun: z.object({ at: IsoTime, by: z.string().nullable(), raised: z.number(), updated: z.number() }).nullable(),
});
export type RulesView = z.infer<typeof RulesView>;

export const RunView = z.object({ ranAt: IsoTime, days: z.number(), raised: z.number(), updated: z.number(), open: z.number() });
export type RunView = z.infer<typeof RunView>;

export const NoticeView = z.object({
  noticeId: z.number(),
  person: z.string(),
  ruleName: z.string(),
  day: z.string(),
  judgedBy: z.string(),
  judgedAt: IsoTime,
  note: z.string(),
});
export type NoticeView = z.infer<typeof NoticeView>;

/** Open alerts by rule and age, for the privacy dashboard. */
export const OpenAlertsSummary = z.object({
  total: z.number(),
  byRule: z.array(
    z.object({
      rule: MonitorRuleKeySchema,
      name: z.string(),
      today: z.number(),
      thisWeek: z.number(),
      older: z.number(),
      oldestDays: z.number(),
    }),
  ),
  lastRunAt: IsoTime.nullable(),
});
export type OpenAlertsSummary = z.infer<typeof OpenAlertsSummary>;

const Suppressions = z.object({ items: z.array(SuppressionView) });
const WatchList = z.object({ items: z.array(WatchEntryView) });
const Notices = z.object({ items: z.array(NoticeView) });

export const monitoringContract = {
  'monitoring.alerts': defineChannel({
    access: 'session',
    summary: 'Privacy officer: the alerts raised by the monitoring rules, open (with follow-up) or closed, newest day first.',
    input: z.object({ status: z.enum(['open', 'closed', 'all']).default('open'), rule: MonitorRuleKeySchema.optional() }).strict(),
    output: z.object({ items: z.array(AlertView), total: z.number() }),
  }),
  'monitoring.alert': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: one alert with its evidence (the audit entries); reading it is audited.',
    input: z.object({ alertId: Id }).strict(),
    output: AlertDetail,
  }),
  'monitoring.decide': defineChannel({
    access: 'session',
    mutation: true,
    summary:
      "Privacy officer: judge an alert appropriate, inappropriate (needs a note; ends the person's live break-glass grants and tells their supervisor) or needing follow-up.",
    input: z
      .object({
        alertId: Id,
        outcome: z.enum(['appropriate', 'inappropriate', 'follow_up']),
        note: z.string().trim().max(1000).optional(),
      })
      .strict()
      .refine((d) => d.outcome !== 'inappropriate' || Boolean(d.note), {
        path: ['note'],
        message: 'Say why the access was inappropriate.',
      }),
    output: z.object({ alert: AlertView, grantsEnded: z.number(), supervisorNotified: z.string().nullable() }),
  }),
  'monitoring.run': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: run every rule now over the trail since the last run (rules also run on a schedule).',
    input: Empty,
    output: RunView,
  }),
  'monitoring.suppress': defineChannel({
    access: 'session',
    mutation: true,
    summary: "Privacy officer: stop an alert's rule from alerting on its person until a date, with a reason.",
    input: z
      .object({
        alertId: Id,
        until: DateOnly,
        reason: z.string().trim().min(5, 'Give a reason of at least 5 characters.').max(500),
      })
      .strict(),
    output: SuppressionView,
  }),
  'monitoring.suppressions': defineChannel({
    access: 'session',
    summary: 'Privacy officer: the suppressions in force.',
    input: Empty,
    output: Suppressions,
  }),
  'monitoring.liftSuppression': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: end a suppression now.',
    input: z.object({ suppressionId: Id }).strict(),
    output: Suppressions,
  }),
  'monitoring.watchList': defineChannel({
    access: 'session',
    summary: "Privacy officer: the watch list (people whose records deserve a look whenever they're opened).",
    input: Empty,
    output: WatchList,
  }),
  'monitoring.watchAdd': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: add a person to the watch list, by name and optionally e-mail.',
    input: z
      .object({
        name: z.string().trim().min(2, 'Enter the full name, as records would hold it.').max(100),
        email: z.email('Enter an e-mail address like name@example.org.').max(200).optional(),
        note: z.string().trim().max(300).optional(),
      })
      .strict(),
    output: WatchList,
  }),
  'monitoring.watchRemove': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Privacy officer: take a person off the watch list.',
    input: z.object({ entryId: Id }).strict(),
    output: WatchList,
  }),
  'monitoring.rules': defineChannel({
    access: 'session',
    summary: 'Privacy officer: every rule with what it looks for and its thresholds, working hours per department, the last run.',
    input: Empty,
    output: RulesView,
  }),
  'monitoring.saveRule': defineChannel({
    access: 'session',
    mutation: true,
    summary: "Privacy officer: turn a rule on or off and set its thresholds (each within the rule's limits).",
    input: z
      .object({ rule: MonitorRuleKeySchema, enabled: z.boolean(), settings: z.record(z.string().max(40), z.number().finite()) })
      .strict(),
    output: RulesView,
  }),
  'monitoring.saveHours': defineChannel({
    access: 'session',
    mutation: true,
    summary: "Privacy officer: a department's working hours for the after-hours rule.",
    input: z
      .object({ departmentId: Id, start: TimeOfDay, end: TimeOfDay, weekendsAreAfterHours: z.boolean() })
      .strict()
      .refine((d) => d.start < d.end, { path: ['end'], message: 'The working day must end after it starts.' }),
    output: RulesView,
  }),
  'monitoring.notices': defineChannel({
    access: 'session',
    summary: "Supervisors: privacy reviews that found a team member's access inappropriate, not yet marked as read.",
    input: Empty,
    output: Notices,
  }),
  'monitoring.acknowledgeNotice': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Supervisors: mark a privacy review notice as read.',
    input: z.object({ noticeId: Id }).strict(),
    output: Notices,
  }),
};
