/**
 * A person's curriculum: the modules their roles require, each with its computed status.
 * Three queries per person, whatever the number of modules.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { RoleKey } from '../../contract/roles.js';
import { trainingStatus, type CompletionFact, type StatusResult } from './status.js';

export interface CurriculumEntry extends StatusResult {
  moduleId: string;
  number: number;
  title: string;
  version: string;
  currentMajor: number;
  requiredBy: RoleKey[];
  assignedOn: string;
  /** Progress exists since the last completion. */
  started: boolean;
  lessonIndex: number | null;
  furthestLesson: number | null;
  progressVersion: string | null;
  lastCompletion: (CompletionFact & { certificateId: string; score: number; version: string }) | null;
}

export async function curriculumFor(
  db: Kysely<Database>,
  staffId: number,
  hireDate: string,
  dueDays: number,
  now: Date,
): Promise<CurriculumEntry[]> {
  return curriculumFromRows(await curriculumRows(db, staffId), hireDate, dueDays, now);
}

/** What a person's curriculum is computed from: the same rows whatever the clock says. */
export type CurriculumRows = Awaited<ReturnType<typeof curriculumRows>>;

export async function curriculumRows(db: Kysely<Database>, staffId: number) {
  const required = await db
    .selectFrom('staff_roles as sr')
    .innerJoin('training_module_roles as r', 'r.role_key', 'sr.role_key')
    .innerJoin('training_modules as m', 'm.module_id', 'r.module_id')
    .select([
      'm.module_id',
      'm.number',
      'm.title',
      'm.current_version',
      'm.current_major',
      'm.major_published_at',
      'sr.role_key',
      'sr.granted_at',
    ])
    .where('sr.staff_id', '=', staffId)
    .execute();
  const completions = await db
    .selectFrom('training_completions')
    .select(['module_id', 'major', 'version', 'completed_at', 'expires_at', 'certificate_id', 'score'])
    .where('staff_id', '=', staffId)
    .orderBy('completed_at', 'desc')
    .execute();
  const progress = await db.selectFrom('training_progress').selectAll().where('staff_id', '=', staffId).execute();
  return { required, completions, progress };
}

/** The curriculum at `now` from its rows (which it does not change): status, due dates and expiry follow the clock. */
export function curriculumFromRows(
  { required, completions, progress }: CurriculumRows,
  hireDate: string,
  dueDays: number,
  now: Date,
): CurriculumEntry[] {
  const latestByModule = new Map<string, (typeof completions)[number]>();
  for (const c of completions) if (!latestByModule.has(c.module_id)) latestByModule.set(c.module_id, c);
  const progressByModule = new Map(progress.map((p) => [p.module_id, p]));

  const byModule = new Map<string, { row: (typeof required)[number]; roles: RoleKey[]; assignedOn: string }>();
  for (const row of required) {
    // A role held since hire counts from the hire date; a role added later, from the day it was granted.
    const granted = row.granted_at.slice(0, 10) < hireDate ? hireDate : row.granted_at.slice(0, 10);
    const entry = byModule.get(row.module_id);
    if (!entry) byModule.set(row.module_id, { row, roles: [row.role_key as RoleKey], assignedOn: granted });
    else {
      entry.roles.push(row.role_key as RoleKey);
      if (granted < entry.assignedOn) entry.assignedOn = granted;
    }
  }

  return [...byModule.values()]
    .map(({ row, roles, assignedOn }) => {
      const latest = latestByModule.get(row.module_id);
      const p = progressByModule.get(row.module_id);
      const fact = latest ? { major: Number(latest.major), completedAt: latest.completed_at, expiresAt: latest.expires_at } : null;
      // Started means progress since the last completion (a retake after expiry or a new version).
      const started = Boolean(p && (!latest || p.updated_at > latest.completed_at));
      const status = trainingStatus({
        assignedOn,
        dueDays,
        currentMajor: Number(row.current_major),
        majorPublishedAt: row.major_published_at,
        latest: fact,
        started,
        now,
      });
      return {
        ...status,
        moduleId: row.module_id,
        number: Number(row.number),
        title: row.title,
        version: row.current_version,
        currentMajor: Number(row.current_major),
        requiredBy: roles,
        assignedOn,
        started,
        lessonIndex: p ? Number(p.lesson_index) : null,
        furthestLesson: p ? Number(p.furthest_lesson) : null,
        progressVersion: p?.version ?? null,
        lastCompletion:
          latest && fact ? { ...fact, certificateId: latest.certificate_id, score: Number(latest.score), version: latest.version } : null,
      };
    })
    .sort((a, b) => a.number - b.number);
}
