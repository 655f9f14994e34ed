import type { Migration } from './types.js';
import { foundation } from './001_foundation.js';
import { records } from './002_records.js';
import { training } from './003_training.js';
import { access } from './004_access.js';
import { accessReviews } from './005_access_reviews.js';
import { keyVersions } from './010_key_versions.js';
import { auditHeadGuard } from './040_audit_head_guard.js';
import { auditCheckpoints } from './041_audit_checkpoints.js';
import { siemForwarding } from './042_siem_forwarding.js';
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
  auditHeadGuard,
  auditCheckpoints,
  siemForwarding,
  breakGlassEnd,
  staffContact,
  privacyMonitoring,
];
