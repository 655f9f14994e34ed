/** `npm start`: build, then run the desktop app on the demo organization (its own database file, created on first start). */
import { spawnSync } from 'node:child_process';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './electron-binary.mjs';

const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
if (!electron) {
  console.error(`\n${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}
const run = spawnSync(electron, ['.', '--demo'], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
process.exit(run.status ?? 0);
