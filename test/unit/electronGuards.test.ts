import { describe, expect, it } from 'vitest';
import { resolveAppFile, APP_ENTRY } from '../../electron/main/appProtocol.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp.js';
import { isAllowedExternalUrl, isAllowedNavigation, isTrustedSender, permissionDecision } from '../../electron/main/guards.js';
import { mainWindowOptions } from '../../electron/main/windowOptions.js';

describe('window options', () => {
  it('isolate the page from Node and Electron', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/app/preload.cjs',
    });
    expect(prefs.devTools).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows only the app itself: no eval, no inline script, no remote origins, no plugins', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });
});

describe('navigation and links', () => {
  it('stays inside app://clearance', () => {
    expect(isAllowedNavigation(`${APP_ENTRY}#/home`)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:3000/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://other/index.html',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });
  it('opens only allow-listed https links outside', () => {
    expect(isAllowedExternalUrl('https://www.pcisecuritystandards.org/document_library/')).toBe(true);
    for (const url of [
      'http://www.pcisecuritystandards.org/',
      'https://evil.example/',
      'file:///tmp/x',
      'https://user:pw@csrc.nist.gov/',
      'smb://share',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(permissionDecision(p)).toBe(false);
  });
  it('answers IPC only from the app page in the main frame', () => {
    expect(isTrustedSender(`${APP_ENTRY}#/home`, true)).toBe(true);
    expect(isTrustedSender(`${APP_ENTRY}`, false)).toBe(false);
    expect(isTrustedSender('https://example.com/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
});

describe('app:// file mapping', () => {
  const root = '/opt/clearance/dist/renderer';
  it('maps app paths to files under the renderer folder', () => {
    expect(resolveAppFile('app://clearance/', root)).toBe(`${root}/index.html`);
    expect(resolveAppFile('app://clearance/assets/index.js', root)).toBe(`${root}/assets/index.js`);
  });
  it('never resolves outside the renderer folder, whatever the encoding', () => {
    for (const url of [
      'app://clearance/../../etc/passwd',
      'app://clearance/%2e%2e/%2e%2e/etc/passwd',
      'app://clearance/..%2f..%2fsecret',
      'app://clearance/assets/..%5c..%5c..%5cwin.ini',
    ]) {
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(`${root}/`), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile('app://clearance/..%2f..%2fsecret', root)).toBeNull();
  });
  it('refuses other hosts, other schemes and NUL bytes', () => {
    for (const url of [
      'app://other/index.html',
      'file:///opt/clearance/dist/renderer/index.html',
      'app://clearance/%00',
      'https://clearance/index.html',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
});
