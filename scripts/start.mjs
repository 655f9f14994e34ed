/**
 * `npm start`: make sure Electron's binary is there (running Electron's own installer when it is
 * not, with a time limit), build, then run the desktop app on the demo organization (its own database file, created on first start).
 */
import { spawnSync } from 'node:child_process';
import { findElectronBinary, installElectronBinary, NO_ELECTRON_MESSAGE } from './electron-binary.mjs';

let electron = findElectronBinary();
if (!electron) {
  // The electron package has no install script: its binary comes from its own installer, run here on first start.
  const installed = await installElectronBinary();
  if (installed.ok) electron = findElectronBinary();
}
if (!electron) {
  console.error(`\n${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}

const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const run = spawnSync(electron, ['.', '--demo'], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
process.exit(run.status ?? 0);
