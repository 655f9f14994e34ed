import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import { DAY } from '../../electron/services/clock.js';
import { loadContent } from '../../electron/services/training/contentLoader.js';
import { CONTENT_DIR } from '../support/paths.js';
import { expect, expectNoAxeViolations, screenshot, signIn, signInThroughRouter, test } from './fixtures.js';

const content = loadContent(CONTENT_DIR);
const moduleOne = content.modules.find((m) => m.id === 'privacy-foundations')!;

/** Answers every drawn question, right or wrong, by reading which question each fieldset shows. */
async function answerQuiz(page: Page, mode: 'right' | 'wrong') {
  const fieldsets = page.locator('fieldset[data-question]');
  await expect(fieldsets.first()).toBeVisible();
  const count = await fieldsets.count();
  for (let i = 0; i < count; i++) {
    const fieldset = fieldsets.nth(i);
    const id = await fieldset.getAttribute('data-question');
    const q = moduleOne.questions.find((x) => x.id === id)!;
    const wanted =
      mode === 'right' ? q.options.filter((o) => q.correct.includes(o.id)) : [q.options.find((o) => !q.correct.includes(o.id))!];
    for (const option of wanted) await fieldset.getByLabel(option.text, { exact: true }).check();
  }
  return count;
}

async function changeFirstPassword(page: Page) {
  await signIn(page, 'nora.hill', NEW_HIRE_FIRST_PASSWORD);
  await page.getByLabel('Current password').fill(NEW_HIRE_FIRST_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('Nora-secure-2026');
  await page.getByLabel('Confirm new password').fill('Nora-secure-2026');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nora');
  // The forced change is confirmed on the first screen after it, until the person moves on.
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();
}

test('a new hire completes module 1: reads, fails once, passes, acknowledges and saves the certificate', async ({ app, desktop }) => {
  await changeFirstPassword(app);
  await expect(app.getByRole('heading', { name: 'Your training' })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Your training' })).toContainText('Privacy foundations');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();

  const rows = app.locator('tr[data-module]');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('1. Privacy foundations');
  await expect(rows.nth(0)).toContainText('Not started');
  await expect(app.getByText('0 of 4')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-curriculum');

  await app.getByRole('link', { name: /Start: Privacy foundations/ }).click();
  for (let i = 0; i < moduleOne.lessons.length; i++) {
    await expect(app.getByText(`Lesson ${i + 1} of ${moduleOne.lessons.length}`)).toBeVisible();
    await expect(app.getByRole('heading', { level: 2, name: moduleOne.lessons[i]!.title })).toBeVisible();
    if (i === 1) {
      await expectNoAxeViolations(app);
      await screenshot(app, 'training-reader');
    }
    if (i < moduleOne.lessons.length - 1) await app.getByRole('button', { name: 'Next lesson' }).click();
  }
  await app.getByRole('button', { name: 'Take the quiz' }).click();

  await expect(app.getByRole('heading', { name: /^Quiz:/ })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-quiz');
  const firstDraw = await app.locator('fieldset[data-question]').evaluateAll((els) => els.map((e) => e.getAttribute('data-question')));
  expect(firstDraw).toHaveLength(8);
  await app.getByRole('button', { name: 'Submit answers' }).click();
  await expect(app.getByText('Some questions have no answer')).toBeVisible();
  await expect(app.getByText('Choose an answer.')).toHaveCount(8);
  // Choosing an answer clears that question's error at once, not at the next submit.
  await app.locator('fieldset[data-question]').first().locator('input').first().check();
  await expect(app.getByText('Choose an answer.')).toHaveCount(7);
  await expect(app.locator('fieldset[data-question]').first()).not.toContainText('Choose an answer.');
  await answerQuiz(app, 'wrong');
  await app.getByRole('button', { name: 'Submit answers' }).click();

  await expect(app.getByRole('heading', { name: 'Not passed yet' })).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(`My training › ${moduleOne.title} › Quiz result`);
  await expect(app.getByText('Your score: 0%')).toBeVisible();
  await expect(app.locator('.result--wrong')).toHaveCount(8);
  await expect(app.getByText('Correct answer').first()).toBeVisible();
  await expect(app.getByText(moduleOne.questions.find((q) => q.id === firstDraw[0])!.explanation)).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-result-failed');

  await app.getByRole('button', { name: 'Try again with new questions' }).click();
  await expect(app.getByText('Attempt 2')).toBeVisible();
  await answerQuiz(app, 'right');
  await app.getByRole('button', { name: 'Submit answers' }).click();
  await expect(app.getByRole('heading', { name: 'You passed' })).toBeVisible();
  await expect(app.getByText('Your score: 100%')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Policy acknowledgement' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-acknowledgement');

  await app.getByLabel('Type your full name as your signature').fill('Someone Else');
  await app.getByRole('button', { name: 'Sign and complete' }).click();
  await expect(app.getByText('Confirm that you have read and understood the statement.')).toBeVisible();
  await app.getByLabel('I have read and understood this statement.').check();
  await app.getByRole('button', { name: 'Sign and complete' }).click();
  await expect(
    app.getByText('Type your full name as it appears on your account, Nora Hill. Capital letters and extra spaces do not matter.').first(),
  ).toBeVisible();
  // The prompt says case and spacing do not matter, and the rule agrees.
  await expect(app.getByText('As it appears on your account: Nora Hill. Capital letters and extra spaces do not matter.')).toBeVisible();
  await app.getByLabel('Type your full name as your signature').fill('  nora   HILL ');
  await app.getByRole('button', { name: 'Sign and complete' }).click();

  await expect(app.getByRole('heading', { name: 'Certificate of completion' })).toBeVisible();
  const certificate = app.getByRole('region', { name: 'Certificate' });
  await expect(certificate).toContainText('Nora Hill');
  await expect(certificate).toContainText('Privacy foundations');
  const certificateId = (await certificate.locator('.mono').textContent())!;
  expect(certificateId).toMatch(/^CLR-[A-Z0-9]{10}$/);
  // The way on: the next module due, one click away.
  const next = app.getByRole('region', { name: 'Next in your training' });
  await expect(next).toContainText('2. Sharing and disclosure');
  await expect(next.getByRole('link', { name: 'Start module 2' })).toHaveAttribute('href', '#/training/sharing-and-disclosure');
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-certificate');

  await app.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(app.getByText(/^Saved to /)).toBeVisible();
  const path = (await app.getByText(/^Saved to /).textContent())!.replace('Saved to ', '');
  expect(path.startsWith(desktop.downloadsDir)).toBe(true);
  expect(existsSync(path)).toBe(true);
  expect(readFileSync(path).subarray(0, 4).toString()).toBe('%PDF');
  const text = execFileSync('pdftotext', [path, '-']).toString();
  expect(text).toContain('Nora Hill');
  expect(text).toContain(certificateId);
  expect(text).not.toContain('Sign out');

  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  const reminders = app.getByRole('region', { name: 'Your training' });
  await expect(reminders.getByRole('link', { name: /Privacy foundations/ })).toHaveCount(0);
  const passedItem = reminders.getByRole('listitem').filter({ hasText: '1. Privacy foundations' });
  await expect(passedItem).toContainText('Passed');
  await expect(passedItem).toContainText('valid until');
  await expectNoAxeViolations(app);
  await screenshot(app, 'training-home-after-pass');
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();
  await expect(rows.nth(0)).toContainText('Passed');
  await expect(rows.nth(0)).toContainText('100%');
  await expect(app.getByText('1 of 4')).toBeVisible();
});

test('a reload in the middle of a quiz keeps the answers, and uses up no attempt', async ({ app, clearance }) => {
  await changeFirstPassword(app);
  await app.goto(app.url().replace(/#.*$/, '') + '#/training/privacy-foundations');
  const next = app.getByRole('button', { name: 'Next lesson' });
  await expect(next).toBeVisible();
  while (await next.isVisible()) await next.click();
  await app.getByRole('button', { name: 'Take the quiz' }).click();
  await expect(app.getByText(/^Attempt 1 · 8 questions/)).toBeVisible();
  const fieldsets = app.locator('fieldset[data-question]');
  const drawn = await fieldsets.evaluateAll((els) => els.map((e) => e.getAttribute('data-question')));
  const picks: string[] = [];
  for (let i = 0; i < 3; i++) {
    const option = fieldsets.nth(i).locator('label.choice').last();
    picks.push((await option.textContent())!);
    await option.locator('input').check();
  }
  // The draft is saved as the answers are chosen (a person takes longer than this to reach for reload).
  await expect
    .poll(async () => {
      const row = await clearance.handle.db
        .selectFrom('quiz_attempts')
        .select('draft')
        .where('submitted_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return Object.keys(JSON.parse(row?.draft ?? '{}')).length;
    })
    .toBe(3);

  await app.reload();
  await expect(app.getByText(/^Attempt 1 · 8 questions/)).toBeVisible();
  expect(await fieldsets.evaluateAll((els) => els.map((e) => e.getAttribute('data-question')))).toEqual(drawn);
  for (let i = 0; i < 3; i++) await expect(fieldsets.nth(i).getByLabel(picks[i]!, { exact: true })).toBeChecked();
  await expect(fieldsets.nth(3).locator('input:checked')).toHaveCount(0);

  // One real submission is one attempt: the next is attempt 2, and a reload does not make it 3.
  await answerQuiz(app, 'wrong');
  await app.getByRole('button', { name: 'Submit answers' }).click();
  await expect(app.getByRole('heading', { name: 'Not passed yet' })).toBeVisible();
  await app.getByRole('button', { name: 'Try again with new questions' }).click();
  await expect(app.getByText(/^Attempt 2 · 8 questions/)).toBeVisible();
  await app.reload();
  await expect(app.getByText(/^Attempt 2 · 8 questions/)).toBeVisible();
});

test('reading progress is kept: leaving and reopening a module resumes at the same lesson', async ({ app }) => {
  const lessons = content.modules.find((m) => m.id === 'live-help-operations')!.lessons.length;
  await signIn(app, 'liam.chen');
  await app.goto(app.url().replace(/#.*$/, '') + '#/training/live-help-operations');
  await app.getByRole('button', { name: 'Next lesson' }).click();
  await app.getByRole('button', { name: 'Next lesson' }).click();
  await expect(app.getByText(`Lesson 3 of ${lessons}`)).toBeVisible();
  await app.reload();
  await app.goto(app.url().replace(/#.*$/, '') + '#/training/live-help-operations');
  await expect(app.getByText(`Lesson 3 of ${lessons}`)).toBeVisible();
});

test('administrators see the content in force and verify a certificate; others do not see these screens', async ({
  app,
  clearance,
  clock,
  desktop,
}) => {
  // Give Liam a completion through the real router, as the app would.
  const liam = { senderKey: 'liam-window', workstation: 'e2e-ws' };
  await signInThroughRouter(clearance, clock, liam, 'liam.chen');
  await clearance.router.invoke(liam, 'training.module', { moduleId: 'privacy-foundations' });
  await clearance.router.invoke(liam, 'training.saveProgress', { moduleId: 'privacy-foundations', lessonIndex: 9 });
  const quiz = (await clearance.router.invoke(liam, 'training.startQuiz', { moduleId: 'privacy-foundations' })) as {
    ok: true;
    value: { attemptId: number; questions: { id: string }[] };
  };
  const answers = Object.fromEntries(quiz.value.questions.map((q) => [q.id, moduleOne.questions.find((x) => x.id === q.id)!.correct]));
  await clearance.router.invoke(liam, 'training.submitQuiz', { attemptId: quiz.value.attemptId, answers });
  const cert = (await clearance.router.invoke(liam, 'training.acknowledge', {
    attemptId: quiz.value.attemptId,
    signature: 'Liam Chen',
  })) as { ok: true; value: { certificateId: string } };

  await signIn(app, 'alex.morgan');
  const nav = app.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Training content' }).click();
  await expect(app.locator('tbody tr')).toHaveCount(7);
  await expect(app.getByRole('cell', { name: 'Live Help operator' })).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'admin-training-content');
  await app.getByRole('button', { name: 'Export completions (xAPI)' }).click();
  const completions = Number(
    (
      await clearance.handle.db
        .selectFrom('training_completions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const saved = app.getByText(new RegExp(`Saved ${completions} xAPI statements to`));
  await expect(saved).toBeVisible();
  const file = readFileSync((await saved.textContent())!.replace(/^.* to /, ''), 'utf8');
  const statements = JSON.parse(file) as {
    actor: { mbox: string };
    verb: { id: string };
    result: { score: { raw: number }; success: boolean };
    context: { extensions: Record<string, string> };
  }[];
  expect(statements).toHaveLength(completions);
  const liamsNew = statements.find((st) => Object.values(st.context.extensions).includes(cert.value.certificateId));
  expect(liamsNew).toMatchObject({
    actor: { mbox: 'mailto:liam.chen@agency.example.gov' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
    result: { success: true },
  });
  expect(desktop.downloadsDir).toBeTruthy();

  await nav.getByRole('link', { name: 'Verify certificate' }).click();
  await app.getByLabel('Certificate ID').fill(cert.value.certificateId);
  await app.getByRole('button', { name: 'Verify' }).click();
  await expect(app.getByText('Genuine · Current')).toBeVisible();
  await expect(app.getByText('Liam Chen (E1101)')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'admin-verify-certificate');
  await app.getByLabel('Certificate ID').fill('CLR-ZZZZZZZZZZ');
  await app.getByRole('button', { name: 'Verify' }).click();
  await expect(app.getByText('Not genuine')).toBeVisible();

  await app.getByRole('button', { name: 'Sign out' }).click();
  await signIn(app, 'carl.patel');
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training content' })).toHaveCount(0);
  await expect(app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify certificate' })).toHaveCount(0);
});

test('someone whose training has lapsed gets a desktop notification at sign-in', async ({ app, clock, desktop }) => {
  // Liam's demo training was completed 200 days before the start; 170 days later it has expired.
  clock.advance(170 * DAY);
  await signIn(app, 'liam.chen');
  await expect(app.getByRole('heading', { level: 1 })).toContainText('Liam');
  expect(desktop.notifications.at(-1)?.title).toMatch(/overdue/);
  expect(desktop.notifications.at(-1)?.body).toContain('Privacy foundations');
  await expect(app.getByRole('region', { name: 'Your training' })).toContainText('Expired');
});
