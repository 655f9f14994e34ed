/**
 * Taking training: open a module, read lessons, draw and submit quizzes, acknowledge the policy,
 * and record an append-only completion with a certificate id. Every step is audited.
 */
import {
  SIGNATURE_RULE,
  type ContentOverview,
  type CertificateCheck,
  type CertificateView,
  type CurriculumItem,
  type ModuleView,
  type QuizResult,
  type QuizView,
  type SavedFile,
} from '../../contract/training.js';
import { ROLE_NAMES, type RoleKey } from '../../contract/roles.js';
import type { Caller } from '../caller.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { formatDate, formatDay } from '../format.js';
import { authorize } from '../policy/authorize.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { numberSetting, xapiActivityBase } from '../settings.js';
import type { ContentProblem } from './contentLoader.js';
import type { ModuleContent, ModuleQuestion } from './contentSchema.js';
import { curriculumFor, curriculumFromRows, curriculumRows, type CurriculumEntry, type CurriculumRows } from './curriculum.js';
import { ModuleStore } from './moduleStore.js';
import { drawQuiz, scoreQuiz, secureRandom, type DrawnQuestion, type RandomInt } from './quiz.js';
import { addMonths } from './status.js';
import { acknowledgementHash, newCertificateId, signatureMatches } from './certificateIds.js';
import { toXapiStatement } from './xapi.js';

/** A certificate as stored: what its holder sees, plus whose it is and the major version it counts for. */
type CertificateRecord = CertificateView & { staffId: number; major: number };

export interface TrainingContentState {
  /** Problems found in the content files at start-up (shown to administrators). */
  problems: readonly ContentProblem[];
}

export class TrainingService {
  private readonly modules: ModuleStore;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly content: TrainingContentState,
    private readonly random: RandomInt = secureRandom,
  ) {
    this.modules = new ModuleStore(ctx.db);
  }

  async dueDays(): Promise<number> {
    return numberSetting(this.ctx.db, 'training.dueDays');
  }

  async curriculum(principal: Principal): Promise<CurriculumEntry[]> {
    return curriculumFor(this.ctx.db, principal.id, principal.hireDate, await this.dueDays(), this.ctx.clock.now());
  }

  /** The rows a curriculum is computed from, to compute it again later at another time (curriculumFromRows). */
  curriculumRows(principal: Principal): Promise<CurriculumRows> {
    return curriculumRows(this.ctx.db, principal.id);
  }

  curriculumFromRows(principal: Principal, rows: CurriculumRows, dueDays: number, now: Date): CurriculumEntry[] {
    return curriculumFromRows(rows, principal.hireDate, dueDays, now);
  }

  private async entry(principal: Principal, moduleId: string): Promise<CurriculumEntry> {
    const entry = (await this.curriculum(principal)).find((e) => e.moduleId === moduleId);
    if (!entry) throw new AppError('NOT_FOUND', 'This module is not part of your curriculum. Your curriculum follows your roles.');
    return entry;
  }

  /** The person's required modules with status, due dates, expiry and how far they have read. */
  async myCurriculum(principal: Principal): Promise<{ items: CurriculumItem[]; dueDays: number }> {
    const items: CurriculumItem[] = [];
    for (const e of await this.curriculum(principal)) {
      const content = await this.modules.content(e.moduleId, e.version);
      items.push({
        moduleId: e.moduleId,
        number: e.number,
        title: e.title,
        summary: content.summary,
        version: e.version,
        status: e.status,
        dueDate: e.dueDate,
        expiresAt: e.expiresAt,
        stale: e.stale,
        lessonsRead: e.started && e.furthestLesson !== null ? e.furthestLesson + 1 : 0,
        lessonsTotal: content.lessons.length,
        lastCompletedAt: e.lastCompletion?.completedAt ?? null,
        lastScore: e.lastCompletion?.score ?? null,
        certificateId: e.lastCompletion?.certificateId ?? null,
        requiredBy: e.requiredBy.map(namedRole),
      });
    }
    return { items, dueDays: await this.dueDays() };
  }

  /** Opens a module from the person's curriculum; the first open records the start. */
  async openModule(principal: Principal, moduleId: string, { workstation }: Caller): Promise<ModuleView> {
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
          actor: actorOf(principal),
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
      moduleId: content.id,
      number: content.number,
      version: content.version,
      title: content.title,
      summary: content.summary,
      passMark: content.passMark,
      quizSize: Math.min(await numberSetting(db, 'training.quizSize'), content.questions.length),
      lessons: content.lessons.map((l) => ({ id: l.id, title: l.title, body: l.body, clause: content.clauses[l.clause]! })),
      lessonIndex: Math.min(lessonIndex, content.lessons.length - 1),
      acknowledgementText: content.acknowledgement,
    };
  }

  async saveProgress(principal: Principal, moduleId: string, lessonIndex: number): Promise<{ lessonIndex: number }> {
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
    return { lessonIndex: index };
  }

  /**
   * The quiz to answer: the attempt not yet submitted, resumed with its draft (so a reload neither
   * loses answers nor uses up an attempt), or a fresh, shuffled draw. Only what the learner needs
   * to answer: never which options are correct. An attempt's number counts submitted attempts only.
   */
  async startQuiz(principal: Principal, moduleId: string, { workstation }: Caller): Promise<QuizView> {
    const { db, audit, clock } = this.ctx;
    const entry = await this.entry(principal, moduleId);
    const content = await this.modules.content(moduleId, entry.version);
    if (entry.furthestLesson === null || entry.progressVersion === null || entry.furthestLesson < content.lessons.length - 1) {
      throw new AppError('CONFLICT', 'Read every lesson of the module before taking the quiz.');
    }
    const size = await numberSetting(db, 'training.quizSize');
    return db.transaction().execute(async (trx) => {
      const open = await trx
        .selectFrom('quiz_attempts')
        .select(['id', 'attempt_no', 'drawn', 'draft'])
        .where('staff_id', '=', principal.id)
        .where('module_id', '=', moduleId)
        .where('version', '=', entry.version)
        .where('submitted_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (open) {
        const drawn = JSON.parse(open.drawn) as DrawnQuestion[];
        await audit.append(trx, {
          actor: actorOf(principal),
          workstation,
          event: 'training.quiz_resume',
          outcome: 'allowed',
          resource: { type: 'module', id: `${moduleId}@${entry.version}` },
          reason: `resumed attempt ${Number(open.attempt_no)}, not yet submitted`,
          details: { attemptId: Number(open.id) },
        });
        return {
          attemptId: Number(open.id),
          attemptNumber: Number(open.attempt_no),
          draft: open.draft ? (JSON.parse(open.draft) as Record<string, string[]>) : {},
          moduleId: content.id,
          moduleTitle: content.title,
          passMark: content.passMark,
          questions: drawn.map((d) => questionView(content, d)),
        };
      }
      const drawn = drawQuiz(content.questions, size, this.random);
      const previous = await trx
        .selectFrom('quiz_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('staff_id', '=', principal.id)
        .where('module_id', '=', moduleId)
        .where('submitted_at', 'is not', null)
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
          draft: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'training.quiz_start',
        outcome: 'allowed',
        resource: { type: 'module', id: `${moduleId}@${entry.version}` },
        reason: `attempt ${attemptNo}`,
        details: { attemptId: Number(row.id), questions: drawn.map((d) => d.id) },
      });
      return {
        attemptId: Number(row.id),
        attemptNumber: attemptNo,
        draft: {},
        moduleId: content.id,
        moduleTitle: content.title,
        passMark: content.passMark,
        questions: drawn.map((d) => questionView(content, d)),
      };
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

  /**
   * Keeps the answers chosen so far in the caller's own attempt not yet submitted. Only answers to
   * the drawn questions, with their own options, are kept. Not audited: it is the learner's working
   * state, like reading progress; starting and submitting are.
   */
  async saveQuizDraft(principal: Principal, attemptId: number, answers: Record<string, string[]>): Promise<{ saved: boolean }> {
    const attempt = await this.ownAttempt(principal, attemptId);
    if (attempt.submitted_at) return { saved: false };
    const content = await this.modules.content(attempt.module_id, attempt.version);
    const draft: Record<string, string[]> = {};
    for (const d of JSON.parse(attempt.drawn) as DrawnQuestion[]) {
      const options = new Set(questionOf(content, d.id).options.map((o) => o.id));
      const chosen = [...new Set(answers[d.id] ?? [])].filter((o) => options.has(o));
      if (chosen.length) draft[d.id] = chosen;
    }
    await this.ctx.db
      .updateTable('quiz_attempts')
      .set({ draft: JSON.stringify(draft) })
      .where('id', '=', attemptId)
      .where('submitted_at', 'is', null)
      .execute();
    return { saved: true };
  }

  /** Scores an attempt; says which answers were wrong, with explanations and the clause each rests on. */
  async submitQuiz(
    principal: Principal,
    attemptId: number,
    answers: Record<string, string[]>,
    { workstation }: Caller,
  ): Promise<QuizResult> {
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
        .set({
          submitted_at: clock.now().toISOString(),
          answers: JSON.stringify(answers),
          score: scored.score,
          passed: passed ? 1 : 0,
          draft: null,
        })
        .where('id', '=', attemptId)
        .where('submitted_at', 'is', null)
        .execute();
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: passed ? 'training.quiz_pass' : 'training.quiz_fail',
        outcome: 'allowed',
        resource: { type: 'module', id: `${attempt.module_id}@${attempt.version}` },
        reason: `scored ${scored.score}% against a pass mark of ${content.passMark}% (attempt ${attempt.attempt_no})`,
        details: { attemptId, score: scored.score, correct: scored.correctCount, questions: drawn.length },
      });
    });
    return {
      attemptId,
      attemptNumber: Number(attempt.attempt_no),
      score: scored.score,
      passMark: content.passMark,
      passed,
      correctCount: scored.correctCount,
      questionCount: drawn.length,
      questions: drawn.map((d, i) => {
        const s = scored.questions[i]!;
        const q = questionOf(content, d.id);
        return {
          ...questionView(content, d),
          chosen: s.chosen,
          correct: s.correct,
          isCorrect: s.isCorrect,
          explanation: q.explanation,
          clause: content.clauses[q.clause]!,
        };
      }),
      acknowledgementText: passed ? content.acknowledgement : null,
    };
  }

  /** Signs the acknowledgement of a passed attempt and records the completion. */
  async acknowledge(principal: Principal, attemptId: number, signature: string, { workstation }: Caller): Promise<CertificateView> {
    const { db, audit, clock } = this.ctx;
    const attempt = await this.ownAttempt(principal, attemptId);
    if (!attempt.passed) throw new AppError('CONFLICT', 'Only a passed quiz can be acknowledged. Take the quiz again.');
    const current = await this.modules.current(attempt.module_id);
    const attemptMajor = Number(attempt.version.split('.')[0]);
    if (attemptMajor < current.major)
      throw new AppError('CONFLICT', `This module has a new version (${current.version}) since your quiz. Take the new version.`);
    if (!signatureMatches(signature, principal.displayName)) {
      const message = `Type your full name as it appears on your account, ${principal.displayName}. ${SIGNATURE_RULE}`;
      throw new AppError('INVALID_INPUT', message, { signature: message });
    }
    const content = await this.modules.content(attempt.module_id, attempt.version);
    const textHash = acknowledgementHash(content.acknowledgement);
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
        actor: actorOf(principal),
        workstation,
        event: 'training.acknowledge',
        outcome: 'allowed',
        resource: { type: 'module', id: `${attempt.module_id}@${attempt.version}` },
        reason: 'policy acknowledgement signed with full name',
        details: { attemptId, textHash },
      });
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'training.completed',
        outcome: 'allowed',
        resource: { type: 'certificate', id: certificateId },
        reason: `passed ${content.title} v${attempt.version} with ${Number(attempt.score)}%; valid until ${formatDay(expiresAt)}`,
        details: { moduleId: attempt.module_id, version: attempt.version, score: Number(attempt.score), expiresAt },
      });
    });
    return {
      certificateId,
      personName: principal.displayName,
      employeeId: principal.employeeId,
      moduleId: attempt.module_id,
      moduleTitle: content.title,
      version: attempt.version,
      score: Number(attempt.score),
      completedAt: now.toISOString(),
      expiresAt,
    };
  }

  /** One of the person's own certificates. Someone else's is reported as not found, so ids cannot be probed. */
  async certificate(principal: Principal, certificateId: string): Promise<CertificateView> {
    return certificateView(await this.ownCertificate(principal, certificateId));
  }

  private async ownCertificate(principal: Principal, certificateId: string): Promise<CertificateRecord> {
    const cert = await this.findCertificate(certificateId);
    if (!cert || cert.staffId !== principal.id) throw new AppError('NOT_FOUND', 'No certificate of yours has that id.');
    return cert;
  }

  /** Prints the certificate on screen to a PDF file its holder chooses. */
  async saveCertificatePdf(principal: Principal, certificateId: string, caller: Caller): Promise<SavedFile> {
    const cert = await this.ownCertificate(principal, certificateId);
    const path = await this.ctx.desktop.savePdf(caller.senderKey, `Clearance certificate ${cert.moduleId} ${cert.certificateId}.pdf`);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'training.certificate_saved',
      outcome: 'allowed',
      resource: { type: 'certificate', id: cert.certificateId },
      reason: path ? 'saved as PDF by its holder' : 'save cancelled',
    });
    return { saved: path !== null, path };
  }

  /** Administrators: is this certificate genuine and current? The check is audited. */
  async verifyCertificate(principal: Principal, certificateId: string, { workstation }: Caller): Promise<CertificateCheck> {
    await authorize(this.ctx, principal, workstation, 'verify', 'Certificate');
    const check = await this.checkCertificate(certificateId);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'training.certificate_verify',
      outcome: 'allowed',
      resource: { type: 'certificate', id: certificateId },
      reason: check.found ? (check.current ? 'genuine and current' : `genuine, not current: ${check.note}`) : 'no such certificate',
    });
    return { ...check, certificate: check.certificate ? certificateView(check.certificate) : null };
  }

  /** Administrators and privacy officers: every module, its versions, the roles requiring it, and the content problems. */
  async contentOverview(principal: Principal, { workstation }: Caller): Promise<ContentOverview> {
    const { db } = this.ctx;
    await authorize(this.ctx, principal, workstation, 'read', 'TrainingContent');
    const modules = await db.selectFrom('training_modules').selectAll().orderBy('number').execute();
    const versions = await db
      .selectFrom('training_module_versions')
      .select(['module_id', 'version', 'published_at', 'content_hash'])
      .orderBy('published_at', 'desc')
      .execute();
    const roles = await db.selectFrom('training_module_roles').selectAll().execute();
    const out: ContentOverview['modules'] = [];
    for (const m of modules) {
      const content = await this.modules.content(m.module_id, m.current_version);
      out.push({
        moduleId: m.module_id,
        number: Number(m.number),
        title: m.title,
        currentVersion: m.current_version,
        passMark: content.passMark,
        validityMonths: content.validityMonths,
        questionCount: content.questions.length,
        lessonCount: content.lessons.length,
        requiredBy: roles.filter((r) => r.module_id === m.module_id).map((r) => namedRole(r.role_key as RoleKey)),
        versions: versions
          .filter((v) => v.module_id === m.module_id)
          .map((v) => ({ version: v.version, publishedAt: v.published_at, contentHash: v.content_hash })),
      });
    }
    return { modules: out, problems: this.content.problems.map((p) => ({ ...p })) };
  }

  /** Administrators and privacy officers: completions (optionally in a date range) as xAPI statements, saved to a file. */
  async exportXapi(
    principal: Principal,
    range: { from?: string | undefined; to?: string | undefined },
    caller: Caller,
  ): Promise<{ saved: boolean; path: string | null; statements: number }> {
    const { clock, desktop } = this.ctx;
    await authorize(this.ctx, principal, caller.workstation, 'export', 'TrainingRecords');
    let q = this.completions()
      .select([
        'c.certificate_id',
        's.email',
        's.display_name',
        'c.module_id',
        'v.title',
        'v.content',
        'c.version',
        'c.score',
        'c.completed_at',
      ])
      .orderBy('c.completed_at');
    if (range.from) q = q.where('c.completed_at', '>=', range.from);
    // "to" is a date: include the whole day.
    if (range.to) q = q.where('c.completed_at', '<', `${range.to}T99`);
    const activityBase = await xapiActivityBase(this.ctx.db);
    const statements = (await q.execute()).map((r) =>
      toXapiStatement(
        {
          certificateId: r.certificate_id,
          email: r.email,
          displayName: r.display_name,
          moduleId: r.module_id,
          moduleTitle: r.title,
          version: r.version,
          score: Number(r.score),
          passMark: (JSON.parse(r.content) as { passMark: number }).passMark,
          completedAt: r.completed_at,
        },
        activityBase,
      ),
    );
    const path = await desktop.saveFile(
      caller.senderKey,
      `clearance-xapi-${formatDate(clock.now())}.json`,
      JSON.stringify(statements, null, 2),
    );
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'training.export_xapi',
      outcome: 'allowed',
      resource: { type: 'training_records', id: '*' },
      reason: path ? `exported ${statements.length} completions as xAPI statements` : 'export cancelled',
      details: { from: range.from ?? null, to: range.to ?? null, count: statements.length },
    });
    return { saved: path !== null, path, statements: statements.length };
  }

  /** Completions with their holder and the module version they were for. */
  private completions() {
    return this.ctx.db
      .selectFrom('training_completions as c')
      .innerJoin('staff as s', 's.id', 'c.staff_id')
      .innerJoin('training_module_versions as v', (j) => j.onRef('v.module_id', '=', 'c.module_id').onRef('v.version', '=', 'c.version'));
  }

  private async findCertificate(certificateId: string): Promise<CertificateRecord | null> {
    const row = await this.completions()
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
  private async checkCertificate(certificateId: string) {
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
    let note = `Current until ${formatDay(cert.expiresAt)}.`;
    let current = true;
    if (cert.expiresAt <= now) {
      current = false;
      note = `Expired on ${formatDay(cert.expiresAt)}.`;
    } else if (cert.major < module.major) {
      current = false;
      note = `Superseded: version ${module.version} of this module requires retraining.`;
    }
    return { found: true, genuine: true, current, note, certificate: cert };
  }
}

const namedRole = (key: RoleKey) => ({ key, name: ROLE_NAMES[key] });

function certificateView(c: CertificateRecord): CertificateView {
  const { staffId: _staffId, major: _major, ...view } = c;
  return view;
}

function questionOf(content: ModuleContent, id: string): ModuleQuestion {
  return content.questions.find((q) => q.id === id)!;
}

/** A drawn question as the learner sees it: options in the drawn order, without which are correct. */
function questionView(content: ModuleContent, drawn: DrawnQuestion) {
  const q = questionOf(content, drawn.id);
  return {
    id: q.id,
    type: q.type,
    prompt: q.prompt,
    options: drawn.order.map((id) => ({ id, text: q.options.find((o) => o.id === id)!.text })),
  };
}
