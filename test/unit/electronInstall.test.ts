/**
 * `npm start` where Electron's binary is missing runs Electron's own installer with a time limit
 * and a progress line, then gives up with the message saying what to do. Here (no route to
 * Electron's server) only the failure paths can really happen, so the installer is a stand-in
 * that hangs, fails or "downloads" instantly.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary, installElectronBinary, installTimeoutMs, NO_ELECTRON_MESSAGE } from '../../scripts/electron-binary.mjs';
import { REPO_ROOT } from '../support/paths.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project folder whose node_modules/electron/install.js is the given script. */
function projectWithInstaller(script: string): string {
  const root = mkdtempSync(join(tmpdir(), 'clearance-electron-'));
  roots.push(root);
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(join(pkg, 'install.js'), script);
  return root;
}

function capture(): { out: Writable & { isTTY?: boolean }; text(): string } {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

const HANGS = `process.on('SIGTERM', () => {}); require('fs').writeFileSync(__dirname + '/pid', String(process.pid)); setInterval(() => {}, 1000);`;

describe("Electron's installer, run by npm start", () => {
  it('stops an installer that does not finish in time, after progress lines, and says it gave up', async () => {
    const root = projectWithInstaller(HANGS);
    const { out, text } = capture();
    const started = Date.now();
    const result = await installElectronBinary({ root, timeoutMs: 1500, out, tickMs: 400 });
    expect(result).toEqual({ ok: false, why: 'no download within 2 s' });
    expect(Date.now() - started).toBeLessThan(8000);
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe("Downloading Electron 45.4.1's binary from its release server… 0 s (gives up after 2 s)");
    expect(lines.filter((l) => l.startsWith('Downloading')).length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toMatch(/^Electron's installer gave up after \d s without finishing the download\.$/);
    // The installer (which ignored SIGTERM) is gone.
    const pid = Number(spawnSync('cat', [join(root, 'node_modules/electron/pid')]).stdout.toString());
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("reports the installer's own error when it fails", async () => {
    const root = projectWithInstaller(`console.error('TypeError: fetch failed\\n    at node:internal/deps/undici'); process.exit(1);`);
    const { out, text } = capture();
    expect(await installElectronBinary({ root, timeoutMs: 10_000, out })).toEqual({ ok: false, why: 'TypeError: fetch failed' });
    expect(text()).toMatch(/Electron's installer failed after \d+ s: TypeError: fetch failed\n$/);
  });

  it('finds the binary the installer put in place', async () => {
    const root = projectWithInstaller(
      `const fs = require('fs'); fs.mkdirSync(__dirname + '/dist'); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');`,
    );
    const { out, text } = capture();
    expect(findElectronBinary(root)).toBeNull();
    expect(await installElectronBinary({ root, timeoutMs: 10_000, out })).toEqual({ ok: true });
    expect(findElectronBinary(root)).toBe(join(root, 'node_modules/electron/dist/electron'));
    expect(text()).toMatch(/Electron's binary is installed \(\d+ s\)\.\n$/);
  });

  it('on a terminal, rewrites one progress line in place', async () => {
    const root = projectWithInstaller(HANGS);
    const { out, text } = capture();
    out.isTTY = true;
    await installElectronBinary({ root, timeoutMs: 1200, out, tickMs: 300 });
    expect(text()).toContain('\r\x1b[2KDownloading Electron 45.4.1');
    expect(text().split('\n')).toHaveLength(2); // one finished line, then nothing
  });

  it('takes its time limit from CLEARANCE_ELECTRON_INSTALL_TIMEOUT (seconds), 5 minutes by default', () => {
    expect(installTimeoutMs({})).toBe(300_000);
    expect(installTimeoutMs({ CLEARANCE_ELECTRON_INSTALL_TIMEOUT: '30' })).toBe(30_000);
    expect(installTimeoutMs({ CLEARANCE_ELECTRON_INSTALL_TIMEOUT: 'soon' })).toBe(300_000);
  });

  it('npm start, when the installer cannot finish, gives up within the limit with the message and without building', () => {
    const root = projectWithInstaller(HANGS);
    const env: NodeJS.ProcessEnv = { ...process.env, CLEARANCE_ELECTRON_INSTALL_TIMEOUT: '1' };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/start.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toContain('(gives up after 1 s)');
    expect(run.stderr).toContain("Electron's installer gave up after");
    expect(run.stderr).toContain(NO_ELECTRON_MESSAGE);
    expect(run.stdout).toBe(''); // no build was started
  });
});
