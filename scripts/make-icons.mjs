#!/usr/bin/env node
/**
 * `npm run icons`: renders build/icon.svg into every PNG size the installers need, with Debian's
 * Chromium (no image tools required). electron-builder derives .ico and .icns from build/icon.png.
 */
import { chromium } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';

const svg = readFileSync('build/icon.svg', 'utf8');
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
mkdirSync('build/icons', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
for (const size of sizes) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`build/icons/${size}x${size}.png`, png);
  if (size === 1024) writeFileSync('build/icon.png', png);
}
await browser.close();
console.log(`Rendered ${sizes.length} icon sizes into build/icons and build/icon.png`);
