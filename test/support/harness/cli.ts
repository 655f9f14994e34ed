/**
 * `npm run harness`: the real UI in Debian's Chromium, bridged to the real router over
 * .tmp/harness.db (created with the demo organization on first run). `npm run harness -- --setup`
 * opens .tmp/harness-setup.db instead, which is not a demo: empty, it starts on the first-run setup.
 * Headed when a display exists; otherwise it saves a screenshot of the first screen and exits.
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { startClearance } from '../../../electron/app/bootstrap.js';
import { attachBridge } from './bridge.js';
import { HarnessDesktop } from './harnessDesktop.js';
import { CONTENT_DIR } from '../paths.js';
import { folderKeyStore, sealedKeyCustody } from '../../../electron/services/keys/custody.js';
import { keyFileSealer } from '../../../electron/services/keys/sealer.js';
import { startStaticServer } from './staticServer.js';
import { CHROMIUM } from '../chromium.js';

mkdirSync('.tmp', { recursive: true });
const desktop = new HarnessDesktop('.tmp/downloads');
const setup = process.argv.includes('--setup');
const clearance = await startClearance({
  desktop,
  sqlitePath: process.env.CLEARANCE_DB ?? (setup ? '.tmp/harness-setup.db' : '.tmp/harness.db'),
  workstation: hostname(),
  seedDemoIfEmpty: !setup,
  contentDir: CONTENT_DIR,
  // The harness's custody: a folder sealed by a key file (CLEARANCE_KEY_SEAL overrides it), in place of the OS keychain.
  keyCustody: sealedKeyCustody(folderKeyStore('.tmp/keys'), keyFileSealer('.tmp/keys.seal')),
  // The harness's card key of earlier versions (base64 in a file): its numbers move into the hierarchy, then it goes.
  legacyCardKey: {
    read: () => (existsSync('.tmp/card.key') ? Buffer.from(readFileSync('.tmp/card.key', 'utf8').trim(), 'base64') : null),
    remove: () => rmSync('.tmp/card.key', { force: true }),
  },
  watchIntakeFolder: true,
  witnessFolder: '.tmp/audit-witness',
  background: true,
});
const server = await startStaticServer();
const headed = Boolean(process.env.DISPLAY);
const browser = await chromium.launch({ ...CHROMIUM, headless: !headed });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await attachBridge(page, clearance.router, hostname());
desktop.register(page);
await page.goto(server.url);

if (headed) {
  console.log(`Clearance harness open (database ${clearance.handle.location}). Close the browser window to stop.`);
  await new Promise<void>((resolve) => browser.on('disconnected', () => resolve()));
} else {
  await page.getByRole('heading', { name: setup ? /Set up Clearance|Sign in/ : 'Sign in' }).waitFor();
  await page.screenshot({ path: '.tmp/harness-signin.png' });
  console.log(
    'No display found, so the harness saved .tmp/harness-signin.png and stopped. Run it under a display (for example `xvfb-run npm run harness`) to use the app by hand.',
  );
  await browser.close();
}
await server.close();
await clearance.stop();
