/**
 * The harness's stand-in for Electron's desktop integration: PDFs are printed by Chromium
 * (page.pdf(), the same engine as webContents.printToPDF), files land in a downloads folder,
 * and notifications are kept in a list the tests can read.
 */
import type { Page } from '@playwright/test';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ChooseFileOptions, ChosenFile, Desktop, FolderFile } from '../../../electron/services/desktop.js';
import { senderKeyOf } from './bridge.js';

export class HarnessDesktop implements Desktop {
  readonly notifications: { senderKey: string; title: string; body: string }[] = [];
  /** "Try the demo" was chosen: the app would reopen on its demo database. */
  demoRequested = false;
  private readonly pages = new Map<string, Page>();

  constructor(readonly downloadsDir: string) {
    mkdirSync(downloadsDir, { recursive: true });
  }

  async openDemo(): Promise<void> {
    this.demoRequested = true;
  }

  register(page: Page): void {
    this.pages.set(senderKeyOf(page), page);
  }

  private target(name: string): string {
    return join(this.downloadsDir, name.replace(/[\\/:*?"<>|]/g, '_'));
  }

  async savePdf(senderKey: string, suggestedName: string): Promise<string | null> {
    const page = this.pages.get(senderKey);
    if (!page) return null;
    const path = this.target(suggestedName);
    await page.pdf({
      path,
      format: 'Letter',
      printBackground: true,
      margin: { top: '0.5in', bottom: '0.5in', left: '0.5in', right: '0.5in' },
    });
    return path;
  }

  async saveFile(_senderKey: string, suggestedName: string, content: string | Uint8Array): Promise<string | null> {
    const path = this.target(suggestedName);
    writeFileSync(path, content);
    return path;
  }

  async htmlToPdf(html: string): Promise<Uint8Array> {
    const any = [...this.pages.values()][0];
    if (!any) throw new Error('no page to render with');
    const page = await any.context().newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'Letter',
        landscape: true,
        printBackground: true,
        margin: { top: '0.4in', bottom: '0.4in', left: '0.4in', right: '0.4in' },
      });
    } finally {
      await page.close();
    }
  }

  async writeFolder(_senderKey: string, suggestedName: string, files: readonly FolderFile[]): Promise<string | null> {
    const path = this.target(suggestedName);
    mkdirSync(path, { recursive: true });
    for (const file of files) writeFileSync(join(path, file.name.replace(/[\\/:*?"<>|]/g, '_')), file.content);
    return path;
  }

  notify(senderKey: string, title: string, body: string): void {
    this.notifications.push({ senderKey, title, body });
  }

  /** The files the "open" dialog picks next, in order (a test's choice); with none left, the dialog is cancelled. */
  readonly filesToChoose: string[] = [];
  /** What each open dialog was asked, for tests to read. */
  readonly openDialogs: { senderKey: string; title: string }[] = [];

  async chooseFile(senderKey: string, options: ChooseFileOptions): Promise<ChosenFile | null> {
    this.openDialogs.push({ senderKey, title: options.title });
    const path = this.filesToChoose.shift();
    if (!path) return null;
    const size = statSync(path).size;
    return { name: basename(path), size, content: size > options.maxBytes ? null : new Uint8Array(readFileSync(path)) };
  }

  /** The harness keeps the setting in memory, password included; Electron encrypts it with safeStorage. */
  databaseSetting: { url: string; password: string } | null = null;

  storedDatabaseUrl(): string | null {
    return this.databaseSetting?.url ?? null;
  }

  async storeDatabaseSetting(setting: { url: string; password: string } | null): Promise<void> {
    this.databaseSetting = setting;
  }

  /** The witness folder an administrator chose; kept in memory (Electron keeps it in the user-data folder). */
  chosenWitnessFolder: string | null = null;

  witnessFolder(): string | null {
    return this.chosenWitnessFolder;
  }

  async storeWitnessFolder(folder: string | null): Promise<void> {
    this.chosenWitnessFolder = folder;
  }
}
