#!/usr/bin/env node
/**
 * Boots the built main bundle (dist/electron/main.cjs) under Node with a stub Electron and checks
 * that it creates the demo database, serves the renderer with the CSP, answers IPC, refuses a
 * foreign frame and writes its log. Catches bundling and start-up mistakes where no Electron binary exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const userData = mkdtempSync(join(tmpdir(), 'clearance-smoke-'));
const r = spawnSync(process.execPath, ['-r', resolve('test/electron/stub/hook.cjs'), 'dist/electron/main.cjs'], {
  encoding: 'utf8',
  env: { ...process.env, FAKE_USERDATA: userData },
  timeout: 60_000,
});
const out = r.stdout + r.stderr;
const expectations = [
  ['hardened window', /"contextIsolation":true,"sandbox":true,"nodeIntegration":false/],
  ['renderer served over app:// with the CSP', /served 200 text\/html; charset=utf-8 default-src 'self'; script-src 'self'/],
  ['sign-in over IPC', /signIn true liam\.chen/],
  ['a session call over IPC', /curriculum true \d+/],
  ['a foreign frame refused', /foreign frame false FORBIDDEN/],
];
let failed = 0;
for (const [what, pattern] of expectations) {
  const ok = pattern.test(out);
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
for (const [what, file] of [
  ['demo database created', 'clearance.db'],
  ['master key kept, sealed by the keychain', 'keys/master-v1.sealed'],
  ['log written', 'logs/clearance.log'],
]) {
  const ok = existsSync(join(userData, file));
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
if (
  existsSync(join(userData, 'logs/clearance.log')) &&
  /Clearance-demo-2026/.test(readFileSync(join(userData, 'logs/clearance.log'), 'utf8'))
) {
  failed += 1;
  console.log('FAIL the log contains a password');
}
if (failed) console.log(out);
process.exit(failed ? 1 : 0);
