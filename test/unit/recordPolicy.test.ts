import { describe, expect, it } from 'vitest';
import { formatDay } from '../../electron/services/format.js';
import { decideRecordAccess, type AccessFacts, type TrainingFact } from '../../electron/services/policy/recordAbility.js';
import { RECORD_SUBJECTS, type RecordSubject } from '../../electron/contract/records.js';
import { RECORD_ACTIONS, type RecordAction } from '../../electron/services/policy/recordRules.js';
import { ROLE_KEYS, type RoleKey } from '../../electron/contract/roles.js';
import type { TrainingStatus } from '../../electron/contract/training.js';

const TITLES = [
  'Privacy foundations',
  'Sharing and disclosure',
  'Cookies and web sessions',
  'Sensitive data',
  'Live Help operations',
  'Handling card data',
  'Accessing records',
];
type TrainingState = 'current' | 'expiring' | 'expired' | 'stale' | 'never';

function training(state: TrainingState): TrainingFact[] {
  return TITLES.map((title, i) => {
    const status: TrainingStatus = {
      current: 'passed',
      expiring: 'expiring',
      expired: 'expired',
      stale: 'not_started',
      never: 'not_started',
    }[state] as TrainingStatus;
    return {
      number: i + 1,
      title,
      version: state === 'stale' ? '2.0' : '1.0',
      status,
      current: state === 'current' || state === 'expiring',
      stale: state === 'stale',
      expiresAt:
        state === 'expired' ? '2026-10-01T00:00:00.000Z' : state === 'never' || state === 'stale' ? null : '2027-06-01T00:00:00.000Z',
      certificateId: state === 'current' || state === 'expiring' ? `CLR-TEST00000${i}` : null,
    };
  });
}

const OWN_DEPT = 3;
const facts = (role: RoleKey, state: TrainingState): AccessFacts => ({
  roles: ['staff', role],
  departmentId: OWN_DEPT,
  departmentName: 'Finance & Payments',
  training: training(state),
  grants: [],
  endedGrants: [],
});
const record = (status = 'pending', department = OWN_DEPT) => ({
  id: 7,
  department_id: department,
  status,
  departmentName: department === OWN_DEPT ? 'Finance & Payments' : 'Records Management',
});

/** What the policy promises, written out independently of it. */
function expected(role: RoleKey, state: TrainingState, subject: RecordSubject, action: RecordAction): boolean {
  const trained = state === 'current' || state === 'expiring';
  const grants: Partial<Record<RoleKey, [RecordSubject, RecordAction[]]>> = {
    live_help_operator: ['LiveHelpTranscript', ['list', 'open', 'export']],
    records_clerk: ['PersonalRecord', ['list', 'open', 'reveal', 'export', 'correct']],
    card_processor: ['CardTransaction', ['list', 'open', 'reveal', 'process', 'export', 'enter']],
  };
  const g = grants[role];
  return trained && g !== undefined && g[0] === subject && g[1].includes(action);
}

const ROLES: readonly RoleKey[] = ROLE_KEYS;
const STATES: TrainingState[] = ['current', 'expiring', 'expired', 'stale', 'never'];

describe('the record policy matrix: role × training × record type × action', () => {
  const cases = ROLES.flatMap((role) =>
    STATES.flatMap((state) =>
      RECORD_SUBJECTS.flatMap((subject) => RECORD_ACTIONS.map((action) => [role, state, subject, action] as const)),
    ),
  );
  it.each(cases)('%s with %s training: %s %s', (role, state, subject, action) => {
    const onRecord = action === 'list' || action === 'export' || action === 'enter' ? undefined : record();
    const d = decideRecordAccess(facts(role, state), action, subject, onRecord);
    expect(d.allowed).toBe(expected(role, state, subject, action));
    expect(d.reason.length).toBeGreaterThan(10);
    if (!d.allowed) {
      const ruleHolder = expected(role, 'current', subject, action);
      if (
        !ruleHolder &&
        !['live_help_operator', 'records_clerk', 'card_processor'].some(
          (r) => r === role && expected(r as RoleKey, 'current', subject, 'list'),
        )
      ) {
        expect(d.reason).toMatch(/^Your role (does not include|may not)/);
      }
      if (ruleHolder && state === 'expired') expect(d.reason).toContain(`expired on ${formatDay('2026-10-01T00:00:00.000Z')}`);
      if (ruleHolder && state === 'stale') expect(d.reason).toMatch(/new version/);
      if (ruleHolder && state === 'never') expect(d.reason).toMatch(/has not been completed/);
    } else {
      expect(d.certificates.length).toBeGreaterThan(0);
    }
  });
});

describe('record policy details', () => {
  it('names the role that is missing', () => {
    expect(decideRecordAccess(facts('live_help_operator', 'current'), 'reveal', 'CardTransaction', record()).reason).toBe(
      'Your role does not include card processing.',
    );
  });
  it('names the expired module and its version and date', () => {
    expect(decideRecordAccess(facts('card_processor', 'expired'), 'open', 'CardTransaction', record()).reason).toContain(
      `Handling card data (v1.0) expired on ${formatDay('2026-10-01T00:00:00.000Z')}`,
    );
  });
  it('keeps each person to their own department', () => {
    const d = decideRecordAccess(facts('card_processor', 'current'), 'open', 'CardTransaction', record('pending', 9));
    expect(d).toMatchObject({ allowed: false, breakGlassAllowed: true });
    expect(d.reason).toBe('This record belongs to Records Management; your access covers Finance & Payments only.');
  });
  it('reveals and processes only pending card orders', () => {
    expect(decideRecordAccess(facts('card_processor', 'current'), 'reveal', 'CardTransaction', record('processed')).reason).toMatch(
      /removed when the order was processed/,
    );
    expect(decideRecordAccess(facts('card_processor', 'current'), 'open', 'CardTransaction', record('processed')).allowed).toBe(true);
  });
  it('lets a live break-glass grant open that one record only, and nothing more', () => {
    const f: AccessFacts = {
      ...facts('privacy_officer', 'current'),
      grants: [{ grantId: 4, subject: 'PersonalRecord', recordId: 7, expiresAt: '2026-11-24T13:00:00.000Z' }],
    };
    expect(decideRecordAccess(f, 'open', 'PersonalRecord', record())).toMatchObject({ allowed: true, grantId: 4 });
    expect(decideRecordAccess(f, 'open', 'PersonalRecord', { ...record(), id: 8 }).allowed).toBe(false);
    expect(decideRecordAccess(f, 'reveal', 'PersonalRecord', record()).allowed).toBe(false);
    expect(decideRecordAccess(f, 'list', 'PersonalRecord').allowed).toBe(false);
  });
  it('explains a refusal by the grant that ended early, and does not offer the glass again for that record', () => {
    const f: AccessFacts = {
      ...facts('records_clerk', 'current'),
      endedGrants: [{ grantId: 4, subject: 'PersonalRecord', recordId: 7, why: 'an alert about this person was judged inappropriate' }],
    };
    const d = decideRecordAccess(f, 'open', 'PersonalRecord', record('pending', 9));
    expect(d).toMatchObject({ allowed: false, breakGlassAllowed: false });
    expect(d.reason).toBe(
      'This record belongs to Records Management; your access covers Finance & Payments only. Your emergency access to this record ended: an alert about this person was judged inappropriate.',
    );
    expect(decideRecordAccess(f, 'open', 'PersonalRecord', { ...record('pending', 9), id: 8 }).breakGlassAllowed).toBe(true);
  });
  it('offers break-glass only to the roles allowed emergency access', () => {
    expect(decideRecordAccess(facts('supervisor', 'current'), 'open', 'PersonalRecord', record()).breakGlassAllowed).toBe(false);
    expect(decideRecordAccess(facts('privacy_officer', 'current'), 'open', 'PersonalRecord', record()).breakGlassAllowed).toBe(true);
  });
});
