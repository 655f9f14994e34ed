import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { matchesGlob } from 'node:path';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Configuration & { files: string[] };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; version: string };

/** electron-builder's file rule: the last matching pattern wins, "!" excludes. */
function packaged(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

describe('the electron-builder configuration (checked offline)', () => {
  it('validates against electron-builder’s own schema', async () => {
    const debug = { add: () => undefined, isEnabled: false } as unknown as Parameters<typeof validateConfiguration>[1];
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined();
  });

  it('packs the built main, preload, demo seed, renderer and training content, and no tests or sources', () => {
    for (const path of [
      pkg.main,
      'dist/electron/preload.cjs',
      'dist/electron/demo.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-abc.js',
      'db/content/modules/01-privacy-foundations.yaml',
      'package.json',
    ]) {
      expect(packaged(path), path).toBe(true);
    }
    for (const path of [
      'test/e2e/records.spec.ts',
      'electron/main/main.ts',
      'renderer/src/App.tsx',
      'scripts/run-tests.mjs',
      'dist/electron/main.cjs.map',
      'demo/demo.ts',
    ]) {
      expect(packaged(path), path).toBe(false);
    }
  });

  it('targets AppImage and deb, NSIS and dmg, with icons from one source image', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
      expect(existsSync(`build/icons/${size}x${size}.png`), `${size}px icon`).toBe(true);
    expect(existsSync('build/icon.png')).toBe(true);
    expect(readFileSync('build/icon.png').subarray(1, 4).toString()).toBe('PNG');
  });

  it('unpacks better-sqlite3 from the asar and sets the hardening fuses', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
