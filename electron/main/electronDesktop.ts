/** The Desktop the router uses, implemented with Electron: printToPDF, native save dialogs, notifications. */
import { BrowserWindow, Notification, app, dialog, safeStorage, webContents } from 'electron';
import { readDatabaseSetting, writeDatabaseSetting, type SecretBox } from '../services/databaseSetting.js';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Desktop } from '../services/desktop.js';
import { readWitnessSetting, writeWitnessSetting } from '../services/witnessSetting.js';

const safeName = (name: string) => name.replace(/[\\/:*?"<>|]/g, '_');

async function askWhere(senderKey: string, suggestedName: string, filters: Electron.FileFilter[]): Promise<string | null> {
  const wc = webContents.fromId(Number(senderKey));
  const owner = wc ? BrowserWindow.fromWebContents(wc) : null;
  const options = { defaultPath: join(app.getPath('documents'), safeName(suggestedName)), filters };
  const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** safeStorage as a secret box; refuses when the OS keychain is not available (no plaintext fallback). */
export const safeStorageBox: SecretBox = {
  encrypt(plain) {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('The operating system keychain is not available, so the database password cannot be stored safely.');
    return safeStorage.encryptString(plain).toString('base64');
  },
  decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
};

export const electronDesktop: Desktop = {
  async openDemo() {
    // The next start opens the separate demo database (main reads --demo); quitting stops the back end cleanly.
    app.relaunch({ args: [...process.argv.slice(1).filter((a) => a !== '--demo'), '--demo'] });
    setImmediate(() => app.quit());
  },
  async savePdf(senderKey, suggestedName) {
    const wc = webContents.fromId(Number(senderKey));
    if (!wc) return null;
    const path = await askWhere(senderKey, suggestedName, [{ name: 'PDF document', extensions: ['pdf'] }]);
    if (!path) return null;
    const pdf = await wc.printToPDF({ printBackground: true, pageSize: 'Letter' });
    await writeFile(path, pdf);
    return path;
  },
  async saveFile(senderKey, suggestedName, content) {
    const ext = suggestedName.split('.').pop() ?? 'txt';
    const path = await askWhere(senderKey, suggestedName, [{ name: ext.toUpperCase(), extensions: [ext] }]);
    if (!path) return null;
    await writeFile(path, content);
    return path;
  },
  async htmlToPdf(html) {
    // A hidden, sandboxed window with no preload and JavaScript off renders our own HTML.
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return await win.webContents.printToPDF({ printBackground: true, landscape: true, pageSize: 'Letter' });
    } finally {
      win.destroy();
    }
  },
  async writeFolder(senderKey, suggestedName, files) {
    const wc = webContents.fromId(Number(senderKey));
    const owner = wc ? BrowserWindow.fromWebContents(wc) : null;
    const options = {
      title: 'Choose where to write the evidence pack',
      defaultPath: join(app.getPath('documents'), safeName(suggestedName)),
      properties: ['openDirectory' as const, 'createDirectory' as const],
    };
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    if (result.canceled || !result.filePaths[0]) return null;
    const folder = join(result.filePaths[0], safeName(suggestedName));
    await mkdir(folder, { recursive: true });
    for (const file of files) await writeFile(join(folder, safeName(file.name)), file.content);
    return folder;
  },
  async chooseFile(senderKey, { title, filters, maxBytes }) {
    const wc = webContents.fromId(Number(senderKey));
    const owner = wc ? BrowserWindow.fromWebContents(wc) : null;
    const options = {
      title,
      defaultPath: app.getPath('documents'),
      filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
      properties: ['openFile' as const],
    };
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const path = result.filePaths[0];
    if (result.canceled || !path) return null;
    const { size } = await stat(path);
    // Too large is said by the service; the file is not read into memory at all.
    return { name: basename(path), size, content: size > maxBytes ? null : new Uint8Array(await readFile(path)) };
  },
  notify(_senderKey, title, body) {
    if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
  },
  storedDatabaseUrl() {
    return readDatabaseSetting(app.getPath('userData'), safeStorageBox)?.url ?? null;
  },
  async storeDatabaseSetting(setting) {
    writeDatabaseSetting(app.getPath('userData'), setting, safeStorageBox);
  },
  witnessFolder() {
    return readWitnessSetting(app.getPath('userData'));
  },
  async storeWitnessFolder(folder) {
    writeWitnessSetting(app.getPath('userData'), folder);
  },
};
