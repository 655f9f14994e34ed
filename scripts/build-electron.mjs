/** Bundles main and preload for Electron. The sandboxed preload must be a single CommonJS file. */
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node24', sourcemap: false, logLevel: 'warning', legalComments: 'none' };

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.cjs',
  format: 'cjs',
  // Native and optional modules stay outside the bundle; better-sqlite3's binary is unpacked from the asar.
  external: ['electron', 'better-sqlite3', 'pg', 'pg-native'],
});

await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});

console.log('Built dist/electron/main.cjs and dist/electron/preload.cjs');
