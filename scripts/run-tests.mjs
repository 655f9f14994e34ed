#!/usr/bin/env node
/**
 * `npm test`: every suite in order, then one line totalling them all: "N passed, N failed, N skipped".
 * Typecheck and build steps count as one check each. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { missingSystemPackages, INSTALL_LINE } from './system-packages.mjs';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = join(process.cwd(), 'test-results', 'summary');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, command, args) {
  const ok = run(label, command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${label}: ${ok ? 'passed' : 'FAILED'}`);
  return ok;
}

function vitest(label) {
  const file = join(out, 'vitest.json');
  const ok = run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`${label}: FAILED to report`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count but must still fail the run.
  const failed = r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
  totals.passed += r.numPassedTests;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${label}: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
}

function playwright(label, config, extraEnv = {}) {
  const file = join(out, `${label.replace(/\W+/g, '-')}.json`);
  const ok = run(label, 'npx', ['playwright', 'test', '-c', config, '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    ...extraEnv,
  });
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`${label}: FAILED to report`);
    return;
  }
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  const passed = s.expected + (s.flaky ?? 0);
  const failed = s.unexpected + (ok || s.unexpected > 0 ? 0 : 1);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += s.skipped;
  lines.push(`${label}: ${passed} passed, ${failed} failed, ${s.skipped} skipped`);
}

/** A suite that could not run counts as failed, so a broken build can never shrink the total. */
function notRun(label, why) {
  console.log(`\n=== ${label} ===\nnot run: ${why}`);
  totals.failed += 1;
  lines.push(`${label}: FAILED (not run: ${why})`);
}

const missing = missingSystemPackages();
if (missing.length > 0) {
  console.log(
    `\nnpm test needs these system packages, which this machine lacks: ${missing.map((m) => `${m.package} (${m.why})`).join('; ')}.`,
  );
  console.log(`Install them with:\n\n  ${INSTALL_LINE}\n`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint (eslint, layering)', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('format (prettier)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
vitest('unit and integration (vitest)');
const built = check('build', 'npm', ['run', '--silent', 'build']);
const afterBuild = [
  ['security gate (electronegativity)', () => check('security gate (electronegativity)', 'node', ['scripts/security.mjs'])],
  ['main bundle boots (stub Electron)', () => check('main bundle boots (stub Electron)', 'node', ['scripts/smoke-main.mjs'])],
  ['browser end-to-end (chromium)', () => playwright('browser end-to-end (chromium)', 'test/e2e/playwright.config.ts')],
  ['real electron', () => playwright('real electron', 'test/electron/playwright.config.ts')],
];
for (const [label, runSuite] of afterBuild) {
  if (built) runSuite();
  else notRun(label, 'the build failed');
}

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
