import type { Handler } from '../router.js';

export const trainingHandlers: {
  'training.myCurriculum': Handler<'training.myCurriculum'>;
  'training.module': Handler<'training.module'>;
  'training.saveProgress': Handler<'training.saveProgress'>;
  'training.startQuiz': Handler<'training.startQuiz'>;
  'training.submitQuiz': Handler<'training.submitQuiz'>;
  'training.saveQuizDraft': Handler<'training.saveQuizDraft'>;
  'training.acknowledge': Handler<'training.acknowledge'>;
  'training.certificate': Handler<'training.certificate'>;
  'training.saveCertificatePdf': Handler<'training.saveCertificatePdf'>;
  'training.verifyCertificate': Handler<'training.verifyCertificate'>;
  'training.contentOverview': Handler<'training.contentOverview'>;
  'training.exportXapi': Handler<'training.exportXapi'>;
} = {
  'training.myCurriculum': async (_input, ctx) => ctx.services.training.myCurriculum(ctx.session.principal),
  'training.module': async (input, ctx) => ctx.services.training.openModule(ctx.session.principal, input.moduleId, ctx.caller),
  'training.saveProgress': async (input, ctx) =>
    ctx.services.training.saveProgress(ctx.session.principal, input.moduleId, input.lessonIndex),
  'training.startQuiz': async (input, ctx) => ctx.services.training.startQuiz(ctx.session.principal, input.moduleId, ctx.caller),
  'training.submitQuiz': async (input, ctx) =>
    ctx.services.training.submitQuiz(ctx.session.principal, input.attemptId, input.answers, ctx.caller),
  'training.saveQuizDraft': async (input, ctx) =>
    ctx.services.training.saveQuizDraft(ctx.session.principal, input.attemptId, input.answers),
  'training.acknowledge': async (input, ctx) =>
    ctx.services.training.acknowledge(ctx.session.principal, input.attemptId, input.signature, ctx.caller),
  'training.certificate': async (input, ctx) => ctx.services.training.certificate(ctx.session.principal, input.certificateId),
  'training.saveCertificatePdf': async (input, ctx) =>
    ctx.services.training.saveCertificatePdf(ctx.session.principal, input.certificateId, ctx.caller),
  'training.verifyCertificate': async (input, ctx) =>
    ctx.services.training.verifyCertificate(ctx.session.principal, input.certificateId, ctx.caller),
  'training.contentOverview': async (_input, ctx) => ctx.services.training.contentOverview(ctx.session.principal, ctx.caller),
  'training.exportXapi': async (input, ctx) => ctx.services.training.exportXapi(ctx.session.principal, input, ctx.caller),
};
