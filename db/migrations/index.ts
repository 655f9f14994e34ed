import type { Migration } from './types.js';
import { foundation } from './001_foundation.js';
import { records } from './002_records.js';
import { training } from './003_training.js';
import { access } from './004_access.js';
import { accessReviews } from './005_access_reviews.js';
import { keyVersions } from './010_key_versions.js';
import { keyCustody } from './011_key_custody.js';
import { secondFactors } from './020_second_factors.js';
import { sessionSteps } from './021_session_steps.js';
import { organization } from './025_organization.js';
import { roleRequests } from './026_role_requests.js';
import { intakeImports } from './030_intake_imports.js';
import { liveHelpIntake } from './031_live_help_intake.js';
import { correspondenceIntake } from './032_correspondence_intake.js';
import { settlementIntake } from './033_settlement_intake.js';
import { recordsIntakeRole } from './034_records_intake_role.js';
import { sealedSensitiveFields } from './035_sealed_sensitive_fields.js';
import { correctionsAndExports } from './036_corrections_and_exports.js';
import { retention } from './037_retention.js';
import { auditHeadGuard } from './040_audit_head_guard.js';
import { auditCheckpoints } from './041_audit_checkpoints.js';
import { siemForwarding } from './042_siem_forwarding.js';
import { breakGlassEnd } from './045_break_glass_end.js';
import { staffContact } from './046_staff_contact.js';
import { privacyMonitoring } from './047_privacy_monitoring.js';
import { fastStart } from './050_fast_start.js';
import { recordListOrder } from './051_record_list_order.js';
import { recordTextSearch } from './052_record_text_search.js';
import { quizDrafts } from './060_quiz_drafts.js';
import { accessVersions } from './070_access_versions.js';
import { carriedOverIndex } from './080_carried_over_index.js';
import { auditEntryBytes } from './090_audit_entry_bytes.js';

/** Every migration in order. Append only: a shipped migration is never edited or removed. */
export const migrations: readonly Migration[] = [
  foundation,
  records,
  training,
  access,
  accessReviews,
  keyVersions,
  keyCustody,
  secondFactors,
  sessionSteps,
  organization,
  roleRequests,
  intakeImports,
  liveHelpIntake,
  correspondenceIntake,
  settlementIntake,
  recordsIntakeRole,
  sealedSensitiveFields,
  correctionsAndExports,
  retention,
  auditHeadGuard,
  auditCheckpoints,
  siemForwarding,
  breakGlassEnd,
  staffContact,
  privacyMonitoring,
  fastStart,
  recordListOrder,
  recordTextSearch,
  quizDrafts,
  accessVersions,
  carriedOverIndex,
  auditEntryBytes,
];
