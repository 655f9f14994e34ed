/** The renderer's chunks as Vite builds them for the app (minified, not compressed). */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../../test/support/paths.js';
import type { Results } from './results.js';

const LIMIT = 500 * 1000;

export async function rendererBench(results: Results): Promise<void> {
  results.section('renderer (built with the app’s Vite config into a temp folder)');
  const outDir = mkdtempSync(join(tmpdir(), 'clearance-renderer-'));
  try {
    await build({ configFile: join(REPO_ROOT, 'renderer/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const assets = join(outDir, 'assets');
    const chunks = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ name: f, bytes: statSync(join(assets, f)).size }))
      .sort((a, b) => b.bytes - a.bytes);
    const kb = (b: number) => `${(b / 1000).toFixed(0)} kB`;
    const total = chunks.reduce((n, c) => n + c.bytes, 0);
    for (const c of chunks.slice(0, 5)) results.figure(`chunk ${c.name}`, kb(c.bytes));
    results.figure(`${chunks.length} chunks in all`, kb(total));
    const largest = chunks[0]!;
    results.target('no renderer chunk over 500 kB', largest.bytes <= LIMIT, `largest ${kb(largest.bytes)}`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
