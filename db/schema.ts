/**
 * Table types for the whole database, shared by every dialect.
 * Times are ISO-8601 UTC strings and dates are YYYY-MM-DD strings in both SQLite and
 * PostgreSQL, so comparisons sort the same way everywhere. Booleans are 0/1 integers.
 */
import type { Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

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
  /** The person's own phone and home address, as HR holds them (privacy monitoring's family rule); null if unknown. */
  phone: string | null;
  home_address: string | null;
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

/**
 * needs_code: the password was right, the authenticator's code is next; must_enrol: a person who
 * must use a second factor sets one up before anything else.
 */
export type SessionState = 'active' | 'locked' | 'must_change' | 'needs_code' | 'must_enrol' | 'ended';

export interface SessionTable {
  id: string;
  staff_id: number;
  workstation: string;
  state: SessionState;
  created_at: string;
  last_activity_at: string;
  ended_at: string | null;
  end_reason: string | null;
  /** When a second-factor code was last given in this session (sign-in, enrolment or step-up). */
  stepped_up_at: string | null;
}

export interface TotpFactorTable {
  staff_id: number;
  /** The base32 secret sealed with the mfa-secrets purpose key (cv1.…), bound to `totp_factors.secret:<staff_id>`. */
  secret_sealed: string;
  /** pending: shown once, awaiting its first code; active: in use. */
  status: 'pending' | 'active';
  /** The time step of the last accepted code (replay refusal). */
  last_used_step: number | null;
  /** The salt of the person's current set of recovery codes (base64). */
  recovery_salt: string | null;
  created_at: string;
  confirmed_at: string | null;
  last_used_at: string | null;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  staff_id: number;
  /** scrypt of the code with the person's recovery salt; never the code. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A person's access version (row 0: the organisation's), moved on by triggers (migration 070). */
export interface AccessVersionTable {
  staff_id: number;
  version: number;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export type AuditOutcome = 'allowed' | 'denied';

/**
 * The audit trail (db/auditLogTable.ts): `entry` holds the exact bytes `hash` covers, and every
 * other field is generated from them by the database, so none is ever written directly.
 */
export interface AuditLogTable {
  seq: number;
  entry: string;
  hash: string;
  at: GeneratedAlways<string>;
  actor_id: GeneratedAlways<number | null>;
  actor_username: GeneratedAlways<string | null>;
  workstation: GeneratedAlways<string>;
  event: GeneratedAlways<string>;
  resource_type: GeneratedAlways<string | null>;
  resource_id: GeneratedAlways<string | null>;
  outcome: GeneratedAlways<AuditOutcome>;
  reason: GeneratedAlways<string>;
  details: GeneratedAlways<string>;
  prev_hash: GeneratedAlways<string>;
}

export interface AuditCheckpointTable {
  id: Generated<number>;
  database_id: string;
  seq: number;
  head_hash: string;
  at: string;
  workstation: string;
  kind: 'start' | 'interval' | 'stop';
  key_version: number;
  /** The folder whose witness file also holds it; null when it could not be written there. */
  witness: string | null;
  /** The signer's public key (base64), for readers; verification derives the expected key itself. */
  public_key: string;
  signature: string;
}

export interface SiemForwardingTable {
  /** Always 1: one forwarding per database. */
  id: number;
  /** SiemSettings as JSON; null when forwarding is off. */
  settings: string | null;
  /** The last seq delivered. */
  cursor: number;
  /** The running app (a random id per start) that forwards now, its workstation, and until when. */
  lease_holder: string | null;
  lease_workstation: string | null;
  lease_expires_at: string | null;
  /** The forwarding workstation's last status as JSON (ForwarderStatus). */
  status: string | null;
  updated_at: string;
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
  /** The messages as JSON (`TranscriptMessage[]`: at, sender, name, text), redacted; null on rows from before intake. */
  messages: string | null;
  referring_page: string | null;
  /** The system the record came from and its id there: stored once (unique together). */
  source_system: string | null;
  source_id: string | null;
  /** What was redacted on the way in, by kind, as JSON ({"card_number": 1}); '{}' when nothing. */
  redaction_counts: Generated<string>;
  import_id: number | null;
}

export interface PersonalRecordTable {
  id: Generated<number>;
  department_id: number;
  received_at: string;
  source: 'email' | 'web_form';
  agency: string;
  full_name: string;
  /** Contact and identity fields are optional: an e-mail carries none of them. */
  mailing_address: string | null;
  email: string | null;
  phone: string | null;
  /** The SSN sealed under the sensitive-fields key (`cv1.<version>.…`, bound to the row id); null when none is on file. */
  ssn_sealed: string | null;
  /** Keyed hash of the SSN (`<version>:<hex>`, domain ssn), for exact-match search. */
  ssn_lookup: string | null;
  /** The last four digits, for the masked display. */
  ssn_last4: string | null;
  date_of_birth_sealed: string | null;
  date_of_birth_lookup: string | null;
  /** Carried over from before migration 035 until the first start that holds the master key seals it; then null. */
  unsealed_ssn: string | null;
  unsealed_date_of_birth: string | null;
  message: string;
  subject: string | null;
  notes: string | null;
  source_system: string | null;
  source_id: string | null;
  redaction_counts: Generated<string>;
  import_id: number | null;
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
  /** The full number sealed under the card-numbers key (`cv1.<version>.…`) while pending; null once processed. */
  pan_ciphertext: string | null;
  /** Keyed hash of the full number (`<version>:<hex>`, domain card-number) while pending, for a search by card number. */
  pan_lookup: string | null;
  /** The expiry (MM/YY) of a phone payment, sealed under the card-numbers key while pending. */
  expiry_sealed: string | null;
  /** The card processor who keyed a phone payment; null for orders from elsewhere. */
  entered_by: number | null;
  /** The payment portal's own status, for orders from its settlement file (they never carry a number). */
  settlement_status: string | null;
  settled_at: string | null;
  source_system: string | null;
  source_id: string | null;
  import_id: number | null;
}

export type IntakeKind = 'live_help' | 'correspondence' | 'settlement';

/** One applied import file: who, which file (SHA-256), from where, what it added, what was redacted. */
export interface IntakeImportTable {
  id: Generated<number>;
  kind: IntakeKind;
  format: 'jsonl' | 'json' | 'csv';
  file_name: string;
  file_sha256: string;
  via: 'screen' | 'watched_folder';
  imported_by: number;
  imported_at: string;
  workstation: string;
  added: number;
  duplicates: number;
  updated: number;
  /** Counts by kind, as JSON; never a value. */
  redactions: string;
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
  /** The emergency-access role that allowed the grant: revoking it ends the grant. */
  allowed_by_role: string | null;
  /** Set when the grant was ended before it expired (access judged inappropriate), with why in words. */
  ended_at: string | null;
  end_reason: string | null;
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

export type OrganizationKind = 'demo' | 'real';

/** The one organization of a database; no row until the first-run setup (or the demo seed) writes it. */
export interface OrganizationTable {
  id: number;
  name: string;
  kind: OrganizationKind;
  set_up_at: string;
  set_up_by: number | null;
}

export type RoleRequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

/** A grant of a privileged role waiting for a second administrator (NIST AC-5). */
export interface RoleRequestTable {
  id: Generated<number>;
  staff_id: number;
  role_key: string;
  reason: string;
  requested_by: number;
  requested_at: string;
  status: RoleRequestStatus;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
}

export type KeyVersionStatus = 'active' | 'retiring' | 'destroyed';

/** A master key version: never the key, only its check value and its checkpoint public key. */
export interface KeyVersionTable {
  version: number;
  status: KeyVersionStatus;
  created_at: string;
  created_by: number | null;
  /** The workstation (host name) that made it. */
  created_on: string;
  check_value: string;
  checkpoint_public_key: string;
  retiring_since: string | null;
  destroyed_at: string | null;
  /** The next version's checkpoint key's signature over this version's public key (set at rotation). */
  checkpoint_key_endorsement: string | null;
}

export type WorkstationStatus = 'pending' | 'enrolled' | 'refused' | 'retired';

/** A workstation of the deployment and its enrolment: identified by its X25519 public key. */
export interface WorkstationTable {
  id: Generated<number>;
  name: string;
  public_key: string;
  fingerprint: string;
  status: WorkstationStatus;
  requested_at: string;
  approved_by: number | null;
  approved_at: string | null;
  second_approved_by: number | null;
  second_approved_at: string | null;
  /** When the workstation unwrapped its key (null: approved, not yet collected). */
  received_at: string | null;
  refused_by: number | null;
  refused_at: string | null;
  refusal_reason: string | null;
  retired_by: number | null;
  retired_at: string | null;
}

/** A master key version wrapped for one workstation, until that workstation collects it. */
export interface KeyWrapTable {
  workstation_id: number;
  version: number;
  wrapped: string;
  created_at: string;
  created_by: number | null;
}

export type KeyRotationStatus = 'awaiting_confirmation' | 'running' | 'finished' | 'lapsed';

export interface KeyRotationTable {
  id: Generated<number>;
  status: KeyRotationStatus;
  from_version: number;
  to_version: number | null;
  requested_by: number;
  requested_at: string;
  confirmed_by: number | null;
  confirmed_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  resealed: Generated<number>;
  unreadable: Generated<number>;
  /** JSON: per sealed column (`table.column`), the last row id re-sealed in the current pass. */
  progress: Generated<string>;
}

export interface KeyCustodianAcknowledgementTable {
  id: Generated<number>;
  staff_id: number;
  statement_version: string;
  text_hash: string;
  signature: string;
  acknowledged_at: string;
}

/** Which fields of a record someone corrected, and when (the values are never kept here or in the audit trail). */
export interface RecordCorrectionTable {
  id: Generated<number>;
  record_type: string;
  record_id: number;
  staff_id: number;
  corrected_at: string;
  /** JSON array of field keys. */
  fields: string;
  audit_seq: number;
}

/** Each record an export contained, by the export's audit entry. */
export interface ExportedRecordTable {
  audit_seq: number;
  record_type: string;
  record_id: number;
}

export type LegalHoldScope = 'record' | 'person';

export interface LegalHoldTable {
  id: Generated<number>;
  scope: LegalHoldScope;
  record_type: string | null;
  record_id: number | null;
  person_name: string | null;
  person_email: string | null;
  reason: string;
  placed_by: number;
  placed_at: string;
  lifted_by: number | null;
  lifted_at: string | null;
  lift_reason: string | null;
}

export interface DisposalCertificateTable {
  id: Generated<number>;
  record_type: string;
  /** The rule applied, in words. */
  rule: string;
  retention_days: number;
  /** Records dated before this were due for disposal. */
  cutoff: string;
  disposed_count: number;
  /** Due for disposal but kept by a legal hold. */
  held_count: number;
  batches: number;
  /** The disposed ids as ranges, e.g. "3-17, 20, 24-31". */
  id_ranges: string;
  /** SHA-256 of "<kind>:<ids ascending, comma-separated>". */
  ids_sha256: string;
  started_at: string;
  finished_at: string;
  actor_id: number | null;
  workstation: string;
  audit_seq: number;
}

export type AlertStatus = 'open' | 'follow_up' | 'appropriate' | 'inappropriate';

/** One alert per rule, person and (local) day; re-running the rules adds evidence, never a second alert. */
export interface MonitorAlertTable {
  id: Generated<number>;
  rule: string;
  staff_id: number;
  day: string;
  status: AlertStatus;
  /** Why the rule fired, in words. */
  why: string;
  entry_count: number;
  first_at: string;
  last_at: string;
  raised_at: string;
  updated_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
}

/** The audit entries that are an alert's evidence. */
export interface MonitorAlertEntryTable {
  alert_id: number;
  seq: number;
}

export interface MonitorSuppressionTable {
  id: Generated<number>;
  rule: string;
  staff_id: number;
  starts_at: string;
  ends_at: string;
  reason: string;
  created_by: number;
  created_at: string;
  lifted_by: number | null;
  lifted_at: string | null;
}

/** The privacy officer's list of people whose records deserve a look whenever opened (e.g. public figures). */
export interface WatchListTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  note: string | null;
  added_by: number;
  added_at: string;
  removed_by: number | null;
  removed_at: string | null;
}

export interface SupervisorNoticeTable {
  id: Generated<number>;
  supervisor_id: number;
  staff_id: number;
  alert_id: number;
  created_at: string;
  acknowledged_at: string | null;
}

export interface MonitorRunTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string;
  window_from: string;
  window_to: string;
  raised: number;
  updated: number;
  run_by: number | null;
}

/** A set of training content files read and imported, by the SHA-256 of the files (migration 050). */
export interface ContentLoadTable {
  files_hash: string;
  /** The problems found in those files (JSON array of { file, problem }). */
  problems: string;
  /** How many module versions were published, and the latest module change, when these files were imported. */
  module_versions: number;
  modules_updated_at: string;
  loaded_at: string;
}

export interface Database {
  schema_migrations: SchemaMigrationTable;
  content_loads: ContentLoadTable;
  departments: DepartmentTable;
  staff: StaffTable;
  roles: RoleTable;
  staff_roles: StaffRoleTable;
  credentials: CredentialTable;
  unknown_sign_ins: UnknownSignInTable;
  sessions: SessionTable;
  settings: SettingTable;
  access_versions: AccessVersionTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointTable;
  siem_forwarding: SiemForwardingTable;
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
  organization: OrganizationTable;
  role_requests: RoleRequestTable;
  key_versions: KeyVersionTable;
  workstations: WorkstationTable;
  key_wraps: KeyWrapTable;
  key_rotations: KeyRotationTable;
  key_custodian_acknowledgements: KeyCustodianAcknowledgementTable;
  record_corrections: RecordCorrectionTable;
  exported_records: ExportedRecordTable;
  legal_holds: LegalHoldTable;
  disposal_certificates: DisposalCertificateTable;
  monitor_alerts: MonitorAlertTable;
  monitor_alert_entries: MonitorAlertEntryTable;
  monitor_suppressions: MonitorSuppressionTable;
  watch_list: WatchListTable;
  supervisor_notices: SupervisorNoticeTable;
  monitor_runs: MonitorRunTable;
  totp_factors: TotpFactorTable;
  recovery_codes: RecoveryCodeTable;
  intake_imports: IntakeImportTable;
}

export type Staff = Selectable<StaffTable>;
export type NewStaff = Insertable<StaffTable>;
export type StaffUpdate = Updateable<StaffTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type AuditCheckpoint = Selectable<AuditCheckpointTable>;
