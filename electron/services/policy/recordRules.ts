/**
 * THE record-access policy, in one place. Adjust here: which role opens which kind of record,
 * what it may do, which training modules must be current, who may break the glass, and the
 * time windows.
 */
import type { PurposeCode, RecordSubject } from '../../contract/records.js';
import type { RoleKey } from '../../contract/roles.js';

export const RECORD_ACTIONS = ['list', 'open', 'reveal', 'process', 'export', 'correct', 'enter'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export interface RecordRule {
  subject: RecordSubject;
  actions: readonly RecordAction[];
  /** Actions allowed only on pending card orders (the full number exists only then). */
  pendingOnly?: readonly RecordAction[];
  /** Curriculum numbers that must be current. */
  requiredModules: readonly number[];
  /** Words for "Your role does not include …". */
  duty: string;
}

export const RECORD_RULES: Partial<Record<RoleKey, RecordRule>> = {
  live_help_operator: {
    subject: 'LiveHelpTranscript',
    actions: ['list', 'open', 'export'],
    requiredModules: [1, 2, 3, 4, 5],
    duty: 'Live Help transcripts',
  },
  records_clerk: {
    subject: 'PersonalRecord',
    actions: ['list', 'open', 'reveal', 'export', 'correct'],
    requiredModules: [1, 2, 3, 4, 7],
    duty: 'personal-information records',
  },
  card_processor: {
    subject: 'CardTransaction',
    // enter: key a phone payment (a new pending order of their own department).
    actions: ['list', 'open', 'reveal', 'process', 'export', 'enter'],
    pendingOnly: ['reveal', 'process'],
    requiredModules: [1, 2, 3, 4, 6, 7],
    duty: 'card processing',
  },
  // Privacy officers and supervisors have no record access by role alone.
};

/** Roles that may break the glass to open one record their rules deny. */
export const BREAK_GLASS_ROLES: readonly RoleKey[] = ['live_help_operator', 'records_clerk', 'card_processor', 'privacy_officer'];

export const ACCESS_WINDOWS = {
  /** Re-opening the same record for the same purpose within this time asks no purpose again. */
  purposeHours: 4,
  /** A break-glass grant lasts this long. */
  breakGlassHours: 4,
  /** A revealed value shows this long, then re-masks. */
  revealSeconds: 60,
} as const;

/** Fields masked by default and shown only through the reveal action. */
export const MASKED_FIELDS: Record<RecordSubject, readonly string[]> = {
  LiveHelpTranscript: [],
  PersonalRecord: ['ssn', 'date_of_birth'],
  CardTransaction: ['pan'],
};

/** Fields a correction may change, by kind of record (the role rule above says who may correct). */
export const CORRECTABLE_FIELDS: Record<RecordSubject, readonly string[]> = {
  LiveHelpTranscript: [],
  PersonalRecord: ['full_name', 'mailing_address', 'email', 'phone', 'ssn', 'date_of_birth'],
  CardTransaction: [],
};

/** A correction needs the record opened with this purpose (within the purpose window). */
export const CORRECTION_PURPOSE: PurposeCode = 'correct_record';

export const SUBJECT_NAMES: Record<RecordSubject, string> = {
  LiveHelpTranscript: 'Live Help transcript',
  PersonalRecord: 'personal-information record',
  CardTransaction: 'card transaction',
};
