import { defineConfig } from '@playwright/test';

/** The real desktop app under Playwright's Electron driver. Skips (with one line saying why) without a binary. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
