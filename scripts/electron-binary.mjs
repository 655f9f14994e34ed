/**
 * Finds Electron's executable without requiring the `electron` package (which tries to
 * download the binary when it is missing, and hangs where there is no internet), and installs
 * it with Electron's own installer when it is missing: with a time limit and a progress line.
 */
import { spawn } from 'node:child_process';
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

/** How long Electron's installer may take (its download is about 100 MB): CLEARANCE_ELECTRON_INSTALL_TIMEOUT seconds, else 5 minutes. */
export function installTimeoutMs(env = process.env) {
  const seconds = Number(env.CLEARANCE_ELECTRON_INSTALL_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

function electronVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version ?? '';
  } catch {
    return '';
  }
}

/**
 * Runs node_modules/electron/install.js (Electron's own installer: download, checksum, unzip)
 * and waits at most `timeoutMs`. Prints a progress line while it runs: rewritten in place on a
 * terminal, one line every 15 s otherwise. Resolves to { ok: true } or { ok: false, why } and
 * never throws; a timed-out installer is stopped.
 */
export function installElectronBinary({
  root = process.cwd(),
  timeoutMs = installTimeoutMs(),
  out = process.stderr,
  tickMs = out.isTTY ? 1000 : 15_000,
} = {}) {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return Promise.resolve({ ok: false, why: 'Electron is not installed (run npm install first).' });
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return Promise.resolve({ ok: false, why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set.' });

  const version = electronVersion(root);
  const limit = Math.round(timeoutMs / 1000);
  const started = Date.now();
  const line = () =>
    `Downloading Electron${version ? ` ${version}` : ''}'s binary from its release server… ${Math.round((Date.now() - started) / 1000)} s (gives up after ${limit} s)`;
  const show = (text, final = false) => {
    if (out.isTTY) out.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else out.write(`${text}\n`);
  };

  return new Promise((resolve) => {
    show(line());
    const child = spawn(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => (output = (output + chunk).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => show(line()), tickMs);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      // An installer stuck in a download may ignore SIGTERM.
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    const finish = (result) => {
      clearInterval(ticker);
      clearTimeout(timer);
      resolve(result);
    };
    child.on('error', (error) => {
      show(`Electron's installer could not run: ${error.message}`, true);
      finish({ ok: false, why: error.message });
    });
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (timedOut) {
        show(`Electron's installer gave up after ${seconds} s without finishing the download.`, true);
        return finish({ ok: false, why: `no download within ${limit} s` });
      }
      if (code === 0 && findElectronBinary(root)) {
        show(`Electron's binary is installed (${seconds} s).`, true);
        return finish({ ok: true });
      }
      // The installer prints a stack; its first line says what went wrong (e.g. getaddrinfo ENOTFOUND github.com).
      const first = output.split('\n').find((l) => l.trim()) ?? `exit code ${code}`;
      show(`Electron's installer failed after ${seconds} s: ${first.trim()}`, true);
      finish({ ok: false, why: first.trim() });
    });
  });
}
