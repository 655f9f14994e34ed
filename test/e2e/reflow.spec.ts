/**
 * Reflow (WCAG 2.1 SC 1.4.10): at 320 CSS px every screen works without scrolling sideways (a data
 * table may scroll inside its own box), and the navigation folds behind a Menu button that works
 * by keyboard. The screens are not listed here: each role's test walks that role's navigation as
 * the app draws it, and every in-app link one step below, so a screen added later is covered too.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import { ROLE_KEYS, ROLE_NAMES } from '../../electron/contract/roles.js';
import { MINUTE } from '../../electron/services/clock.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

const NARROW = { width: 320, height: 640 };

/** Counts the calls to main in flight, so a screen is checked once it has loaded what it shows. */
async function trackCalls(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __clearanceInvoke: (...a: unknown[]) => Promise<unknown>; __pendingCalls: number };
    const invoke = w.__clearanceInvoke;
    w.__pendingCalls = 0;
    w.__clearanceInvoke = (...args) => {
      w.__pendingCalls++;
      return invoke(...args).finally(() => w.__pendingCalls--);
    };
  });
}

/** Waits until no call to main has been in flight for a while and the page has a heading. */
async function settle(page: Page): Promise<void> {
  // Idle is measured afresh after each navigation, and a screen still loading its code (the Suspense fallback) is not settled.
  await page.evaluate(() => {
    (window as unknown as { __idleSince?: number }).__idleSince = undefined;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __pendingCalls: number; __idleSince?: number };
      if (w.__pendingCalls > 0) {
        w.__idleSince = undefined;
        return false;
      }
      w.__idleSince ??= performance.now();
      return performance.now() - w.__idleSince > 200;
    },
    undefined,
    { polling: 50 },
  );
  await expect(page.locator('.loading')).toHaveCount(0);
  await expect(page.locator('h1').first()).toBeVisible();
}

/** No sideways scrolling of the page; names what sticks out when there is. */
async function expectReflow(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const inScrollBox = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScrollBox(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
  expect(found.scrollWidth, `${where} scrolls sideways at ${found.clientWidth} px: ${found.wide.join(', ')}`).toBeLessThanOrEqual(
    found.clientWidth,
  );
}

async function checkScreen(page: Page, where: string, shot?: string): Promise<void> {
  await settle(page);
  await expectReflow(page, where);
  await expectNoAxeViolations(page);
  if (shot) await screenshot(page, shot);
}

function menuOf(page: Page): { button: Locator; nav: Locator } {
  return { button: page.getByRole('button', { name: 'Menu' }), nav: page.locator('nav#shell-nav') };
}

/** Opens the menu from the keyboard and follows its i-th link with Tab and Enter. Returns the link's words. */
async function followMenuLink(page: Page, i: number): Promise<string> {
  const { button, nav } = menuOf(page);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  for (let t = 0; t <= i; t++) await page.keyboard.press('Tab');
  const focused = page.locator('nav#shell-nav a:focus');
  await expect(focused).toHaveCount(1);
  const label = (await focused.textContent())!;
  await page.keyboard.press('Enter');
  // Following a link closes the menu, so the page is not hidden under it.
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  return label;
}

/** The shape of an in-app path, so /records/PersonalRecord/41 and /records/PersonalRecord/42 count once. */
function shapeOf(path: string): string {
  return path
    .split('/')
    .map((segment) => (/\d/.test(segment) || segment.includes('-') ? '*' : segment))
    .join('/');
}

/** Every screen in this person's navigation, by keyboard, and every in-app link one step below each. */
async function walkEveryScreen(page: Page, who: string): Promise<string[]> {
  const { button, nav } = menuOf(page);
  await expect(button).toBeVisible();
  await expect(nav).toBeHidden();
  const count = await nav.locator('a').count();
  expect(count).toBeGreaterThan(1);

  // Escape closes the menu and puts focus back on its button.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(nav).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(button).toBeFocused();

  const seen = new Set<string>();
  const visited: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = await followMenuLink(page, i);
    const path = new URL(page.url()).hash.slice(1);
    seen.add(shapeOf(path));
    await checkScreen(page, `${who}: ${label}`, `reflow-320-${who}-${path.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`);
    visited.push(path);
    const below = await page.locator('main a[href^="#/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice(1)));
    for (const sub of below) {
      if (seen.has(shapeOf(sub))) continue;
      seen.add(shapeOf(sub));
      await page.evaluate((h) => (window.location.hash = h), sub);
      await checkScreen(page, `${who}: ${label} › ${sub}`);
      visited.push(sub);
      await page.evaluate((h) => (window.location.hash = h), path);
      await settle(page);
    }
  }
  return visited;
}

test.describe('at 320 px wide', () => {
  test.use({ viewport: NARROW });

  // One person for each role the demo has; their navigation decides which screens are checked.
  const people = ROLE_KEYS.filter((r) => r !== 'staff').map((role) => DEMO_ACCOUNTS.find((a) => a.roles.includes(role) && !a.mustChange)!);
  for (const person of people) {
    const roles = person.roles.filter((r) => r !== 'staff').map((r) => ROLE_NAMES[r]);
    test(`every screen of ${person.username} (${roles.join(', ')}) reflows, and the menu works by keyboard`, async ({ app }) => {
      test.setTimeout(240_000);
      await trackCalls(app);
      await signIn(app, person.username, DEMO_PASSWORD);
      const visited = await walkEveryScreen(app, person.username);
      expect(visited).toContain('/home');
      expect(visited).toContain('/training');
    });
  }

  test('a new hire: sign-in, the forced password change, every screen, a quiz and its result, and the lock screen reflow', async ({
    app,
    clock,
  }) => {
    test.setTimeout(240_000);
    await trackCalls(app);
    await checkScreen(app, 'sign-in', 'reflow-320-signin');
    await signIn(app, 'nora.hill', 'not-the-password-1');
    await expect(app.getByRole('alert')).toBeVisible();
    await expectReflow(app, 'sign-in with an error');

    await signIn(app, 'nora.hill', NEW_HIRE_FIRST_PASSWORD);
    await expect(app.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await checkScreen(app, 'forced password change', 'reflow-320-forced-password-change');
    await app.getByLabel('Current password').fill(NEW_HIRE_FIRST_PASSWORD);
    await app.getByLabel('New password', { exact: true }).fill('Nora-secure-2026');
    await app.getByLabel('Confirm new password').fill('Nora-secure-2026');
    await app.getByRole('button', { name: 'Change password' }).click();

    const visited = await walkEveryScreen(app, 'nora.hill');
    const module = visited.find((p) => /^\/training\/[^/]+$/.test(p) && !p.includes('certificate'));
    expect(module, 'a module reader was among the screens').toBeTruthy();

    await app.evaluate((h) => (window.location.hash = h), module!);
    const next = app.getByRole('button', { name: 'Next lesson' });
    await expect(next).toBeVisible();
    while (await next.isVisible()) await next.click();
    await app.getByRole('button', { name: 'Take the quiz' }).click();
    await expect(app.getByRole('button', { name: 'Submit answers' })).toBeVisible();
    await checkScreen(app, 'quiz', 'reflow-320-quiz');
    for (const question of await app.locator('fieldset.question').all()) await question.locator('input').first().check();
    await app.getByRole('button', { name: 'Submit answers' }).click();
    await expect(app.getByText(/^Your score: \d+%$/)).toBeVisible();
    await checkScreen(app, 'quiz result', 'reflow-320-quiz-result');

    clock.advance(16 * MINUTE);
    await app.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(app.getByRole('heading', { name: 'Session locked' })).toBeVisible();
    await checkScreen(app, 'lock screen', 'reflow-320-locked');
  });

  test('an opened record, its revealed value and the break-glass form reflow', async ({ app }) => {
    test.setTimeout(120_000);
    await trackCalls(app);
    await signIn(app, 'rosa.diaz', DEMO_PASSWORD);
    await app.evaluate(() => (window.location.hash = '/records/PersonalRecord'));
    await settle(app);
    await app.locator('a.record-list__item').first().click();
    await app.getByLabel('Reason').selectOption('respond_to_citizen');
    await app.getByRole('button', { name: 'Open record' }).click();
    await expect(app.getByLabel('Social Security number, masked')).toBeVisible();
    await app.getByRole('button', { name: 'Reveal Social Security number' }).click();
    await expect(app.getByTestId('revealed-ssn')).toBeVisible();
    await checkScreen(app, 'an opened record with a revealed value', 'reflow-320-record-revealed');

    // A record of another department: denied, with the break-glass form.
    await app.evaluate(() => (window.location.hash = '/records/LiveHelpTranscript/1'));
    await expect(app.getByRole('heading', { name: 'Emergency access (break-glass)' })).toBeVisible();
    await checkScreen(app, 'a denied record with the break-glass form', 'reflow-320-break-glass');
  });
});

test.describe('at 640 px wide (a 1280-px window at 200% zoom)', () => {
  test.use({ viewport: { width: 640, height: 400 } });

  test('the sidebar folds away, and My training and the certification report fit the width', async ({ app }) => {
    await trackCalls(app);
    await signIn(app, 'sam.okafor', DEMO_PASSWORD);
    await settle(app);
    const { button, nav } = menuOf(app);
    await expect(button).toBeVisible();
    await expect(nav).toBeHidden();
    // The content starts at the left edge, not 240 px in.
    expect((await app.locator('main').boundingBox())!.x).toBe(0);

    await app.evaluate(() => (window.location.hash = '/training'));
    await checkScreen(app, 'My training at 640 px', 'reflow-640-my-training');
    const certificate = app.getByRole('link', { name: /^View certificate/ }).first();
    const box = (await certificate.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(640);

    await app.evaluate(() => (window.location.hash = '/reports/certification'));
    await expect(app.getByRole('table', { name: 'Certification by person and module' })).toBeVisible();
    await checkScreen(app, 'the certification report at 640 px', 'reflow-640-certification-report');
    for (const chart of await app.locator('figure.chart').all()) {
      const b = (await chart.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(640);
    }
  });
});
