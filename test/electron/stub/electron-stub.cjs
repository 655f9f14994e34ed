/**
 * A stand-in for the parts of Electron's API that main.cjs uses, so the built main bundle can be
 * booted under plain Node where no Electron binary exists: it must open the database, serve the
 * renderer over app:// with the CSP, and answer IPC. Not a substitute for the real-Electron suite.
 */
const { EventEmitter } = require('events');
const ud = process.env.FAKE_USERDATA;
const log = (...a) => console.log('[stub]', ...a);
const app = Object.assign(new EventEmitter(), {
  requestSingleInstanceLock: () => true, // Like Electron started on the bundle file: the app path is the bundle's folder, not the project root.
  getAppPath: () => require('path').join(process.cwd(), 'dist', 'electron'),
  getPath: () => ud,
  getVersion: () => '0.1.0',
  whenReady: () => Promise.resolve(),
  quit: () => log('quit'),
  exit: (c) => {
    log('exit', c);
    process.exit(c);
  },
});
let handlers = {};
class BrowserWindow extends EventEmitter {
  constructor(opts) {
    super();
    this.opts = opts;
    this.webContents = Object.assign(new EventEmitter(), {
      id: 1,
      mainFrame: {},
      setWindowOpenHandler() {},
      executeJavaScript: async () => {},
    });
    log('window', JSON.stringify(opts.webPreferences));
  }
  once(e, f) {
    return super.once(e, f);
  }
  async loadURL(u) {
    log('loadURL', u);
    const r = await handlers.app({ url: u });
    log('served', r.status, r.headers.get('content-type'), r.headers.get('content-security-policy').slice(0, 40));
    setTimeout(async () => {
      const setup = await ipc('setup.status', {});
      log('setup', setup.ok && setup.value.setUp, setup.ok && setup.value.demo);
      const res = await ipc('auth.signIn', { username: 'liam.chen', password: 'Clearance-demo-2026' });
      log('signIn', res.ok, res.ok && res.value.user.username);
      // His role requires a second factor: the code his authenticator shows now (the README's demo key).
      const { TOTP } = require('otpauth');
      const code = new TOTP({ secret: 'CLEARANCEDEMOLIAMCHENAAAAAAAAAAA', digits: 6, period: 30, algorithm: 'SHA1' }).generate();
      const second = await ipc('auth.verifyCode', { kind: 'totp', code });
      log('code', second.ok, second.ok && second.value.state);
      const c = await ipc('training.myCurriculum', {});
      log('curriculum', c.ok, c.ok && c.value.items.length);
      const foreign = await ipcHandler(
        { senderFrame: { url: 'https://evil.example/' }, sender: { id: 1, mainFrame: null } },
        'auth.current',
        {},
      );
      log('foreign frame', foreign.ok, foreign.code);
      process.exit(0);
    }, 10);
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1, height: 1 };
  }
  static getAllWindows() {
    return [];
  }
  static fromWebContents() {
    return null;
  }
}
let ipcHandler;
async function ipc(channel, input) {
  return ipcHandler({ senderFrame: { url: 'app://clearance/index.html' }, sender: { id: 1, mainFrame: null } }, channel, input);
}
module.exports = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (c, f) => {
      ipcHandler = (e, ...a) =>
        f(
          {
            ...e,
            senderFrame: e.senderFrame,
            sender: {
              id: 1,
              get mainFrame() {
                return e.senderFrame;
              },
            },
          },
          ...a,
        );
    },
  },
  protocol: {
    registerSchemesAsPrivileged: () => {},
    handle: (s, f) => {
      handlers[s] = f;
    },
  },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
  shell: { openExternal() {} },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: () => {} },
  dialog: { showErrorBox: (t, m) => log('ERRORBOX', t, m), showMessageBox: async () => ({}) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s) => Buffer.from(s),
    decryptString: (b) => b.toString(),
  },
  Notification: class {
    static isSupported() {
      return false;
    }
    show() {}
  },
  webContents: { fromId: () => null },
};
