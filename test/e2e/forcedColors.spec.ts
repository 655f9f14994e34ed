/**
 * Forced colors (Windows high contrast): the system paints every colour and drops backgrounds.
 * Focus rings, badges and masked values must still show. The screenshots are for people to look at.
 */
import type { Locator } from '@playwright/test';
import { DEMO_PASSWORD, NEW_HIRE_FIRST_PASSWORD } from '../../demo/demoAccounts.js';
import { expect, expectNoAxeViolations, screenshot, signIn, test } from './fixtures.js';

test.use({ forcedColors: 'active' });

/** A badge keeps a visible outline of its own once its background is gone. */
async function expectBordered(badge: Locator): Promise<void> {
  const style = await badge.evaluate((el) => {
    const s = getComputedStyle(el);
    return { width: s.borderTopWidth, style: s.borderTopStyle };
  });
  expect(style).toEqual({ width: '1px', style: 'solid' });
}

test('sign-in in forced colors: the focused field has a visible ring', async ({ app }) => {
  expect(await app.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
  await app.getByLabel('Username').focus();
  await app.keyboard.press('Tab');
  await app.keyboard.press('Shift+Tab');
  const ring = await app.getByLabel('Username').evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: s.outlineWidth };
  });
  expect(ring).toEqual({ style: 'solid', width: '3px' });
  await expectNoAxeViolations(app);
  await screenshot(app, 'forced-colors-signin');
});

test('a quiz in forced colors: status badges and the missing-answer marks stay visible', async ({ app }) => {
  await signIn(app, 'nora.hill', NEW_HIRE_FIRST_PASSWORD);
  await app.getByLabel('Current password').fill(NEW_HIRE_FIRST_PASSWORD);
  await app.getByLabel('New password', { exact: true }).fill('Nora-secure-2026');
  await app.getByLabel('Confirm new password').fill('Nora-secure-2026');
  await app.getByRole('button', { name: 'Change password' }).click();
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My training' }).click();
  // The screen, not the one before it, is what is checked.
  await expect(app.getByRole('link', { name: /^Start: Privacy foundations/ })).toBeVisible();
  await expectBordered(app.locator('.badge').first());
  await app.getByRole('link', { name: /^Start: Privacy foundations/ }).click();
  const next = app.getByRole('button', { name: 'Next lesson' });
  await expect(next).toBeVisible();
  while (await next.isVisible()) await next.click();
  await app.getByRole('button', { name: 'Take the quiz' }).click();
  await app.locator('fieldset.question').first().locator('input').first().check();
  await app.getByRole('button', { name: 'Submit answers' }).click();
  await expect(app.getByText('Some questions have no answer')).toBeVisible();
  await expectNoAxeViolations(app);
  await screenshot(app, 'forced-colors-quiz');
});

test('a masked record in forced colors: the masked value and its Reveal button stay visible', async ({ app }) => {
  await signIn(app, 'rosa.diaz', DEMO_PASSWORD);
  await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
  await app.locator('a.record-list__item').first().click();
  await app.getByLabel('Reason').selectOption('respond_to_citizen');
  await app.getByRole('button', { name: 'Open record' }).click();
  const masked = app.getByLabel('Social Security number, masked');
  await expect(masked).toBeVisible();
  const colours = await masked.evaluate((el) => {
    const s = getComputedStyle(el);
    return { color: s.color, background: getComputedStyle(document.body).backgroundColor };
  });
  expect(colours.color).not.toBe(colours.background);
  // By keyboard, so the focus ring shows as it would for a keyboard user.
  await app.getByRole('button', { name: 'Working on something else? Record the new reason' }).focus();
  await app.keyboard.press('Tab');
  const reveal = app.getByRole('button', { name: 'Reveal Social Security number' });
  await expect(reveal).toBeFocused();
  expect(await reveal.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await expectNoAxeViolations(app);
  await screenshot(app, 'forced-colors-record-masked');
});
