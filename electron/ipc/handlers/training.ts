import type { CertificateView, CurriculumItem, QuizResult } from '../../contract/training.js';
import { ROLE_NAMES } from '../../contract/roles.js';
import { AppError } from '../../services/errors.js';
import { authorize } from '../../services/policy/authorize.js';
import type { CertificateRecord } from '../../services/training/trainingService.js';
import { toXapiStatement } from '../../services/training/xapi.js';
import type { Handler } from '../router.js';
import type { SessionContext } from '../context.js';

function certificateView(c: CertificateRecord): CertificateView {
  const { staffId: _staffId, major: _major, ...view } = c;
  return view;
}

const who = (ctx: SessionContext) => ({ id: ctx.session.principal.id, username: ctx.session.principal.username });

export const trainingHandlers: {
  'training.myCurriculum': Handler<'training.myCurriculum'>;
  'training.module': Handler<'training.module'>;
  'training.saveProgress': Handler<'training.saveProgress'>;
  'training.startQuiz': Handler<'training.startQuiz'>;
  'training.submitQuiz': Handler<'training.submitQuiz'>;
  'training.acknowledge': Handler<'training.acknowledge'>;
  'training.certificate': Handler<'training.certificate'>;
  'training.saveCertificatePdf': Handler<'training.saveCertificatePdf'>;
  'training.verifyCertificate': Handler<'training.verifyCertificate'>;
  'training.contentOverview': Handler<'training.contentOverview'>;
  'training.exportXapi': Handler<'training.exportXapi'>;
} = {
  'training.myCurriculum': async (_input, ctx) => {
    const { training } = ctx.services;
    const entries = await training.curriculum(ctx.session.principal);
    const items: CurriculumItem[] = [];
    for (const e of entries) {
      const content = await training.modules.content(e.moduleId, e.version);
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
        requiredBy: e.requiredBy.map((key) => ({ key, name: ROLE_NAMES[key] })),
      });
    }
    return { items, dueDays: await training.dueDays() };
  },

  'training.module': async (input, ctx) => {
    const { content, lessonIndex, quizSize } = await ctx.services.training.open(
      ctx.session.principal,
      input.moduleId,
      ctx.caller.workstation,
    );
    return {
      moduleId: content.id,
      number: content.number,
      version: content.version,
      title: content.title,
      summary: content.summary,
      passMark: content.passMark,
      quizSize,
      lessons: content.lessons.map((l) => ({ id: l.id, title: l.title, body: l.body, clause: content.clauses[l.clause]! })),
      lessonIndex,
      acknowledgementText: content.acknowledgement,
    };
  },

  'training.saveProgress': async (input, ctx) => ({
    lessonIndex: await ctx.services.training.saveProgress(ctx.session.principal, input.moduleId, input.lessonIndex),
  }),

  'training.startQuiz': async (input, ctx) => {
    const { attemptId, attemptNumber, content, drawn } = await ctx.services.training.startQuiz(
      ctx.session.principal,
      input.moduleId,
      ctx.caller.workstation,
    );
    const byId = new Map(content.questions.map((q) => [q.id, q]));
    return {
      attemptId,
      attemptNumber,
      moduleId: content.id,
      moduleTitle: content.title,
      passMark: content.passMark,
      // Only what the learner needs to answer: never which options are correct.
      questions: drawn.map((d) => {
        const q = byId.get(d.id)!;
        return {
          id: q.id,
          type: q.type,
          prompt: q.prompt,
          options: d.order.map((id) => ({ id, text: q.options.find((o) => o.id === id)!.text })),
        };
      }),
    };
  },

  'training.submitQuiz': async (input, ctx) => {
    const { attempt, content, drawn, scored, passed } = await ctx.services.training.submitQuiz(
      ctx.session.principal,
      input.attemptId,
      input.answers,
      ctx.caller.workstation,
    );
    const byId = new Map(content.questions.map((q) => [q.id, q]));
    const result: QuizResult = {
      attemptId: input.attemptId,
      attemptNumber: Number(attempt.attempt_no),
      score: scored.score,
      passMark: content.passMark,
      passed,
      correctCount: scored.correctCount,
      questionCount: drawn.length,
      questions: drawn.map((d, i) => {
        const q = byId.get(d.id)!;
        const s = scored.questions[i]!;
        return {
          id: q.id,
          type: q.type,
          prompt: q.prompt,
          options: d.order.map((id) => ({ id, text: q.options.find((o) => o.id === id)!.text })),
          chosen: s.chosen,
          correct: s.correct,
          isCorrect: s.isCorrect,
          explanation: q.explanation,
          clause: content.clauses[q.clause]!,
        };
      }),
      acknowledgementText: passed ? content.acknowledgement : null,
    };
    return result;
  },

  'training.acknowledge': async (input, ctx) =>
    certificateView(
      await ctx.services.training.acknowledge(ctx.session.principal, input.attemptId, input.signature, ctx.caller.workstation),
    ),

  'training.certificate': async (input, ctx) => {
    const cert = await ctx.services.training.findCertificate(input.certificateId);
    // Someone else's certificate is reported as not found, so ids cannot be probed.
    if (!cert || cert.staffId !== ctx.session.principal.id) throw new AppError('NOT_FOUND', 'No certificate of yours has that id.');
    return certificateView(cert);
  },

  'training.saveCertificatePdf': async (input, ctx) => {
    const cert = await ctx.services.training.findCertificate(input.certificateId);
    if (!cert || cert.staffId !== ctx.session.principal.id) throw new AppError('NOT_FOUND', 'No certificate of yours has that id.');
    const name = `Clearance certificate ${cert.moduleId} ${cert.certificateId}.pdf`;
    const path = await ctx.desktop.savePdf(ctx.caller.senderKey, name);
    await ctx.services.audit.append(ctx.services.ctx.db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'training.certificate_saved',
      outcome: 'allowed',
      resource: { type: 'certificate', id: cert.certificateId },
      reason: path ? 'saved as PDF by its holder' : 'save cancelled',
    });
    return { saved: path !== null, path };
  },

  'training.verifyCertificate': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'verify', 'Certificate');
    const check = await ctx.services.training.checkCertificate(input.certificateId);
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'training.certificate_verify',
      outcome: 'allowed',
      resource: { type: 'certificate', id: input.certificateId },
      reason: check.found ? (check.current ? 'genuine and current' : `genuine, not current: ${check.note}`) : 'no such certificate',
    });
    return { ...check, certificate: check.certificate ? certificateView(check.certificate) : null };
  },

  'training.contentOverview': async (_input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'TrainingContent');
    const modules = await db.selectFrom('training_modules').selectAll().orderBy('number').execute();
    const versions = await db
      .selectFrom('training_module_versions')
      .select(['module_id', 'version', 'published_at', 'content_hash'])
      .orderBy('published_at', 'desc')
      .execute();
    const roles = await db.selectFrom('training_module_roles').selectAll().execute();
    const out = [];
    for (const m of modules) {
      const content = await ctx.services.training.modules.content(m.module_id, m.current_version);
      out.push({
        moduleId: m.module_id,
        number: Number(m.number),
        title: m.title,
        currentVersion: m.current_version,
        passMark: content.passMark,
        validityMonths: content.validityMonths,
        questionCount: content.questions.length,
        lessonCount: content.lessons.length,
        requiredBy: roles
          .filter((r) => r.module_id === m.module_id)
          .map((r) => ({ key: r.role_key as keyof typeof ROLE_NAMES, name: ROLE_NAMES[r.role_key as keyof typeof ROLE_NAMES] })),
        versions: versions
          .filter((v) => v.module_id === m.module_id)
          .map((v) => ({ version: v.version, publishedAt: v.published_at, contentHash: v.content_hash })),
      });
    }
    return { modules: out, problems: ctx.services.contentProblems.map((p) => ({ ...p })) };
  },

  'training.exportXapi': async (input, ctx) => {
    const { db } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'export', 'TrainingRecords');
    let q = db
      .selectFrom('training_completions as c')
      .innerJoin('staff as s', 's.id', 'c.staff_id')
      .innerJoin('training_module_versions as v', (j) => j.onRef('v.module_id', '=', 'c.module_id').onRef('v.version', '=', 'c.version'))
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
    if (input.from) q = q.where('c.completed_at', '>=', input.from);
    if (input.to) q = q.where('c.completed_at', '<', `${input.to}T99`);
    const rows = await q.execute();
    const statements = rows.map((r) =>
      toXapiStatement({
        certificateId: r.certificate_id,
        email: r.email,
        displayName: r.display_name,
        moduleId: r.module_id,
        moduleTitle: r.title,
        version: r.version,
        score: Number(r.score),
        passMark: (JSON.parse(r.content) as { passMark: number }).passMark,
        completedAt: r.completed_at,
      }),
    );
    const path = await ctx.desktop.saveFile(
      ctx.caller.senderKey,
      `clearance-xapi-${ctx.services.ctx.clock.now().toISOString().slice(0, 10)}.json`,
      JSON.stringify(statements, null, 2),
    );
    await ctx.services.audit.append(db, {
      actor: who(ctx),
      workstation: ctx.caller.workstation,
      event: 'training.export_xapi',
      outcome: 'allowed',
      resource: { type: 'training_records', id: '*' },
      reason: path ? `exported ${statements.length} completions as xAPI statements` : 'export cancelled',
      details: { from: input.from ?? null, to: input.to ?? null, count: statements.length },
    });
    return { saved: path !== null, path, statements: statements.length };
  },
};
