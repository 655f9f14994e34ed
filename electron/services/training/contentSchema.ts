/** The shape of a training module file under db/content/modules, validated with zod at start-up. */
import { z } from 'zod';
import { ROLE_KEYS } from '../../contract/roles.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');

const Option = z.object({ id: z.string().min(1).max(16), text: z.string().min(1) }).strict();

const Question = z
  .object({
    id: z.string().min(1).max(32),
    type: z.enum(['single', 'multiple', 'truefalse']),
    clause: Id,
    prompt: z.string().min(1),
    options: z.array(Option).min(2),
    correct: z.array(z.string()).min(1),
    explanation: z.string().min(1),
  })
  .strict()
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: `question ${q.id}: option ids repeat` });
    for (const c of q.correct) {
      if (!ids.includes(c)) ctx.addIssue({ code: 'custom', message: `question ${q.id}: correct answer "${c}" is not one of its options` });
    }
    if (q.type !== 'multiple' && q.correct.length !== 1)
      ctx.addIssue({ code: 'custom', message: `question ${q.id}: a ${q.type} question has exactly one correct answer` });
    if (q.type === 'multiple' && q.correct.length < 2)
      ctx.addIssue({ code: 'custom', message: `question ${q.id}: a multiple question has two or more correct answers` });
    if (q.type === 'truefalse' && q.options.length !== 2)
      ctx.addIssue({ code: 'custom', message: `question ${q.id}: a true/false question has two options` });
  });

const Lesson = z.object({ id: Id, title: z.string().min(1), clause: Id, body: z.string().min(1) }).strict();

export const ModuleFile = z
  .object({
    id: Id,
    number: z.number().int().min(1),
    version: z.string().regex(/^\d+\.\d+$/, 'version must be major.minor, such as "1.0"'),
    title: z.string().min(1),
    summary: z.string().min(1),
    passMark: z.number().int().min(1).max(100),
    validityMonths: z.number().int().min(1).max(60).default(12),
    requiredFor: z.array(z.enum(ROLE_KEYS)).min(1),
    acknowledgement: z.string().min(1).optional(),
    lessons: z.array(Lesson).min(1),
    questions: z.array(Question).min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    const lessonIds = m.lessons.map((l) => l.id);
    if (new Set(lessonIds).size !== lessonIds.length) ctx.addIssue({ code: 'custom', message: 'lesson ids repeat' });
    const questionIds = m.questions.map((q) => q.id);
    if (new Set(questionIds).size !== questionIds.length) ctx.addIssue({ code: 'custom', message: 'question ids repeat' });
  });
export type ModuleFile = z.infer<typeof ModuleFile>;
export type ModuleQuestion = ModuleFile['questions'][number];

export const ClauseFile = z.array(
  z
    .object({
      id: Id,
      title: z.string().min(1),
      quote: z.string().min(1).optional(),
      source: z.string().optional(),
      summary: z.string().optional(),
    })
    .strict(),
);
export type ClauseEntry = z.infer<typeof ClauseFile>[number];

/** A validated module with its clauses resolved, as stored in training_module_versions.content. */
export interface ModuleContent extends ModuleFile {
  acknowledgement: string;
  clauses: Record<string, { id: string; title: string; quote: string | null }>;
}

export function parseVersion(version: string): { major: number; minor: number } {
  const [major, minor] = version.split('.').map(Number);
  return { major: major ?? 0, minor: minor ?? 0 };
}

export function defaultAcknowledgement(title: string, version: string): string {
  return `I have read and understood the training module "${title}" (version ${version}). I will handle personal information as the Commonwealth privacy statement and this training require, and I understand that my access to records is logged and reviewed.`;
}
