/** The roles Clearance knows. Everyone holds `staff`; the others add duties and record access. */
export const ROLE_KEYS = [
  'staff',
  'live_help_operator',
  'records_clerk',
  'card_processor',
  'records_intake',
  'supervisor',
  'privacy_officer',
  'administrator',
] as const;

export type RoleKey = (typeof ROLE_KEYS)[number];

export const ROLE_NAMES: Record<RoleKey, string> = {
  staff: 'Staff member',
  live_help_operator: 'Live Help operator',
  records_clerk: 'Records clerk',
  card_processor: 'Card processor',
  records_intake: 'Records intake officer',
  supervisor: 'Supervisor',
  privacy_officer: 'Privacy officer',
  administrator: 'Administrator',
};

export const ROLE_DESCRIPTIONS: Record<RoleKey, string> = {
  staff: 'Takes the privacy training every employee needs.',
  live_help_operator: 'Answers citizens in Live Help and reads Live Help transcripts of their department.',
  records_clerk: 'Handles correspondence from e-mail and web forms that contains personal information.',
  card_processor: 'Processes card payments for their agency; the only role that may reveal a full card number.',
  records_intake: 'Imports Live Help transcripts, correspondence and settlement files from the source systems.',
  supervisor: 'Reviews the training and access of their team.',
  privacy_officer: 'Audits access to personal information and reviews emergency (break-glass) access.',
  administrator: 'Manages staff accounts, roles and settings.',
};
