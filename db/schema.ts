/**
 * Table types for the whole database, shared by every dialect.
 * Times are ISO-8601 UTC strings and dates are YYYY-MM-DD strings in both SQLite and
 * PostgreSQL, so comparisons sort the same way everywhere. Booleans are 0/1 integers.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface SchemaMigrationTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface DepartmentTable {
  id: Generated<number>;
  code: string;
  name: string;
}

export type StaffStatus = 'active' | 'disabled';

export interface StaffTable {
  id: Generated<number>;
  employee_id: string;
  username: string;
  display_name: string;
  email: string;
  department_id: number;
  supervisor_id: number | null;
  hire_date: string;
  status: StaffStatus;
  disabled_reason: string | null;
  last_sign_in_at: string | null;
  created_at: string;
}

export interface RoleTable {
  key: string;
  name: string;
  description: string;
}

export interface StaffRoleTable {
  staff_id: number;
  role_key: string;
  granted_at: string;
  granted_by: number | null;
}

export interface CredentialTable {
  staff_id: number;
  password_hash: string;
  /** JSON array of the previous hashes, newest first (at most 3: with the current one, the last 4). */
  previous_hashes: string;
  failed_count: number;
  locked_until: string | null;
  must_change: number;
  changed_at: string;
}

/** Failed attempts for usernames that match no account, so a lockout looks the same either way. */
export interface UnknownSignInTable {
  username: string;
  failed_count: number;
  locked_until: string | null;
}

export type SessionState = 'active' | 'locked' | 'must_change' | 'ended';

export interface SessionTable {
  id: string;
  staff_id: number;
  workstation: string;
  state: SessionState;
  created_at: string;
  last_activity_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export type AuditOutcome = 'allowed' | 'denied';

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_username: string | null;
  workstation: string;
  event: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: AuditOutcome;
  reason: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface LiveHelpTranscriptTable {
  id: Generated<number>;
  department_id: number;
  session_date: string;
  started_at: string;
  ended_at: string;
  operator_name: string;
  visitor_name: string;
  browser: string;
  browser_version: string;
  host_ip: string;
  transcript_text: string;
  exit_interview: string | null;
  topic: string;
  transcript_email: string | null;
}

export interface PersonalRecordTable {
  id: Generated<number>;
  department_id: number;
  received_at: string;
  source: 'email' | 'web_form';
  agency: string;
  full_name: string;
  mailing_address: string;
  email: string;
  phone: string;
  ssn: string;
  date_of_birth: string;
  message: string;
}

export type CardStatus = 'pending' | 'processed';

export interface CardTransactionTable {
  id: Generated<number>;
  department_id: number;
  order_id: string;
  cardholder_name: string;
  amount_cents: number;
  agency: string;
  status: CardStatus;
  created_at: string;
  processed_at: string | null;
  pan_first6: string;
  pan_last4: string;
  /** AES-256-GCM ciphertext of the full number while pending; null once processed. */
  pan_ciphertext: string | null;
}

export interface TrainingModuleTable {
  module_id: string;
  number: number;
  title: string;
  current_version: string;
  current_major: number;
  /** When the current major version was first published: retraining is due from then. */
  major_published_at: string;
  updated_at: string;
}

export interface TrainingModuleVersionTable {
  module_id: string;
  version: string;
  major: number;
  minor: number;
  title: string;
  /** The validated module (lessons, questions, settings) as JSON. */
  content: string;
  content_hash: string;
  published_at: string;
}

export interface TrainingModuleRoleTable {
  module_id: string;
  role_key: string;
}

export interface TrainingProgressTable {
  staff_id: number;
  module_id: string;
  version: string;
  lesson_index: number;
  furthest_lesson: number;
  started_at: string;
  updated_at: string;
}

export interface QuizAttemptTable {
  id: Generated<number>;
  staff_id: number;
  module_id: string;
  version: string;
  attempt_no: number;
  /** JSON: the drawn question ids, each with its shuffled option order. */
  drawn: string;
  started_at: string;
  submitted_at: string | null;
  answers: string | null;
  score: number | null;
  passed: number | null;
  /** JSON: the answers chosen so far, while the attempt is not yet submitted (migration 060). */
  draft: string | null;
}

export interface AcknowledgementTable {
  id: Generated<number>;
  staff_id: number;
  module_id: string;
  version: string;
  attempt_id: number;
  text_hash: string;
  signature: string;
  acknowledged_at: string;
}

export interface TrainingCompletionTable {
  id: Generated<number>;
  certificate_id: string;
  staff_id: number;
  module_id: string;
  version: string;
  major: number;
  score: number;
  attempt_no: number;
  completed_at: string;
  expires_at: string;
  acknowledgement_hash: string;
}

export interface RecordPurposeTable {
  id: Generated<number>;
  staff_id: number;
  record_type: string;
  record_id: number;
  purpose: string;
  note: string | null;
  stated_at: string;
}

export type ReviewStatus = 'pending' | 'appropriate' | 'inappropriate';

export interface BreakGlassGrantTable {
  id: Generated<number>;
  staff_id: number;
  record_type: string;
  record_id: number;
  reason: string;
  /** Why normal access was refused at the time, in words. */
  denied_because: string;
  granted_at: string;
  expires_at: string;
  review_status: ReviewStatus;
  reviewer_id: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface AccessReviewTable {
  id: Generated<number>;
  staff_id: number;
  reviewer_id: number;
  period_start: string;
  completed_at: string;
  note: string | null;
}

export interface AccessReviewDecisionTable {
  review_id: number;
  role_key: string;
  decision: 'keep' | 'revoke';
  note: string | null;
}

export interface Database {
  schema_migrations: SchemaMigrationTable;
  departments: DepartmentTable;
  staff: StaffTable;
  roles: RoleTable;
  staff_roles: StaffRoleTable;
  credentials: CredentialTable;
  unknown_sign_ins: UnknownSignInTable;
  sessions: SessionTable;
  settings: SettingTable;
  audit_log: AuditLogTable;
  live_help_transcripts: LiveHelpTranscriptTable;
  personal_records: PersonalRecordTable;
  card_transactions: CardTransactionTable;
  training_modules: TrainingModuleTable;
  training_module_versions: TrainingModuleVersionTable;
  training_module_roles: TrainingModuleRoleTable;
  training_progress: TrainingProgressTable;
  quiz_attempts: QuizAttemptTable;
  acknowledgements: AcknowledgementTable;
  training_completions: TrainingCompletionTable;
  record_purposes: RecordPurposeTable;
  break_glass_grants: BreakGlassGrantTable;
  access_reviews: AccessReviewTable;
  access_review_decisions: AccessReviewDecisionTable;
}

export type Staff = Selectable<StaffTable>;
export type NewStaff = Insertable<StaffTable>;
export type StaffUpdate = Updateable<StaffTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
