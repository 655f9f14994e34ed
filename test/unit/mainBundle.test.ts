/**
 * The production start never loads faker: the built main bundle does not contain the demo seed,
 * which is its own bundle (demo.cjs), required only when a demo database is created.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/electron-build.mjs';

describe('the built Electron bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'clearance-bundle-'));
  let main = '';
  let demo = '';

  beforeAll(async () => {
    await buildElectron(outdir);
    main = readFileSync(join(outdir, 'main.cjs'), 'utf8');
    demo = readFileSync(join(outdir, 'demo.cjs'), 'utf8');
  }, 120_000);

  it('keep faker and the demo data out of main.cjs', () => {
    expect(main).not.toMatch(/faker/i);
    expect(main).not.toContain('Evelyn Harper');
    expect(main).not.toContain('Clearance-demo-2026');
  });

  it('put them in demo.cjs, which main requires next to itself only on the demo path', () => {
    expect(demo).toMatch(/@faker-js\/faker|faker\.seed/);
    expect(demo).toContain('seedDemoOrganization');
    expect(main).toContain('require("./demo.cjs")');
  });
});
