/**
 * Electron's main process. Thin on purpose: it makes the hardened window, serves the renderer
 * from app://, answers the single IPC channel through the router, and wires desktop services.
 * Everything else lives in plain modules that run (and are tested) without Electron.
 */
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openClearance, type StartingClearance } from '../app/bootstrap.js';
import { APP_ENTRY, APP_SCHEME, mimeType, resolveAppFile } from './appProtocol.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { electronDesktop, safeStorageBox } from './electronDesktop.js';
import { chooseDatabase, readDatabaseSetting } from '../services/databaseSetting.js';
import { isAllowedExternalUrl, isAllowedNavigation, isTrustedSender, permissionDecision } from './guards.js';
import { mainWindowOptions } from './windowOptions.js';
import { safeStorageKeyCustody, safeStorageLegacyCardKey } from './safeStorageKeys.js';
import { commandScript, menuTemplate, type MenuCommand } from './appMenu.js';
import { RotatingLog } from './rotatingLog.js';
import { loadWindowState, restoreBounds, saveWindowState } from './windowState.js';

export const IPC_CHANNEL = 'clearance:invoke';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let clearance: StartingClearance | null = null;
  let mainWindow: BrowserWindow | null = null;
  // The folder holding dist/ and db/content: two levels above this bundle (dist/electron/main.cjs).
  // Not app.getAppPath(): when Electron is started on the bundle file itself (as Playwright's
  // _electron.launch does), the app path is dist/electron. Inside a package this is the asar root.
  const appRoot = join(__dirname, '..', '..');
  const rendererRoot = join(appRoot, 'dist', 'renderer');

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // No window, webview or frame may be created or navigated outside the app.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  const userData = app.getPath('userData');
  const log = new RotatingLog({ dir: join(userData, 'logs') });

  function sendCommand(command: MenuCommand): void {
    void mainWindow?.webContents.executeJavaScript(commandScript(command));
  }

  function installMenu(): void {
    const template = menuTemplate(
      {
        command: sendCommand,
        print: () => mainWindow?.webContents.print({ printBackground: true }),
        about: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: 'About Clearance',
            message: `Clearance ${app.getVersion()}`,
            detail: `Privacy training and training-gated access to protected records.\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
          }),
      },
      process.platform === 'darwin',
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  async function createWindow(): Promise<void> {
    const displays = screen.getAllDisplays().map((d) => d.workArea);
    const window = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), restoreBounds(loadWindowState(userData), displays)));
    mainWindow = window;
    const senderKey = String(window.webContents.id);
    window.once('ready-to-show', () => window.show());
    window.on('close', () => saveWindowState(userData, window.getNormalBounds()));
    window.on('closed', () => {
      clearance?.router.bindings.unbind(senderKey);
      mainWindow = null;
    });
    await window.loadURL(APP_ENTRY);
  }

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));

    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(request.url, rendererRoot);
      if (!file) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(body, { headers: { 'content-type': mimeType(file), 'content-security-policy': CONTENT_SECURITY_POLICY } });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    try {
      // The demo is a deliberate choice (`--demo`, as `npm start` passes, or "Try the demo"): its own file
      // (never CLEARANCE_DB or the server, so "Try the demo" cannot fill the real database).
      const demo = process.argv.includes('--demo');
      const database = demo
        ? { sqlitePath: process.env.CLEARANCE_DEMO_DB ?? join(app.getPath('userData'), 'clearance-demo.db') }
        : chooseDatabase(
            process.env,
            readDatabaseSetting(app.getPath('userData'), safeStorageBox),
            process.env.CLEARANCE_DB ?? join(app.getPath('userData'), 'clearance.db'),
          );
      // Ready for the window once the database is open and migrated; the start-up work goes on while it loads.
      clearance = await openClearance({
        ...database,
        workstation: hostname(),
        contentDir: join(appRoot, 'db', 'content'),
        keyCustody: safeStorageKeyCustody(join(app.getPath('userData'), 'keys')),
        legacyCardKey: safeStorageLegacyCardKey(join(app.getPath('userData'), 'card-key.bin')),
        // Anything else that is empty opens on the first-run setup.
        seedDemoIfEmpty: demo,
        desktop: electronDesktop,
        logger: log,
        watchIntakeFolder: true,
        // The audit witness outside the database, until an administrator chooses a network share.
        witnessFolder: join(app.getPath('userData'), 'audit-witness'),
        // Checkpoints, the daily verification and SIEM forwarding run beside the app.
        background: true,
      });
      const { dialect, location } = clearance.handle;
      void clearance.started.then(
        () => log.info(`started on ${dialect} (${location})`),
        (error: unknown) => {
          log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
          dialog.showErrorBox('Clearance could not start', error instanceof Error ? error.message : String(error));
          app.exit(1);
        },
      );
    } catch (error) {
      log.error(`could not open the database: ${error instanceof Error ? error.message : String(error)}`);
      dialog.showErrorBox('Clearance could not open its database', error instanceof Error ? error.message : String(error));
      app.exit(1);
      return;
    }
    const daily = setInterval(
      () => void clearance?.runDailyJobs().catch((e: unknown) => log.error(`daily jobs failed: ${e instanceof Error ? e.name : 'error'}`)),
      24 * 60 * 60 * 1000,
    );
    daily.unref();
    // Privacy monitoring: the rules run hourly, and once a minute after start (not in the way of the first screen).
    const monitor = () =>
      void clearance
        ?.runMonitoring()
        .catch((e: unknown) => log.error(`privacy monitoring failed: ${e instanceof Error ? e.name : 'error'}`));
    setTimeout(monitor, 60 * 1000).unref();
    setInterval(monitor, 60 * 60 * 1000).unref();
    const router = clearance.router;

    ipcMain.handle(IPC_CHANNEL, (event, channel: unknown, input: unknown, requestId: unknown) => {
      const frame = event.senderFrame;
      // A top-level frame has no parent (no reliance on WebFrameMain object identity).
      if (!isTrustedSender(frame?.url, frame !== null && !frame.parent)) {
        return { ok: false, code: 'FORBIDDEN', message: 'This window may not call Clearance.' };
      }
      return router.invoke({ senderKey: String(event.sender.id), workstation: hostname() }, channel, input, requestId);
    });

    installMenu();
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let stopping = false;
  app.on('before-quit', (event) => {
    if (!clearance || stopping) return;
    stopping = true;
    event.preventDefault();
    void clearance.stop().finally(() => app.quit());
  });
}
