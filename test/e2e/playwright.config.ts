import { defineConfig } from '@playwright/test';
import { CHROMIUM } from '../support/chromium.js';

/** Browser end-to-end tests: Debian's Chromium (never a downloaded browser) against the built renderer. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: CHROMIUM,
    acceptDownloads: true,
    trace: 'off',
  },
});
