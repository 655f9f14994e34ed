/**
 * The esbuild configuration of the Electron side, as a function so that tests can build into a
 * folder of their own. Three bundles: main, the sandboxed preload (a single CommonJS file), and
 * the demo seed, which main loads only when it creates a demo database: faker lives in demo.cjs,
 * never in main.cjs.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  format: 'cjs',
};

/**
 * bootstrap's `import('../../demo/seed.js')` becomes a plain `require('./demo.cjs')`, resolved next
 * to main.cjs at run time (inside the asar too), and demo/ is not bundled into main.
 */
const demoOnDemand = {
  name: 'demo-on-demand',
  setup(b) {
    b.onResolve({ filter: /[\\/]demo[\\/]seed\.js$/ }, () => ({ path: 'demo-seed', namespace: 'demo-on-demand' }));
    b.onLoad({ filter: /.*/, namespace: 'demo-on-demand' }, () => ({ contents: "module.exports = require('./demo.cjs');", loader: 'js' }));
    b.onResolve({ filter: /^\.\/demo\.cjs$/ }, () => ({ path: './demo.cjs', external: true }));
  },
};

export async function buildElectron(outdir = 'dist/electron') {
  await build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: join(outdir, 'main.cjs'),
    // Native and optional modules stay outside the bundle; better-sqlite3's binary is unpacked from the asar.
    external: ['electron', 'better-sqlite3', 'pg', 'pg-native'],
    plugins: [demoOnDemand],
    // import.meta.url as in ESM (the audit verifier resolves better-sqlite3 from it for its worker threads).
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
  await build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: join(outdir, 'preload.cjs'),
    external: ['electron'],
  });
  await build({
    ...common,
    entryPoints: ['demo/seed.ts'],
    outfile: join(outdir, 'demo.cjs'),
    external: ['electron', 'better-sqlite3', 'pg', 'pg-native'],
  });
  return ['main.cjs', 'preload.cjs', 'demo.cjs'].map((name) => join(outdir, name));
}
