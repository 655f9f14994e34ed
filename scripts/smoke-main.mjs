#!/usr/bin/env node
/**
 * Boots the built main bundle (dist/electron/main.cjs) under Node with a stub Electron and checks
 * that `--demo` creates the demo database (and that without it an empty database opens on the
 * first-run setup), serves the renderer with the CSP, answers IPC, refuses a
 * foreign frame and writes its log. Catches bundling and start-up mistakes where no Electron binary exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Boots main.cjs under the stub in a fresh user-data folder; returns the folder and everything it printed. */
function boot(args) {
  const userData = mkdtempSync(join(tmpdir(), 'clearance-smoke-'));
  const env = { ...process.env, FAKE_USERDATA: userData };
  delete env.CLEARANCE_DB;
  delete env.CLEARANCE_DEMO_DB;
  delete env.CLEARANCE_DATABASE_URL;
  const r = spawnSync(process.execPath, ['-r', resolve('test/electron/stub/hook.cjs'), 'dist/electron/main.cjs', ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  return { userData, out: r.stdout + r.stderr };
}

let failed = 0;
function check(what, ok) {
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

// `npm start` passes --demo: the demo organization in its own file.
const demo = boot(['--demo']);
for (const [what, pattern] of [
  ['hardened window', /"contextIsolation":true,"sandbox":true,"nodeIntegration":false/],
  ['renderer served over app:// with the CSP', /served 200 text\/html; charset=utf-8 default-src 'self'; script-src 'self'/],
  ['--demo opens the demo organization', /setup true true/],
  ['sign-in over IPC', /signIn true liam\.chen/],
  ['the second factor over IPC', /code true active/],
  ['a session call over IPC', /curriculum true \d+/],
  ['a foreign frame refused', /foreign frame false FORBIDDEN/],
]) {
  check(what, pattern.test(demo.out));
}
for (const [what, file] of [
  ['demo database created in its own file', 'clearance-demo.db'],
  ['master key kept, sealed by the keychain', 'keys/master-v1.sealed'],
  ['log written', 'logs/clearance.log'],
]) {
  check(what, existsSync(join(demo.userData, file)));
}
const log = join(demo.userData, 'logs/clearance.log');
check('the log holds no password', !(existsSync(log) && /Clearance-demo-2026/.test(readFileSync(log, 'utf8'))));

// Without --demo an empty database is a real one: it opens on the first-run setup, with nobody to sign in.
const real = boot([]);
check('without --demo an empty database opens on the first-run setup', /setup false false/.test(real.out));
check('without --demo no demo account exists', /signIn false/.test(real.out));
check('without --demo no demo database is created', !existsSync(join(real.userData, 'clearance-demo.db')));
check('without --demo the master key waits for the setup', !existsSync(join(real.userData, 'keys/master-v1.sealed')));
const out = `${demo.out}\n--- without --demo ---\n${real.out}`;
if (failed) console.log(out);
process.exit(failed ? 1 : 0);
