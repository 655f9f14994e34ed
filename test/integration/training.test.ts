import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { DialectName } from '../../db/connection.js';
import { emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { signedIn as signedInWith, testDialects } from '../support/testApp.js';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { ManualClock, DAY } from '../../electron/services/clock.js';
import { DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import type { Result } from '../../electron/contract/result.js';
import { testKeyCustody } from '../support/testKeys.js';
import type { QuizView, QuizResult, CertificateView, CurriculumItem } from '../../electron/contract/training.js';

const FIXTURE_CONTENT = resolve(import.meta.dirname, '../fixtures/content');
const CORRECT: Record<string, string[]> = { q1: ['a'], q2: ['f'], q3: ['a', 'b'], q4: ['a'], q5: ['t'] };
const WRONG: Record<string, string[]> = { q1: ['b'], q2: ['t'], q3: ['c'], q4: ['b'], q5: ['f'] };

let running: RunningClearance[] = [];
/** The clock each app was started with, so sign-ins can compute authenticator codes at its time. */
const clocks = new WeakMap<RunningClearance, ManualClock>();
afterEach(async () => {
  for (const app of running) await app.stop();
  running = [];
});

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

type DbRef = { sqlitePath: string } | { url: string };

/** A new, empty database of the dialect under test. */
async function newDatabase(dialect: DialectName): Promise<DbRef> {
  return dialect === 'postgres' ? { url: await emptyPostgresDatabase(inject('pgUrl')) } : { sqlitePath: join(tempDir('tr-'), 'c.db') };
}

async function start(ref: DbRef, clock: ManualClock, contentDir = FIXTURE_CONTENT) {
  const app = await startClearance({
    ...ref,
    workstation: 'test-ws',
    clock,
    contentDir,
    seedDemoIfEmpty: true,
    keyCustody: testKeyCustody(),
  });
  running.push(app);
  clocks.set(app, clock);
  return app;
}

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value as T;
}

async function signedIn(app: RunningClearance, username: string, password = DEMO_PASSWORD) {
  const call = await signedInWith(Object.assign(app, { clock: clocks.get(app)! }), username, password, `w-${username}`);
  return (channel: string, input: unknown = {}) => call(channel, input);
}

async function completeModule(
  call: Awaited<ReturnType<typeof signedIn>>,
  moduleId: string,
  answers: Record<string, string[]>,
  name: string,
) {
  const module = ok<{ lessons: unknown[] }>(await call('training.module', { moduleId }));
  ok(await call('training.saveProgress', { moduleId, lessonIndex: module.lessons.length - 1 }));
  const quiz = ok<QuizView>(await call('training.startQuiz', { moduleId }));
  const result = ok<QuizResult>(await call('training.submitQuiz', { attemptId: quiz.attemptId, answers }));
  if (!result.passed) return { quiz, result, certificate: null };
  const certificate = ok<CertificateView>(await call('training.acknowledge', { attemptId: quiz.attemptId, signature: name }));
  return { quiz, result, certificate };
}

/** Nora, the new hire, signed in with her first-day password and past the required change. */
async function newHireSignedIn(app: RunningClearance) {
  const caller = { senderKey: 'nora', workstation: 'test-ws' };
  ok(await app.router.invoke(caller, 'auth.signIn', { username: 'nora.hill', password: NEW_HIRE_FIRST_PASSWORD }));
  ok(await app.router.invoke(caller, 'auth.changePassword', { currentPassword: NEW_HIRE_FIRST_PASSWORD, newPassword: 'Nora-secure-2026' }));
  return (channel: string, input: unknown = {}) => app.router.invoke(caller, channel, input);
}

const statusOf = async (call: Awaited<ReturnType<typeof signedIn>>, moduleId: string) =>
  ok<{ items: CurriculumItem[] }>(await call('training.myCurriculum')).items.find((i) => i.moduleId === moduleId);

describe.each(testDialects())('on %s', (dialect) => {
  describe('training', () => {
    it('assigns modules by role: everyone gets the staff modules, card processors add card handling', async () => {
      const app = await start(await newDatabase(dialect), new ManualClock('2026-11-24T09:00:00Z'));
      const liam = await signedIn(app, 'liam.chen');
      const carl = await signedIn(app, 'carl.patel');
      expect(ok<{ items: CurriculumItem[] }>(await liam('training.myCurriculum')).items.map((i) => i.moduleId)).toEqual(['basics']);
      expect(ok<{ items: CurriculumItem[] }>(await carl('training.myCurriculum')).items.map((i) => i.moduleId)).toEqual([
        'basics',
        'cards',
      ]);
    });

    it('a quiz not yet submitted resumes with its draft after a reload, and counts as an attempt only when submitted', async () => {
      const app = await start(await newDatabase(dialect), new ManualClock('2026-11-24T09:00:00Z'));
      const nora = await newHireSignedIn(app);
      const module = ok<{ lessons: unknown[] }>(await nora('training.module', { moduleId: 'basics' }));
      ok(await nora('training.saveProgress', { moduleId: 'basics', lessonIndex: module.lessons.length - 1 }));

      const first = ok<QuizView>(await nora('training.startQuiz', { moduleId: 'basics' }));
      expect(first).toMatchObject({ attemptNumber: 1, draft: {} });
      const [q1, q2] = first.questions;
      const answers = { [q1!.id]: [q1!.options[0]!.id], [q2!.id]: [q2!.options[1]!.id] };
      // Answers to questions not drawn, and options a question does not have, are not kept.
      expect(
        ok(
          await nora('training.saveQuizDraft', {
            attemptId: first.attemptId,
            answers: { ...answers, nope: ['x'], [q2!.id]: [q2!.options[1]!.id, 'zz'] },
          }),
        ),
      ).toEqual({ saved: true });

      // A reload asks again: the same attempt, the same questions in the same order, the answers so far.
      const again = ok<QuizView>(await nora('training.startQuiz', { moduleId: 'basics' }));
      expect(again.attemptId).toBe(first.attemptId);
      expect(again.attemptNumber).toBe(1);
      expect(again.questions).toEqual(first.questions);
      expect(again.draft).toEqual(answers);
      const noraId = (await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'nora.hill').executeTakeFirstOrThrow())
        .id;
      const attempts = () => app.handle.db.selectFrom('quiz_attempts').selectAll().where('staff_id', '=', noraId).execute();
      expect(await attempts()).toHaveLength(1);

      ok(await nora('training.submitQuiz', { attemptId: first.attemptId, answers: WRONG }));
      expect(ok(await nora('training.saveQuizDraft', { attemptId: first.attemptId, answers }))).toEqual({ saved: false });
      expect((await attempts())[0]).toMatchObject({ draft: null });
      const second = ok<QuizView>(await nora('training.startQuiz', { moduleId: 'basics' }));
      expect(second).toMatchObject({ attemptNumber: 2, draft: {} });
      expect(second.attemptId).not.toBe(first.attemptId);
      expect(ok<QuizView>(await nora('training.startQuiz', { moduleId: 'basics' })).attemptNumber).toBe(2);

      // Someone else's attempt is not found, and gets no draft.
      const liam = await signedIn(app, 'liam.chen');
      expect(await liam('training.saveQuizDraft', { attemptId: second.attemptId, answers })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      const events = await app.handle.db
        .selectFrom('audit_log')
        .select('event')
        .where('actor_username', '=', 'nora.hill')
        .where('event', 'like', 'training.quiz%')
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.event)).toEqual([
        'training.quiz_start',
        'training.quiz_resume',
        'training.quiz_fail',
        'training.quiz_start',
        'training.quiz_resume',
      ]);
    });

    it('a new hire is due hire date + 30 days, fails once, passes on a fresh draw, acknowledges and is current', async () => {
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const app = await start(await newDatabase(dialect), clock);
      const nora = await newHireSignedIn(app);

      const before = await statusOf(nora, 'basics');
      expect(before).toMatchObject({ status: 'not_started', dueDate: '2026-12-22' }); // hired 2026-11-22

      const early = await nora('training.startQuiz', { moduleId: 'basics' });
      expect(early).toMatchObject({ ok: false, code: 'CONFLICT' });

      const failed = await completeModule(nora, 'basics', WRONG, 'Nora Hill');
      expect(failed.result.passed).toBe(false);
      expect(failed.result.questions.every((q) => !q.isCorrect && q.explanation.length > 0)).toBe(true);
      expect(JSON.stringify(failed.quiz)).not.toContain('"correct"');
      expect((await statusOf(nora, 'basics'))?.status).toBe('in_progress');

      const retry = ok<QuizView>(await nora('training.startQuiz', { moduleId: 'basics' }));
      expect(retry.attemptNumber).toBe(2);
      const passed = ok<QuizResult>(await nora('training.submitQuiz', { attemptId: retry.attemptId, answers: CORRECT }));
      expect(passed).toMatchObject({ passed: true, score: 100 });
      expect(passed.acknowledgementText).toContain('I have read and understood');

      const badSignature = await nora('training.acknowledge', { attemptId: retry.attemptId, signature: 'Somebody Else' });
      // The refusal states the rule the prompt states: case and spacing do not matter, the name does.
      expect(badSignature).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: 'Type your full name as it appears on your account, Nora Hill. Capital letters and extra spaces do not matter.',
      });
      const cert = ok<CertificateView>(await nora('training.acknowledge', { attemptId: retry.attemptId, signature: '  nora   hill ' }));
      expect(cert).toMatchObject({
        personName: 'Nora Hill',
        moduleId: 'basics',
        version: '1.0',
        score: 100,
        expiresAt: '2027-11-24T09:00:00.000Z',
      });
      expect(cert.certificateId).toMatch(/^CLR-[A-Z0-9]{10}$/);
      expect(await nora('training.acknowledge', { attemptId: retry.attemptId, signature: 'Nora Hill' })).toMatchObject({
        ok: false,
        code: 'CONFLICT',
      });

      expect(await statusOf(nora, 'basics')).toMatchObject({ status: 'passed', certificateId: cert.certificateId, lastScore: 100 });

      const row = await app.handle.db
        .selectFrom('training_completions')
        .selectAll()
        .where('certificate_id', '=', cert.certificateId)
        .executeTakeFirstOrThrow();
      const module = JSON.parse(
        (
          await app.handle.db
            .selectFrom('training_module_versions')
            .select('content')
            .where('module_id', '=', 'basics')
            .executeTakeFirstOrThrow()
        ).content,
      ) as { acknowledgement: string };
      const { createHash } = await import('node:crypto');
      expect(row.acknowledgement_hash).toBe(createHash('sha256').update(module.acknowledgement).digest('hex'));
      expect(row.attempt_no).toBe(2);

      const events = (await app.handle.db.selectFrom('audit_log').select('event').where('actor_username', '=', 'nora.hill').execute()).map(
        (e) => e.event,
      );
      for (const e of [
        'training.start',
        'training.quiz_start',
        'training.quiz_fail',
        'training.quiz_pass',
        'training.acknowledge',
        'training.completed',
      ])
        expect(events).toContain(e);
      expect((await app.services.audit.verify(app.handle.db)).ok).toBe(true);

      // Expiry: inside 30 days it is expiring; after 12 months it has expired.
      // (Moving the clock this far idles the session out, so each check signs in afresh.)
      clock.advance(340 * DAY);
      expect((await statusOf(await signedIn(app, 'nora.hill', 'Nora-secure-2026'), 'basics'))?.status).toBe('expiring');
      clock.advance(30 * DAY);
      expect((await statusOf(await signedIn(app, 'nora.hill', 'Nora-secure-2026'), 'basics'))?.status).toBe('expired');
    });

    it('a role added later assigns its modules, due 30 days from the day it was granted', async () => {
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const app = await start(await newDatabase(dialect), clock);
      clock.advance(10 * DAY);
      const liamId = Number(
        (await app.handle.db.selectFrom('staff').select('id').where('username', '=', 'liam.chen').executeTakeFirstOrThrow()).id,
      );
      await app.handle.db
        .insertInto('staff_roles')
        .values({ staff_id: liamId, role_key: 'card_processor', granted_at: '2026-12-04', granted_by: null })
        .execute();
      const liam = await signedIn(app, 'liam.chen');
      expect(await statusOf(liam, 'cards')).toMatchObject({ status: 'not_started', dueDate: '2027-01-03' });
      expect((await statusOf(liam, 'basics'))?.status).toBe('passed');
    });

    it('overdue after the due date when never completed', async () => {
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const app = await start(await newDatabase(dialect), clock);
      await newHireSignedIn(app);
      // Hired 2 days before the demo started, due 30 days after hire: overdue from day 29 on.
      clock.advance(28 * DAY);
      expect((await statusOf(await signedIn(app, 'nora.hill', 'Nora-secure-2026'), 'basics'))?.status).toBe('not_started');
      clock.advance(1 * DAY);
      expect((await statusOf(await signedIn(app, 'nora.hill', 'Nora-secure-2026'), 'basics'))?.status).toBe('overdue');
    });

    it('a major version makes everyone retrain; a minor version does not', async () => {
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const dir = tempDir('tr-');
      const db = await newDatabase(dialect);
      const content = join(dir, 'content');
      cpSync(FIXTURE_CONTENT, content, { recursive: true });
      let app = await start(db, clock, content);
      let liam = await signedIn(app, 'liam.chen');
      // The demo history has Liam's completion of 1.0 from 200 days ago.
      expect((await statusOf(liam, 'basics'))?.status).toBe('passed');
      await app.stop();
      running = [];

      const file = join(content, 'modules', '01-basics.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('version: "1.0"', 'version: "1.1"')
          .replace('A small module for tests.', 'A small module for tests, reworded.'),
      );
      clock.advance(DAY);
      app = await start(db, clock, content);
      liam = await signedIn(app, 'liam.chen');
      expect(await statusOf(liam, 'basics')).toMatchObject({ status: 'passed', version: '1.1', stale: false });
      await app.stop();
      running = [];

      writeFileSync(file, readFileSync(file, 'utf8').replace('version: "1.1"', 'version: "2.0"'));
      clock.advance(DAY);
      app = await start(db, clock, content);
      liam = await signedIn(app, 'liam.chen');
      expect(await statusOf(liam, 'basics')).toMatchObject({ status: 'not_started', version: '2.0', stale: true, dueDate: '2026-12-26' });
    });

    it('a malformed content file is reported with its path and nothing from it is imported', async () => {
      const dir = tempDir('tr-');
      const content = join(dir, 'content');
      cpSync(FIXTURE_CONTENT, content, { recursive: true });
      writeFileSync(
        join(content, 'modules', '03-broken.yaml'),
        'id: broken\nnumber: 3\nversion: "1.0"\ntitle: Broken\nsummary: x\npassMark: 80\nrequiredFor: [staff]\nlessons: []\nquestions: []\n',
      );
      const errors: string[] = [];
      const app = await startClearance({
        ...(await newDatabase(dialect)),
        workstation: 'test-ws',
        clock: new ManualClock(),
        contentDir: content,
        seedDemoIfEmpty: true,
        keyCustody: testKeyCustody(),
        logger: { info: () => undefined, error: (m) => errors.push(m) },
      });
      running.push(app);
      expect(app.contentProblems).toHaveLength(1);
      expect(app.contentProblems[0]!.file).toContain('03-broken.yaml');
      expect(app.contentProblems[0]!.problem).toMatch(/lessons/);
      expect(errors.join('\n')).toContain('03-broken.yaml');
      const ids = (await app.handle.db.selectFrom('training_modules').select('module_id').execute()).map((r) => r.module_id);
      expect(ids.sort()).toEqual(['basics', 'cards']);
    });

    it('completions and acknowledgements cannot be edited or deleted', async () => {
      const app = await start(await newDatabase(dialect), new ManualClock('2026-11-24T09:00:00Z'));
      const liam = await signedIn(app, 'liam.chen');
      await completeModule(liam, 'basics', CORRECT, 'Liam Chen');
      await expect(app.handle.db.updateTable('training_completions').set({ score: 0 }).execute()).rejects.toThrow(/append-only/);
      await expect(app.handle.db.deleteFrom('training_completions').execute()).rejects.toThrow(/append-only/);
      await expect(app.handle.db.deleteFrom('acknowledgements').execute()).rejects.toThrow(/append-only/);
    });

    it('only administrators verify certificates; the answer says genuine and current', async () => {
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const app = await start(await newDatabase(dialect), clock);
      const liam = await signedIn(app, 'liam.chen');
      const { certificate } = await completeModule(liam, 'basics', CORRECT, 'Liam Chen');
      const id = certificate!.certificateId;
      expect(await liam('training.verifyCertificate', { certificateId: id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const denied = await app.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event', '=', 'Certificate.verify')
        .executeTakeFirstOrThrow();
      expect(denied).toMatchObject({ outcome: 'denied', actor_username: 'liam.chen' });

      const alex = await signedIn(app, 'alex.morgan');
      expect(ok(await alex('training.verifyCertificate', { certificateId: id.toLowerCase() }))).toMatchObject({
        found: true,
        genuine: true,
        current: true,
      });
      expect(ok(await alex('training.verifyCertificate', { certificateId: 'CLR-AAAAAAAAAA' }))).toMatchObject({
        found: false,
        genuine: false,
      });
      // Someone else's certificate is not visible to its non-holder.
      expect(await alex('training.certificate', { certificateId: id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      clock.advance(366 * DAY);
      const alexLater = await signedIn(app, 'alex.morgan');
      expect(ok(await alexLater('training.verifyCertificate', { certificateId: id }))).toMatchObject({ genuine: true, current: false });
    });
  });
});
