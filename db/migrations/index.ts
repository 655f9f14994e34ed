import type { Migration } from './types.js';
import { foundation } from './001_foundation.js';
import { records } from './002_records.js';
import { training } from './003_training.js';
import { access } from './004_access.js';
import { accessReviews } from './005_access_reviews.js';
import { keyVersions } from './010_key_versions.js';
import { intakeImports } from './030_intake_imports.js';
import { liveHelpIntake } from './031_live_help_intake.js';
import { correspondenceIntake } from './032_correspondence_intake.js';
import { settlementIntake } from './033_settlement_intake.js';
import { recordsIntakeRole } from './034_records_intake_role.js';
import { breakGlassEnd } from './045_break_glass_end.js';
import { staffContact } from './046_staff_contact.js';
import { privacyMonitoring } from './047_privacy_monitoring.js';

/** Every migration in order. Append only: a shipped migration is never edited or removed. */
export const migrations: readonly Migration[] = [
  foundation,
  records,
  training,
  access,
  accessReviews,
  keyVersions,
  intakeImports,
  liveHelpIntake,
  correspondenceIntake,
  settlementIntake,
  recordsIntakeRole,
  breakGlassEnd,
  staffContact,
  privacyMonitoring,
];
