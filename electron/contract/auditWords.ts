/**
 * The audit trail in words: what each event code and kind of resource is called on screen and in
 * exports. Codes stay in the database (they are what filters and the hash chain use); people read
 * these. An event not listed here (a new feature's) still reads as words, from its code.
 */

/** Areas of the app, by the first part of an event code. Filtering by an area matches all its events. */
export const AUDIT_AREAS: Record<string, string> = {
  auth: 'Sign-in and passwords',
  session: 'Sessions',
  record: 'Records',
  break_glass: 'Break-glass',
  training: 'Training',
  access_review: 'Access reviews',
  roster: 'Roster',
  staff: 'Staff accounts',
  report: 'Reports',
  audit: 'Audit trail',
  evidence: 'Evidence pack',
  key: 'Keys and workstations',
  monitoring: 'Privacy monitoring',
  admin: 'Administration',
  app: 'The app',
  ipc: 'Refused requests',
};

export const AUDIT_EVENTS: Record<string, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_out': 'Signed out',
  'auth.lockout': 'Account locked',
  'auth.password_change': 'Password changed',
  'session.idle_lock': 'Session locked when idle',
  'session.unlock': 'Session unlocked',
  'record.list': 'Listed records',
  'record.open': 'Opened a record',
  'record.reveal': 'Revealed a protected field',
  'record.process': 'Processed a card order',
  'record.export': 'Exported records',
  'record.break_glass': 'Emergency access (break-glass)',
  'break_glass.review': 'Reviewed a break-glass access',
  'training.start': 'Started a module',
  'training.quiz_start': 'Started a quiz',
  'training.quiz_resume': 'Resumed a quiz not yet submitted',
  'training.quiz_pass': 'Passed a quiz',
  'training.quiz_fail': 'Failed a quiz',
  'training.acknowledge': 'Signed the policy acknowledgement',
  'training.completed': 'Completed a module',
  'training.certificate_saved': 'Saved a certificate',
  'training.certificate_verify': 'Verified a certificate',
  'training.export_xapi': 'Exported completions (xAPI)',
  'training.content_published': 'Published training content',
  'access_review.complete': 'Completed an access review',
  'access_review.revoke': 'Revoked a role in an access review',
  'roster.import': 'Imported a roster',
  'roster.new_hire': 'Roster: new hire',
  'roster.change': 'Roster: change',
  'roster.leaver': 'Roster: leaver disabled',
  'roster.department_created': 'Roster: department created',
  'staff.disabled_inactive': 'Account disabled after 90 days unused',
  'report.export': 'Exported a report',
  'audit.read': 'Searched the audit trail',
  'audit.verify': 'Verified the audit chain',
  'audit.export': 'Exported the audit trail',
  'audit.who_accessed': 'Looked up who accessed a person',
  'audit.log_start': 'Audit log started',
  'audit.log_stop': 'Audit log stopped',
  'evidence.pack': 'Wrote an evidence pack',
  'admin.demo_created': 'Demo organization created',
  'admin.database_setting': 'Changed the database setting',
  'admin.audit_witness': 'Chose the audit witness folder',
  'admin.audit_checkpoint_interval': 'Changed the audit checkpoint interval',
  'admin.siem_test': 'Sent a test message to the SIEM',
  'admin.siem_settings': 'Changed SIEM forwarding',
  // Keys and workstations (PCI DSS 3.6, 3.7).
  'key.created': 'Master key created',
  'key.workstation_registered': 'Workstation registered',
  'key.enrolment_requested': 'Workstation asked to be enrolled',
  'key.enrolment_approved': 'Approved a workstation’s enrolment',
  'key.enrolment_second_approval': 'Confirmed a workstation’s enrolment (second administrator)',
  'key.enrolment_refused': 'Refused a workstation’s enrolment',
  'key.enrolment_received': 'Workstation collected its key',
  'key.enrolment_renewed': 'Workstation renewed its enrolment request',
  'key.version_received': 'Workstation received a new key version',
  'key.workstation_retired': 'Retired a workstation',
  'key.custodian_acknowledged': 'Signed the key custodian statement',
  'key.rotation_requested': 'Asked for a key rotation',
  'key.rotation_confirmed': 'Confirmed a key rotation (second administrator)',
  'key.rotation_started': 'Key rotation started',
  'key.rotation_finished': 'Key rotation finished',
  'key.destroyed': 'Old key version destroyed',
  'key.legacy_card_key_migrated': 'Old card key moved into the key hierarchy',
  // Privacy monitoring.
  'monitoring.run': 'Ran the monitoring rules',
  'monitoring.alert_raised': 'Privacy alert raised',
  'monitoring.alert_updated': 'Privacy alert given more evidence',
  'monitoring.alert_read': 'Opened a privacy alert',
  'monitoring.decide': 'Judged a privacy alert',
  'monitoring.supervisor_notified': 'Supervisor told of an inappropriate access',
  'monitoring.notice_read': 'Read a privacy notice',
  'monitoring.suppress': 'Suppressed a rule for a person',
  'monitoring.suppression_lifted': 'Lifted a rule suppression',
  'monitoring.watch_add': 'Added a person to the watch list',
  'monitoring.watch_remove': 'Removed a person from the watch list',
  'monitoring.settings': 'Changed the monitoring settings',
  'break_glass.ended': 'Break-glass grant ended',
  'app.page_saved': 'Saved a page as PDF',
  'ipc.refused': 'Request refused',
};

/** The kinds of resource an entry can name, singular. */
export const AUDIT_RESOURCES: Record<string, string> = {
  LiveHelpTranscript: 'Live Help transcript',
  PersonalRecord: 'Personal-information record',
  CardTransaction: 'Card transaction',
  AuditTrail: 'Audit trail',
  CertificationReport: 'Certification report',
  TeamReport: 'Team report',
  OrganizationReport: 'Organization report',
  EvidencePack: 'Evidence pack',
  TrainingContent: 'Training content',
  TrainingRecords: 'Training records',
  training_records: 'Training records',
  Certificate: 'Certificate',
  certificate: 'Certificate',
  BreakGlassReview: 'Break-glass review',
  AccessReview: 'Access review',
  Roster: 'Roster',
  roster: 'Roster',
  Settings: 'Settings',
  Dashboard: 'Privacy dashboard',
  module: 'Training module',
  staff: 'Staff account',
  username: 'Username',
  department: 'Department',
  session: 'Session',
  page: 'Page',
  channel: 'Request',
  workstation: 'Workstation',
};

function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "record.break_glass" → its words; an unknown code → "Record: break glass". */
export function auditEventInWords(code: string): string {
  const known = AUDIT_EVENTS[code];
  if (known) return known;
  const [area = '', ...rest] = code.split('.');
  const areaWords = AUDIT_AREAS[area] ?? AUDIT_RESOURCES[area] ?? capitalized(area.replace(/_/g, ' '));
  return rest.length ? `${areaWords}: ${rest.join(' ').replace(/_/g, ' ')}` : areaWords;
}

/** "PersonalRecord", "41" → "Personal-information record No. 41"; "*" or no id → the kind alone. */
export function auditResourceInWords(type: string | null, id: string | null): string {
  if (!type) return '';
  const kind = AUDIT_RESOURCES[type] ?? capitalized(type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  if (!id || id === '*') return kind;
  // A module is named with its version: privacy-foundations@1.0.
  const version = /^(.+)@(\d+\.\d+)$/.exec(id);
  if (version) return `${kind} ${version[1]}, version ${version[2]}`;
  return `${kind} ${/^\d+$/.test(id) ? `No. ${id}` : id}`;
}
