/**
 * What a role grant or revoke would do, before it is done: the modules that become due and by
 * when, that record access starts only once they are current, and what access ends at once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { RolePreview } from '../../contract/accounts.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import { formatDate } from '../format.js';
import { RECORD_RULES } from '../policy/recordRules.js';
import { accessEndingWith } from '../policy/roleAccess.js';
import type { Principal } from './principal.js';
import type { CurriculumEntry } from '../training/curriculum.js';
import { trainingStatus, type StatusResult } from '../training/status.js';

/** The module's state in words; its dates travel beside it, for the screen to show as local dates. */
function stateInWords(s: StatusResult, alreadyRequired: boolean): string {
  const already = alreadyRequired ? ' (already required by another role)' : '';
  switch (s.status) {
    case 'passed':
      return `current${already}`;
    case 'expiring':
      return `current, expiring soon${already}`;
    case 'expired':
      return `expired: due again${already}`;
    case 'overdue':
      return `overdue${already}`;
    case 'in_progress':
      return `in progress${already}`;
    case 'not_started':
      return `becomes due${already}`;
  }
}

interface ModuleOfRole {
  moduleId: string;
  number: number;
  title: string;
  status: StatusResult;
  alreadyRequired: boolean;
}

/** The modules the role requires (and its record access needs), with their state for this person if the role were granted today. */
async function modulesOfRole(
  db: Kysely<Database>,
  person: Principal,
  role: RoleKey,
  curriculum: readonly CurriculumEntry[],
  dueDays: number,
  now: Date,
): Promise<ModuleOfRole[]> {
  // The modules the role requires, and those its record access needs (some come with every role).
  const forRecords = RECORD_RULES[role]?.requiredModules ?? [];
  const modules = await db
    .selectFrom('training_modules as m')
    .select(['m.module_id', 'm.number', 'm.title', 'm.current_major', 'm.major_published_at'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('training_module_roles as r')
            .select('r.module_id')
            .whereRef('r.module_id', '=', 'm.module_id')
            .where('r.role_key', '=', role),
        ),
        ...(forRecords.length ? [eb('m.number', 'in', [...forRecords])] : []),
      ]),
    )
    .orderBy('m.number')
    .execute();
  const completions = await db
    .selectFrom('training_completions')
    .select(['module_id', 'major', 'completed_at', 'expires_at'])
    .where('staff_id', '=', person.id)
    .orderBy('completed_at', 'desc')
    .execute();
  const held = new Map(curriculum.map((e) => [e.moduleId, e]));
  return modules.map((m) => {
    const existing = held.get(m.module_id);
    if (existing) return { moduleId: m.module_id, number: Number(m.number), title: m.title, status: existing, alreadyRequired: true };
    const latest = completions.find((c) => c.module_id === m.module_id);
    const status = trainingStatus({
      assignedOn: formatDate(now),
      dueDays,
      currentMajor: Number(m.current_major),
      majorPublishedAt: m.major_published_at,
      latest: latest ? { major: Number(latest.major), completedAt: latest.completed_at, expiresAt: latest.expires_at } : null,
      started: false,
      now,
    });
    return { moduleId: m.module_id, number: Number(m.number), title: m.title, status, alreadyRequired: false };
  });
}

function recordAccessSentence(role: RoleKey, modules: readonly ModuleOfRole[], departmentName: string): string | null {
  const rule = RECORD_RULES[role];
  if (!rule) return null;
  const missing = modules.filter((m) => rule.requiredModules.includes(m.number) && !m.status.current);
  const what = `${rule.duty} of ${departmentName}`;
  if (missing.length === 0) return `Record access (${what}) starts at once: every required module is current.`;
  const numbers = missing.map((m) => m.number).join(', ');
  const which = missing.length === 1 ? `module ${numbers} is` : `modules ${numbers} are`;
  return `Record access (${what}) starts only once ${which} current; until then every record is refused with the reason.`;
}

export async function previewRoleChange(
  db: Kysely<Database>,
  person: Principal,
  curriculum: readonly CurriculumEntry[],
  role: RoleKey,
  change: 'grant' | 'revoke',
  dueDays: number,
  now: Date,
  approval: string | null,
): Promise<RolePreview> {
  const base = { person: person.displayName, role: { key: role, name: ROLE_NAMES[role] }, change };
  const others = person.roles.filter((r) => r !== role);
  if (change === 'grant') {
    const modules = await modulesOfRole(db, person, role, curriculum, dueDays, now);
    return {
      ...base,
      modules: modules.map((m) => ({
        number: m.number,
        title: m.title,
        state: stateInWords(m.status, m.alreadyRequired),
        dueDate: m.status.current ? null : m.status.dueDate,
        currentUntil: m.status.current ? m.status.expiresAt : null,
      })),
      recordAccess: recordAccessSentence(role, modules, person.departmentName),
      gains: accessEndingWith(role, others, person.departmentName),
      ends: [],
      noLongerRequired: [],
      approval,
    };
  }
  const stillRequired = new Set(curriculum.filter((e) => e.requiredBy.some((r) => r !== role)).map((e) => e.moduleId));
  return {
    ...base,
    modules: [],
    recordAccess: null,
    gains: [],
    ends: accessEndingWith(role, others, person.departmentName),
    noLongerRequired: curriculum
      .filter((e) => e.requiredBy.includes(role) && !stillRequired.has(e.moduleId))
      .map((e) => `${e.number}. ${e.title}`),
    approval: null,
  };
}
