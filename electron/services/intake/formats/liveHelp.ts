/**
 * Live Help transcripts as the Live Help system exports them, one session per record (the
 * fields the privacy statement lists): JSON Lines or a JSON array with the messages as an array,
 * or CSV with the messages one per line in a cell: `[14:02:30] Liam Chen (operator): Welcome`.
 */
import { z } from 'zod';
import {
  dateTime,
  optionalFreeText,
  requiredFreeText,
  optionalDate,
  optionalEmail,
  optionalText,
  requiredText,
  sourceId,
  sourceSystem,
  type FieldError,
} from './common.js';

export const LIVE_HELP_SOURCE = 'live-help';
export const MESSAGE_SENDERS = ['operator', 'visitor', 'system'] as const;
export type MessageSender = (typeof MESSAGE_SENDERS)[number];

/** One message as stored (JSON in live_help_transcripts.messages): its time (UTC), who sent it and the redacted text. */
export interface TranscriptMessage {
  at: string;
  sender: MessageSender;
  name: string;
  text: string;
}

export const LIVE_HELP_FIELDS = [
  'source_id',
  'source_system',
  'department',
  'session_date',
  'started_at',
  'ended_at',
  'operator',
  'visitor_name',
  'browser',
  'browser_version',
  'host_ip',
  'referring_page',
  'topic',
  'transcript_email',
  'messages',
  'exit_survey',
] as const;

const Message = z.object({
  at: dateTime,
  sender: z.enum(MESSAGE_SENDERS, { error: 'Must be operator, visitor or system.' }),
  name: optionalText(200),
  text: requiredFreeText(20_000),
});

const SurveyAnswer = z.object({ question: requiredText(500), answer: optionalFreeText(2_000) });

const ipAddress = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.union([z.ipv4(), z.ipv6()], { error: 'Is not an IP address.' }),
);

export const LiveHelpRecord = z
  .object({
    source_id: sourceId,
    source_system: sourceSystem(LIVE_HELP_SOURCE),
    department: requiredText(200),
    session_date: optionalDate,
    started_at: dateTime,
    ended_at: dateTime,
    operator: requiredText(200),
    visitor_name: optionalText(200),
    browser: optionalText(100),
    browser_version: optionalText(50),
    host_ip: ipAddress,
    referring_page: optionalText(2_000),
    topic: optionalText(300),
    transcript_email: optionalEmail,
    messages: z.array(Message, { error: 'Must be a list of messages.' }).min(1, 'A transcript has at least one message.').max(2_000),
    exit_survey: z.array(SurveyAnswer, { error: 'Must be a list of questions and answers.' }).max(50).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.ended_at < r.started_at) ctx.addIssue({ code: 'custom', path: ['ended_at'], message: 'Is before started_at.' });
    // A minute either side: the two systems' clocks need not agree to the second.
    const from = new Date(r.started_at).getTime() - 60_000;
    const to = new Date(r.ended_at).getTime() + 60_000;
    r.messages.forEach((m, i) => {
      const at = new Date(m.at).getTime();
      if (at < from || at > to)
        ctx.addIssue({ code: 'custom', path: ['messages', i, 'at'], message: 'Is outside the session (started_at to ended_at).' });
    });
  });

export type LiveHelpRecord = z.output<typeof LiveHelpRecord>;

const MESSAGE_LINE = /^\[(\d{1,2}):(\d{2})(?::(\d{2}))?\]\s+(.+?)\s+\((operator|visitor|system)\):[ \t]?(.*)$/i;
const SURVEY_LINE = /^(.+?)\s+\|\s*(.*)$/;

/**
 * A CSV row's cells in the JSON shape: the messages cell becomes messages (times of day in the
 * session's own offset, rolling over midnight), the exit_survey cell its questions and answers.
 */
export function liveHelpFromCsv(row: number, fields: Record<string, unknown>): { fields: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = { ...fields };
  const startedAt = typeof fields.started_at === 'string' ? fields.started_at.trim() : '';
  const start = /^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-]\d{2}:\d{2})$/i.exec(startedAt);
  const cell = typeof fields.messages === 'string' ? fields.messages.replace(/\r\n?/g, '\n') : '';
  if (cell.trim() && start) {
    const messages: { at: string; sender: string; name: string; text: string }[] = [];
    let day = new Date(`${start[1]}T00:00:00Z`);
    let previous = new Date(startedAt).getTime() - 60_000;
    cell.split('\n').forEach((line, i) => {
      const m = MESSAGE_LINE.exec(line);
      if (!m) {
        // A line that does not start a message continues the one before (a message with a line break).
        if (messages.length) messages[messages.length - 1]!.text += `\n${line}`;
        else if (line.trim())
          errors.push({ row, field: 'messages', message: `Line ${i + 1} does not start like "[14:02:30] Name (operator): text".` });
        return;
      }
      const time = `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
      let at = new Date(`${day.toISOString().slice(0, 10)}T${time}${start[2]}`);
      if (Number.isNaN(at.getTime())) {
        errors.push({ row, field: 'messages', message: `Line ${i + 1} has no valid time of day.` });
        return;
      }
      if (at.getTime() < previous) {
        day = new Date(day.getTime() + 86_400_000);
        at = new Date(at.getTime() + 86_400_000);
      }
      previous = at.getTime();
      messages.push({ at: at.toISOString(), sender: m[5]!.toLowerCase(), name: m[4]!.trim(), text: m[6] ?? '' });
    });
    out.messages = messages;
  } else if (!cell.trim()) {
    out.messages = undefined;
  }
  const survey = typeof fields.exit_survey === 'string' ? fields.exit_survey.replace(/\r\n?/g, '\n') : '';
  out.exit_survey = survey
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const m = SURVEY_LINE.exec(line);
      if (!m) errors.push({ row, field: 'exit_survey', message: `Line ${i + 1} is not "Question | Answer".` });
      return { question: m?.[1] ?? line, answer: m?.[2] ?? '' };
    });
  return { fields: out, errors };
}
