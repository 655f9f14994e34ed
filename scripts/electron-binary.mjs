/**
 * Finds Electron's executable without requiring the `electron` package (which tries to
 * download the binary when it is missing, and hangs where there is no internet).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function findElectronBinary(root = process.cwd()) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const candidates = [];
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) candidates.push(join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative));
  candidates.push(join(pkg, 'dist', relative));
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const NO_ELECTRON_MESSAGE = [
  "Electron's binary is not installed on this machine (it is downloaded from Electron's release server, which this machine cannot reach).",
  '  To get it on a machine with internet access: npx install-electron (or node node_modules/electron/install.js)',
  '  Or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron folder.',
  '  Meanwhile `npm run harness` opens the same UI in Chromium against a real demo database.',
].join('\n');
