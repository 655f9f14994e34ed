/**
 * Who may do what, in one place (CASL, main process only). An ability is built per call from the
 * person's roles (and, for records, their current training), so a role or training change takes
 * effect on the very next call.
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { RoleKey } from '../../contract/roles.js';

export type Action = 'read' | 'verify' | 'export' | 'review' | 'manage';
export type Subject =
  | 'TrainingContent'
  | 'Certificate'
  | 'TrainingRecords'
  | 'AuditTrail'
  | 'BreakGlassReview'
  | 'Settings'
  | 'TeamReport'
  | 'OrganizationReport'
  | 'AccessReview'
  | 'Roster'
  | 'Dashboard'
  | 'PrivacyAlert'
  | 'SupervisorNotice';
export type AppAbility = MongoAbility<[Action, Subject]>;

export interface PolicySubjectContext {
  roles: readonly RoleKey[];
}

export function buildAbility({ roles }: PolicySubjectContext): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (roles.includes('administrator')) {
    can('read', 'TrainingContent');
    can('verify', 'Certificate');
    can('export', 'TrainingRecords');
    can(['read', 'manage'], 'Settings');
    can(['read', 'export'], ['TeamReport', 'OrganizationReport']);
    can(['read', 'manage'], 'Roster');
  }
  if (roles.includes('supervisor')) {
    can(['read', 'export'], 'TeamReport');
    can(['read', 'manage'], 'AccessReview');
    can('read', 'SupervisorNotice');
  }
  if (roles.includes('privacy_officer')) {
    can('read', 'TrainingContent');
    can('export', 'TrainingRecords');
    can(['read', 'verify', 'export'], 'AuditTrail');
    can(['read', 'review'], 'BreakGlassReview');
    can(['read', 'export'], ['TeamReport', 'OrganizationReport']);
    can(['read', 'export'], 'Dashboard');
    can(['read', 'review', 'manage'], 'PrivacyAlert');
  }
  return build();
}

/** Why an action is refused, in words a person understands. */
export const DENIAL_REASONS: Partial<Record<`${Action}:${Subject}`, string>> = {
  'read:AuditTrail': 'Only the privacy officer reads the audit trail.',
  'read:TeamReport': 'Only supervisors, administrators and privacy officers see certification reports.',
  'export:TeamReport': 'Only supervisors, administrators and privacy officers export certification reports.',
  'read:OrganizationReport': 'Only administrators and privacy officers see reports beyond their own team.',
  'export:OrganizationReport': 'Only administrators and privacy officers export reports beyond their own team.',
  'read:AccessReview': "Only supervisors review their team's access.",
  'manage:AccessReview': "Only supervisors review their team's access.",
  'read:Roster': 'Only administrators import the staff roster.',
  'manage:Roster': 'Only administrators import the staff roster.',
  'read:Dashboard': 'Only the privacy officer sees the privacy dashboard.',
  'export:Dashboard': 'Only the privacy officer exports the evidence pack.',
  'read:Settings': 'Only administrators see workstation settings.',
  'manage:Settings': 'Only administrators change workstation settings.',
  'verify:AuditTrail': 'Only the privacy officer verifies the audit trail.',
  'export:AuditTrail': 'Only the privacy officer exports the audit trail.',
  'read:BreakGlassReview': 'Only the privacy officer sees the break-glass review queue.',
  'review:BreakGlassReview': 'Only the privacy officer reviews break-glass access.',
  'read:TrainingContent': 'Only administrators and privacy officers manage training content.',
  'verify:Certificate': 'Only administrators verify certificates.',
  'export:TrainingRecords': 'Only administrators and privacy officers export training records.',
  'read:Certificate': 'You can only open your own certificates.',
  'export:Certificate': 'Certificates are exported by their holder.',
  'verify:TrainingContent': 'Not an action on training content.',
  'export:TrainingContent': 'Training content is not exported.',
  'read:TrainingRecords': 'Only administrators and privacy officers read training records.',
  'verify:TrainingRecords': 'Not an action on training records.',
  'read:PrivacyAlert': 'Only the privacy officer sees privacy-monitoring alerts.',
  'review:PrivacyAlert': 'Only the privacy officer judges privacy-monitoring alerts.',
  'manage:PrivacyAlert': 'Only the privacy officer runs the monitoring rules and changes their settings, suppressions and watch list.',
  'read:SupervisorNotice': "Only supervisors receive the privacy office's findings about their team.",
};
