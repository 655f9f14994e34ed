/**
 * Records intake: who may bring records into Clearance. The permission comes with the records
 * intake officer role (ability.ts, granted by an administrator), and like record access it holds
 * only while the training every employee needs is current: an intake officer handles whole files
 * of what citizens sent, before anything is redacted.
 */
import { buildAbility } from './ability.js';
import { missingTraining, trainingProblem, type AccessFacts } from './recordAbility.js';

/** Curriculum numbers that must be current to import (the modules every employee takes, 4 being sensitive data in e-mail, web forms and Live Help). */
export const INTAKE_REQUIRED_MODULES: readonly number[] = [1, 2, 3, 4];

export interface IntakeDecision {
  allowed: boolean;
  /** Why, in words: for the screen and the audit entry. */
  reason: string;
  /** Certificates of the training that allowed it, for the audit entry. */
  certificates: string[];
}

export function decideIntake(facts: AccessFacts): IntakeDecision {
  if (!buildAbility({ roles: facts.roles }).can('manage', 'RecordsIntake'))
    return { allowed: false, reason: 'Only records intake officers import records. An administrator grants the role.', certificates: [] };
  const missing = missingTraining(facts, INTAKE_REQUIRED_MODULES);
  if (missing.length > 0)
    return {
      allowed: false,
      reason: `${missing.map((m) => trainingProblem(m.fact, m.number)).join('; ')}. Complete the training to import records.`,
      certificates: [],
    };
  return {
    allowed: true,
    reason: `A records intake officer may import records; required training current (modules ${INTAKE_REQUIRED_MODULES.join(', ')})`,
    certificates: INTAKE_REQUIRED_MODULES.map((n) => facts.training.find((t) => t.number === n)?.certificateId).filter((c): c is string =>
      Boolean(c),
    ),
  };
}
