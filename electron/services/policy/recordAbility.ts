/**
 * Record permissions as a CASL ability, built per call from the person's roles, their current
 * training and any live break-glass grants. The same ability filters lists in SQL (rulesToAST),
 * decides single records, and `decideRecordAccess` explains a refusal in words.
 */
import { AbilityBuilder, createMongoAbility, subject as asSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { TrainingStatus } from '../../contract/training.js';
import { formatDay } from '../format.js';
import type { RecordSubject } from '../../contract/records.js';
import { BREAK_GLASS_ROLES, RECORD_RULES, SUBJECT_NAMES, type RecordAction } from './recordRules.js';

export interface RecordFields {
  id: number;
  department_id: number;
  status?: string;
}

export type RecordAbility = MongoAbility<[RecordAction, RecordSubject], MongoQuery<RecordFields>>;

export interface TrainingFact {
  number: number;
  title: string;
  version: string;
  status: TrainingStatus;
  current: boolean;
  stale: boolean;
  expiresAt: string | null;
  certificateId: string | null;
}

export interface BreakGlassFact {
  grantId: number;
  subject: RecordSubject;
  recordId: number;
  expiresAt: string;
}

/** A grant that ended before its hours were over (see breakGlassGrants.ts), and why in words. */
export interface EndedGrantFact {
  grantId: number;
  subject: RecordSubject;
  recordId: number;
  why: string;
}

export interface AccessFacts {
  roles: readonly RoleKey[];
  departmentId: number;
  departmentName: string;
  training: readonly TrainingFact[];
  /** Live grants only: each opens its one record. */
  grants: readonly BreakGlassFact[];
  endedGrants: readonly EndedGrantFact[];
}

/** Required modules that are not current, in curriculum order. */
export function missingTraining(facts: AccessFacts, required: readonly number[]): { number: number; fact: TrainingFact | undefined }[] {
  return required.map((n) => ({ number: n, fact: facts.training.find((t) => t.number === n) })).filter((m) => !m.fact?.current);
}

export function buildRecordAbility(facts: AccessFacts): RecordAbility {
  const { can, build } = new AbilityBuilder<RecordAbility>(createMongoAbility);
  for (const role of facts.roles) {
    const rule = RECORD_RULES[role];
    if (!rule || missingTraining(facts, rule.requiredModules).length > 0) continue;
    for (const action of rule.actions) {
      const conditions: Partial<RecordFields> = { department_id: facts.departmentId };
      if (rule.pendingOnly?.includes(action)) conditions.status = 'pending';
      can(action, rule.subject, conditions);
    }
  }
  // A live break-glass grant opens that one record (masked), whatever the other rules say.
  for (const g of facts.grants) {
    const onlyThisRecord: Partial<RecordFields> = { id: g.recordId };
    can('open', g.subject, onlyThisRecord);
  }
  return build();
}

export interface RecordDescriptor extends RecordFields {
  departmentName: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, in words: goes to the screen and the audit entry. */
  reason: string;
  /** Whether this person could break the glass for it. */
  breakGlassAllowed: boolean;
  /** Certificates of the training that allowed it, for the audit record. */
  certificates: string[];
  grantId: number | null;
}

export function trainingProblem(fact: TrainingFact | undefined, number: number): string {
  if (!fact) return `Training module ${number} is not assigned to you yet`;
  const name = `${fact.title} (v${fact.version})`;
  if (fact.status === 'expired' && fact.expiresAt) return `${name} expired on ${formatDay(fact.expiresAt)}`;
  if (fact.stale) return `${name} is a new version you have not completed yet`;
  return `${name} has not been completed`;
}

const ACTION_WORDS: Record<RecordAction, string> = {
  list: 'list',
  open: 'open',
  reveal: 'reveal the protected fields of',
  process: 'process',
  export: 'export',
  correct: 'correct',
  enter: 'enter new',
};

export function decideRecordAccess(facts: AccessFacts, action: RecordAction, subject: RecordSubject, record?: RecordDescriptor): Decision {
  const ability = buildRecordAbility(facts);
  const canBreakGlass = action === 'open' && record !== undefined && facts.roles.some((r) => BREAK_GLASS_ROLES.includes(r));
  const rules = facts.roles.map((r) => [r, RECORD_RULES[r]] as const).filter(([, rule]) => rule?.subject === subject);
  const certificatesFor = (required: readonly number[]) =>
    required.map((n) => facts.training.find((t) => t.number === n)?.certificateId).filter((c): c is string => Boolean(c));

  const allowed = record
    ? ability.can(action, asSubject(subject, { ...record }) as unknown as RecordSubject)
    : ability.can(action, subject);
  if (allowed) {
    const viaRole = rules.find(([, rule]) => rule!.actions.includes(action) && missingTraining(facts, rule!.requiredModules).length === 0);
    const roleCovers = viaRole && (!record || record.department_id === facts.departmentId);
    if (roleCovers) {
      const [role, rule] = viaRole;
      return {
        allowed: true,
        breakGlassAllowed: false,
        grantId: null,
        certificates: certificatesFor(rule!.requiredModules),
        reason: `${ROLE_NAMES[role]} may ${ACTION_WORDS[action]} ${SUBJECT_NAMES[subject]}s of ${facts.departmentName}; required training current (modules ${rule!.requiredModules.join(', ')})`,
      };
    }
    const grant = facts.grants.find((g) => g.subject === subject && g.recordId === record?.id);
    return {
      allowed: true,
      breakGlassAllowed: false,
      grantId: grant?.grantId ?? null,
      certificates: [],
      reason: grant ? `Break-glass grant #${grant.grantId}, valid until ${grant.expiresAt}` : 'allowed',
    };
  }

  let reason: string;
  const ended = record ? facts.endedGrants.find((g) => g.subject === subject && g.recordId === record.id) : undefined;
  if (rules.length === 0) {
    const duty = Object.values(RECORD_RULES).find((r) => r?.subject === subject)?.duty ?? SUBJECT_NAMES[subject];
    reason = `Your role does not include ${duty}.`;
  } else {
    const [, rule] = rules[0]!;
    const missing = missingTraining(facts, rule!.requiredModules);
    if (!rule!.actions.includes(action)) reason = `Your role may not ${ACTION_WORDS[action]} ${SUBJECT_NAMES[subject]}s.`;
    else if (missing.length > 0)
      reason = `${missing.map((m) => trainingProblem(m.fact, m.number)).join('; ')}. Complete the training to restore access.`;
    else if (record && record.department_id !== facts.departmentId)
      reason = `This record belongs to ${record.departmentName}; your access covers ${facts.departmentName} only.`;
    else if (record && rule!.pendingOnly?.includes(action) && record.status !== 'pending')
      reason = 'The full card number was removed when the order was processed.';
    else reason = `You may not ${ACTION_WORDS[action]} this ${SUBJECT_NAMES[subject]}.`;
  }
  // An emergency access that was ended early is not renewed by breaking the glass again.
  if (ended)
    return {
      allowed: false,
      reason: `${reason} Your emergency access to this record ended: ${ended.why}.`,
      breakGlassAllowed: false,
      certificates: [],
      grantId: null,
    };
  return { allowed: false, reason, breakGlassAllowed: canBreakGlass, certificates: [], grantId: null };
}
