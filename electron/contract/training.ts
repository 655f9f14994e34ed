import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime, RoleKeySchema } from './common.js';

export const TRAINING_STATUSES = ['not_started', 'in_progress', 'passed', 'expiring', 'expired', 'overdue'] as const;
export const TrainingStatusSchema = z.enum(TRAINING_STATUSES);
export type TrainingStatus = z.infer<typeof TrainingStatusSchema>;

const ModuleId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'Not a module id.');
const CertificateId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^CLR-[A-Z0-9]{10}$/, 'A certificate id looks like CLR-ABCDE12345.');

/** How a signature is compared with the account's name: said in the prompt and in the refusal. */
export const SIGNATURE_RULE = 'Capital letters and extra spaces do not matter.';

export const CurriculumItem = z.object({
  moduleId: z.string(),
  number: z.number(),
  title: z.string(),
  summary: z.string(),
  version: z.string(),
  status: TrainingStatusSchema,
  /** Training is due by this date (YYYY-MM-DD); null while current. */
  dueDate: z.string().nullable(),
  /** When the current completion expires. */
  expiresAt: IsoTime.nullable(),
  /** An earlier major version was completed; the new version must be taken. */
  stale: z.boolean(),
  lessonsRead: z.number(),
  lessonsTotal: z.number(),
  lastCompletedAt: IsoTime.nullable(),
  lastScore: z.number().nullable(),
  certificateId: z.string().nullable(),
  requiredBy: z.array(z.object({ key: RoleKeySchema, name: z.string() })),
});
export type CurriculumItem = z.infer<typeof CurriculumItem>;

export const Clause = z.object({ id: z.string(), title: z.string(), quote: z.string().nullable() });

export const ModuleView = z.object({
  moduleId: z.string(),
  number: z.number(),
  version: z.string(),
  title: z.string(),
  summary: z.string(),
  passMark: z.number(),
  quizSize: z.number(),
  lessons: z.array(z.object({ id: z.string(), title: z.string(), body: z.string(), clause: Clause })),
  lessonIndex: z.number(),
  acknowledgementText: z.string(),
});
export type ModuleView = z.infer<typeof ModuleView>;

export const QuizQuestion = z.object({
  id: z.string(),
  type: z.enum(['single', 'multiple', 'truefalse']),
  prompt: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
});

const QuizAnswers = z.record(z.string().max(64), z.array(z.string().max(64)).max(10));

export const QuizView = z.object({
  attemptId: z.number(),
  /** Submitted attempts before this one, plus one: an attempt counts only when submitted. */
  attemptNumber: z.number(),
  /** Answers chosen before a reload: the same attempt resumes with them. */
  draft: QuizAnswers,
  moduleId: z.string(),
  moduleTitle: z.string(),
  passMark: z.number(),
  questions: z.array(QuizQuestion),
});
export type QuizView = z.infer<typeof QuizView>;

export const QuizResult = z.object({
  attemptId: z.number(),
  attemptNumber: z.number(),
  score: z.number(),
  passMark: z.number(),
  passed: z.boolean(),
  correctCount: z.number(),
  questionCount: z.number(),
  questions: z.array(
    QuizQuestion.extend({
      chosen: z.array(z.string()),
      correct: z.array(z.string()),
      isCorrect: z.boolean(),
      explanation: z.string(),
      clause: Clause,
    }),
  ),
  /** Set when passed: the exact statement the learner must acknowledge. */
  acknowledgementText: z.string().nullable(),
});
export type QuizResult = z.infer<typeof QuizResult>;

export const CertificateView = z.object({
  certificateId: z.string(),
  personName: z.string(),
  employeeId: z.string(),
  moduleId: z.string(),
  moduleTitle: z.string(),
  version: z.string(),
  score: z.number(),
  completedAt: IsoTime,
  expiresAt: IsoTime,
});
export type CertificateView = z.infer<typeof CertificateView>;

export const CertificateCheck = z.object({
  found: z.boolean(),
  genuine: z.boolean(),
  current: z.boolean(),
  /** Why it is not current, in words (expired, superseded by a new major version). */
  note: z.string(),
  certificate: CertificateView.nullable(),
});
export type CertificateCheck = z.infer<typeof CertificateCheck>;

/** A content file that could not be used, and why (shown to administrators). */
export const ContentProblem = z.object({ file: z.string(), problem: z.string() });
export type ContentProblem = z.infer<typeof ContentProblem>;

export const ContentOverview = z.object({
  modules: z.array(
    z.object({
      moduleId: z.string(),
      number: z.number(),
      title: z.string(),
      currentVersion: z.string(),
      passMark: z.number(),
      validityMonths: z.number(),
      questionCount: z.number(),
      lessonCount: z.number(),
      requiredBy: z.array(z.object({ key: RoleKeySchema, name: z.string() })),
      versions: z.array(z.object({ version: z.string(), publishedAt: IsoTime, contentHash: z.string() })),
    }),
  ),
  problems: z.array(ContentProblem),
});
export type ContentOverview = z.infer<typeof ContentOverview>;

export const SavedFile = z.object({ saved: z.boolean(), path: z.string().nullable() });
export type SavedFile = z.infer<typeof SavedFile>;

export const trainingContract = {
  'training.myCurriculum': defineChannel({
    access: 'session',
    summary: "The caller's required modules with status, due dates and expiry.",
    input: Empty,
    output: z.object({ items: z.array(CurriculumItem), dueDays: z.number() }),
  }),
  'training.module': defineChannel({
    access: 'session',
    summary: "A module from the caller's curriculum: lessons and where they left off. Starts it on first open.",
    input: z.object({ moduleId: ModuleId }).strict(),
    output: ModuleView,
  }),
  'training.saveProgress': defineChannel({
    access: 'session',
    summary: 'Remember the lesson the learner reached.',
    input: z.object({ moduleId: ModuleId, lessonIndex: z.number().int().min(0).max(100) }).strict(),
    output: z.object({ lessonIndex: z.number() }),
  }),
  'training.startQuiz': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Draw a fresh, shuffled quiz once every lesson has been read, or resume the one not yet submitted, with its draft.',
    input: z.object({ moduleId: ModuleId }).strict(),
    output: QuizView,
  }),
  'training.submitQuiz': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Score an attempt; returns which answers were wrong, with explanations.',
    input: z.object({ attemptId: z.number().int().positive(), answers: QuizAnswers }).strict(),
    output: QuizResult,
  }),
  'training.saveQuizDraft': defineChannel({
    access: 'session',
    summary: 'Keep the answers chosen so far in a quiz not yet submitted (saved as the learner answers, like reading progress).',
    input: z.object({ attemptId: z.number().int().positive(), answers: QuizAnswers }).strict(),
    output: z.object({ saved: z.boolean() }),
  }),
  'training.acknowledge': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Sign the policy acknowledgement for a passed attempt; records the completion.',
    input: z
      .object({ attemptId: z.number().int().positive(), signature: z.string().trim().min(1, 'Type your full name.').max(200) })
      .strict(),
    output: CertificateView,
  }),
  'training.certificate': defineChannel({
    access: 'session',
    summary: "One of the caller's own certificates.",
    input: z.object({ certificateId: CertificateId }).strict(),
    output: CertificateView,
  }),
  'training.saveCertificatePdf': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Print the certificate now on screen to a PDF file the person chooses.',
    input: z.object({ certificateId: CertificateId }).strict(),
    output: SavedFile,
  }),
  'training.verifyCertificate': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Administrators: is this certificate genuine and current?',
    input: z.object({ certificateId: CertificateId }).strict(),
    output: CertificateCheck,
  }),
  'training.contentOverview': defineChannel({
    access: 'session',
    summary: 'Administrators: modules, versions and which roles require each.',
    input: Empty,
    output: ContentOverview,
  }),
  'training.exportXapi': defineChannel({
    access: 'session',
    mutation: true,
    stepUp: true,
    summary: 'Administrators and privacy officers: every completion as xAPI statements in a JSON file.',
    input: z
      .object({
        from: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable(), statements: z.number() }),
  }),
};
