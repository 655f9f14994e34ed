/**
 * Taking training: open a module, read lessons, draw and submit quizzes, acknowledge the policy,
 * and record an append-only completion with a certificate id. Every step is audited.
 */
import { createHash, randomInt } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Principal } from '../staff/principal.js';
import { numberSetting } from '../settings.js';
import { curriculumFor, type CurriculumEntry } from './curriculum.js';
import { ModuleStore } from './moduleStore.js';
import { drawQuiz, scoreQuiz, secureRandom, type DrawnQuestion, type RandomInt } from './quiz.js';
import { addMonths } from './status.js';
import type { ModuleContent } from './contentSchema.js';

const CERT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newCertificateId(): string {
  let id = 'CLR-';
  for (let i = 0; i < 10; i++) id += CERT_ALPHABET[randomInt(CERT_ALPHABET.length)];
  return id;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const normalizeName = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export interface CertificateRecord {
  certificateId: string;
  personName: string;
  employeeId: string;
  staffId: number;
  moduleId: string;
  moduleTitle: string;
  version: string;
  major: number;
  score: number;
  completedAt: string;
  expiresAt: string;
}

export class TrainingService {
  readonly modules: ModuleStore;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly random: RandomInt = secureRandom,
  ) {
    this.modules = new ModuleStore(ctx.db);
  }

  private actor(p: Principal) {
    return { id: p.id, username: p.username };
  }

  async dueDays(): Promise<number> {
    return numberSetting(this.ctx.db, 'training.dueDays');
  }

  async curriculum(principal: Principal): Promise<CurriculumEntry[]> {
    return curriculumFor(this.ctx.db, principal.id, principal.hireDate, await this.dueDays(), this.ctx.clock.now());
  }

  private async entry(principal: Principal, moduleId: string): Promise<CurriculumEntry> {
    const entry = (await this.curriculum(principal)).find((e) => e.moduleId === moduleId);
    if (!entry) throw new AppError('NOT_FOUND', 'This module is not part of your curriculum. Your curriculum follows your roles.');
    return entry;
  }

  /** Opens a module from the person's curriculum; the first open records the start. */
  async open(
    principal: Principal,
    moduleId: string,
    workstation: string,
  ): Promise<{ content: ModuleContent; lessonIndex: number; quizSize: number }> {
    const { db, audit, clock } = this.ctx;
    const entry = await this.entry(principal, moduleId);
    const content = await this.modules.content(moduleId, entry.version);
    const now = clock.now().toISOString();
    // A first open, or a retake after expiry or a new version, starts afresh and is audited as a
    // start; re-reading a current module only keeps the place.
    const fresh = entry.lessonIndex === null;
    const restart = fresh || (!entry.started && !entry.current);
    const lessonIndex = restart ? 0 : (entry.lessonIndex ?? 0);
    if (restart) {
      await db.transaction().execute(async (trx) => {
        const values = { version: entry.version, lesson_index: 0, furthest_lesson: 0, started_at: now, updated_at: now };
        if (fresh)
          await trx
            .insertInto('training_progress')
            .values({ staff_id: principal.id, module_id: moduleId, ...values })
            .execute();
        else
          await trx
            .updateTable('training_progress')
            .set(values)
            .where('staff_id', '=', principal.id)
            .where('module_id', '=', moduleId)
            .execute();
        await audit.append(trx, {
          actor: this.actor(principal),
          workstation,
          event: 'training.start',
          outcome: 'allowed',
          resource: { type: 'module', id: `${moduleId}@${entry.version}` },
          reason: entry.current ? 'reviewing a current module' : `required by ${entry.requiredBy.join(', ')}`,
          details: { status: entry.status, stale: entry.stale },
        });
      });
    }
    return {
      content,
      lessonIndex: Math.min(lessonIndex, content.lessons.length - 1),
      quizSize: Math.min(await numberSetting(db, 'training.quizSize'), content.questions.length),
    };
  }

  async saveProgress(principal: Principal, moduleId: string, lessonIndex: number): Promise<number> {
    const { db, clock } = this.ctx;
    const progress = await db
      .selectFrom('training_progress')
      .selectAll()
      .where('staff_id', '=', principal.id)
      .where('module_id', '=', moduleId)
      .executeTakeFirst();
    if (!progress) throw new AppError('CONFLICT', 'Open the module before saving your place in it.');
    const content = await this.modules.content(moduleId, progress.version);
    const index = Math.min(lessonIndex, content.lessons.length - 1);
    await db
      .updateTable('training_progress')
      .set({
        lesson_index: index,
        furthest_lesson: Math.max(Number(progress.furthest_lesson), index),
        updated_at: clock.now().toISOString(),
      })
      .where('staff_id', '=', principal.id)
      .where('module_id', '=', moduleId)
      .execute();
    return index;
  }

  async startQuiz(principal: Principal, moduleId: string, workstation: string) {
    const { db, audit, clock } = this.ctx;
    const entry = await this.entry(principal, moduleId);
    const content = await this.modules.content(moduleId, entry.version);
    if (entry.furthestLesson === null || entry.progressVersion === null || entry.furthestLesson < content.lessons.length - 1) {
      throw new AppError('CONFLICT', 'Read every lesson of the module before taking the quiz.');
    }
    const size = await numberSetting(db, 'training.quizSize');
    const drawn = drawQuiz(content.questions, size, this.random);
    return db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('quiz_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('staff_id', '=', principal.id)
        .where('module_id', '=', moduleId)
        .executeTakeFirstOrThrow();
      const attemptNo = Number(previous.n) + 1;
      const row = await trx
        .insertInto('quiz_attempts')
        .values({
          staff_id: principal.id,
          module_id: moduleId,
          version: entry.version,
          attempt_no: attemptNo,
          drawn: JSON.stringify(drawn),
          started_at: clock.now().toISOString(),
          submitted_at: null,
          answers: null,
          score: null,
          passed: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.append(trx, {
        actor: this.actor(principal),
        workstation,
        event: 'training.quiz_start',
        outcome: 'allowed',
        resource: { type: 'module', id: `${moduleId}@${entry.version}` },
        reason: `attempt ${attemptNo}`,
        details: { attemptId: Number(row.id), questions: drawn.map((d) => d.id) },
      });
      return { attemptId: Number(row.id), attemptNumber: attemptNo, content, drawn };
    });
  }

  private async ownAttempt(principal: Principal, attemptId: number) {
    const attempt = await this.ctx.db
      .selectFrom('quiz_attempts')
      .selectAll()
      .where('id', '=', attemptId)
      .where('staff_id', '=', principal.id)
      .executeTakeFirst();
    if (!attempt) throw new AppError('NOT_FOUND', 'That quiz attempt was not found.');
    return attempt;
  }

  async submitQuiz(principal: Principal, attemptId: number, answers: Record<string, string[]>, workstation: string) {
    const { db, audit, clock } = this.ctx;
    const attempt = await this.ownAttempt(principal, attemptId);
    if (attempt.submitted_at) throw new AppError('CONFLICT', 'This attempt was already submitted. Start a new attempt to try again.');
    const content = await this.modules.content(attempt.module_id, attempt.version);
    const drawn = JSON.parse(attempt.drawn) as DrawnQuestion[];
    const scored = scoreQuiz(content.questions, drawn, answers);
    const passed = scored.score >= content.passMark;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('quiz_attempts')
        .set({ submitted_at: clock.now().toISOString(), answers: JSON.stringify(answers), score: scored.score, passed: passed ? 1 : 0 })
        .where('id', '=', attemptId)
        .where('submitted_at', 'is', null)
        .execute();
      await audit.append(trx, {
        actor: this.actor(principal),
        workstation,
        event: passed ? 'training.quiz_pass' : 'training.quiz_fail',
        outcome: 'allowed',
        resource: { type: 'module', id: `${attempt.module_id}@${attempt.version}` },
        reason: `scored ${scored.score}% against a pass mark of ${content.passMark}% (attempt ${attempt.attempt_no})`,
        details: { attemptId, score: scored.score, correct: scored.correctCount, questions: drawn.length },
      });
    });
    return { attempt, content, drawn, scored, passed };
  }

  /** Signs the acknowledgement of a passed attempt and records the completion. */
  async acknowledge(principal: Principal, attemptId: number, signature: string, workstation: string): Promise<CertificateRecord> {
    const { db, audit, clock } = this.ctx;
    const attempt = await this.ownAttempt(principal, attemptId);
    if (!attempt.passed) throw new AppError('CONFLICT', 'Only a passed quiz can be acknowledged. Take the quiz again.');
    const current = await this.modules.current(attempt.module_id);
    const attemptMajor = Number(attempt.version.split('.')[0]);
    if (attemptMajor < current.major)
      throw new AppError('CONFLICT', `This module has a new version (${current.version}) since your quiz. Take the new version.`);
    if (normalizeName(signature) !== normalizeName(principal.displayName)) {
      const message = `Type your full name exactly as it appears on your account: ${principal.displayName}.`;
      throw new AppError('INVALID_INPUT', message, { signature: message });
    }
    const content = await this.modules.content(attempt.module_id, attempt.version);
    const textHash = sha256(content.acknowledgement);
    const now = clock.now();
    const certificateId = newCertificateId();
    const expiresAt = addMonths(now.toISOString(), content.validityMonths);
    await db.transaction().execute(async (trx) => {
      const already = await trx.selectFrom('acknowledgements').select('id').where('attempt_id', '=', attemptId).executeTakeFirst();
      if (already) throw new AppError('CONFLICT', 'This attempt was already acknowledged.');
      await trx
        .insertInto('acknowledgements')
        .values({
          staff_id: principal.id,
          module_id: attempt.module_id,
          version: attempt.version,
          attempt_id: attemptId,
          text_hash: textHash,
          signature: signature.trim(),
          acknowledged_at: now.toISOString(),
        })
        .execute();
      await trx
        .insertInto('training_completions')
        .values({
          certificate_id: certificateId,
          staff_id: principal.id,
          module_id: attempt.module_id,
          version: attempt.version,
          major: attemptMajor,
          score: Number(attempt.score),
          attempt_no: Number(attempt.attempt_no),
          completed_at: now.toISOString(),
          expires_at: expiresAt,
          acknowledgement_hash: textHash,
        })
        .execute();
      await audit.append(trx, {
        actor: this.actor(principal),
        workstation,
        event: 'training.acknowledge',
        outcome: 'allowed',
        resource: { type: 'module', id: `${attempt.module_id}@${attempt.version}` },
        reason: 'policy acknowledgement signed with full name',
        details: { attemptId, textHash },
      });
      await audit.append(trx, {
        actor: this.actor(principal),
        workstation,
        event: 'training.completed',
        outcome: 'allowed',
        resource: { type: 'certificate', id: certificateId },
        reason: `passed ${content.title} v${attempt.version} with ${Number(attempt.score)}%; valid until ${expiresAt.slice(0, 10)}`,
        details: { moduleId: attempt.module_id, version: attempt.version, score: Number(attempt.score), expiresAt },
      });
    });
    return {
      certificateId,
      personName: principal.displayName,
      employeeId: principal.employeeId,
      staffId: principal.id,
      moduleId: attempt.module_id,
      moduleTitle: content.title,
      version: attempt.version,
      major: attemptMajor,
      score: Number(attempt.score),
      completedAt: now.toISOString(),
      expiresAt,
    };
  }

  async findCertificate(certificateId: string): Promise<CertificateRecord | null> {
    const row = await this.ctx.db
      .selectFrom('training_completions as c')
      .innerJoin('staff as s', 's.id', 'c.staff_id')
      .innerJoin('training_module_versions as v', (j) => j.onRef('v.module_id', '=', 'c.module_id').onRef('v.version', '=', 'c.version'))
      .select([
        'c.certificate_id',
        's.display_name',
        's.employee_id',
        'c.staff_id',
        'c.module_id',
        'v.title',
        'c.version',
        'c.major',
        'c.score',
        'c.completed_at',
        'c.expires_at',
      ])
      .where('c.certificate_id', '=', certificateId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      certificateId: row.certificate_id,
      personName: row.display_name,
      employeeId: row.employee_id,
      staffId: Number(row.staff_id),
      moduleId: row.module_id,
      moduleTitle: row.title,
      version: row.version,
      major: Number(row.major),
      score: Number(row.score),
      completedAt: row.completed_at,
      expiresAt: row.expires_at,
    };
  }

  /** Is it genuine (in our records) and current (not expired, not superseded by a new major version)? */
  async checkCertificate(certificateId: string) {
    const cert = await this.findCertificate(certificateId);
    if (!cert)
      return {
        found: false,
        genuine: false,
        current: false,
        note: 'No certificate with this id was ever issued by Clearance.',
        certificate: null,
      };
    const module = await this.modules.current(cert.moduleId);
    const now = this.ctx.clock.now().toISOString();
    let note = `Current until ${cert.expiresAt.slice(0, 10)}.`;
    let current = true;
    if (cert.expiresAt <= now) {
      current = false;
      note = `Expired on ${cert.expiresAt.slice(0, 10)}.`;
    } else if (cert.major < module.major) {
      current = false;
      note = `Superseded: version ${module.version} of this module requires retraining.`;
    }
    return { found: true, genuine: true, current, note, certificate: cert };
  }
}
