#!/usr/bin/env node
/**
 * `npm run dist`: build, then package installers for this OS with electron-builder. Packaging
 * needs Electron's binary; where it cannot be downloaded this says so at once instead of hanging.
 * With an unpacked Electron in ELECTRON_OVERRIDE_DIST_PATH, only the `dir` target is built.
 */
import { spawnSync } from 'node:child_process';
import { findElectronBinary, NO_ELECTRON_MESSAGE } from './electron-binary.mjs';

const electronDist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
if (!findElectronBinary()) {
  console.error(
    `\nCannot package Clearance here.\n${NO_ELECTRON_MESSAGE}\n  With an unpacked Electron: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm run dist (builds the unpacked "dir" target).\n`,
  );
  process.exit(1);
}
const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const args = ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never'];
if (electronDist) args.push('--dir', `-c.electronDist=${electronDist}`);
const r = spawnSync('npx', [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
