/**
 * What the desktop shell does for the router: save a PDF of a window, save a file, show a
 * notification. Electron's main implements it with printToPDF, save dialogs and Notification;
 * the browser harness implements it with Chromium's page.pdf() and a downloads folder.
 */
export interface Desktop {
  /** Prints what the calling window shows to PDF and saves it where the person chooses; null if cancelled. */
  savePdf(senderKey: string, suggestedName: string): Promise<string | null>;
  /** Saves content to a file the person chooses; null if cancelled. */
  saveFile(senderKey: string, suggestedName: string, content: string | Uint8Array): Promise<string | null>;
  notify(senderKey: string, title: string, body: string): void;
  /** Renders a self-contained HTML document to PDF bytes with Chromium, off screen. */
  htmlToPdf(html: string): Promise<Uint8Array>;
  /** Asks where to write a folder of files (an evidence pack); null if cancelled. */
  chooseFolder(senderKey: string, suggestedName: string): Promise<string | null>;
  /** The database setting an administrator stored on this workstation (URL without password), if any. */
  storedDatabaseUrl(): string | null;
  /** Stores (or with null, removes) the workstation's database setting; the password is encrypted. */
  storeDatabaseSetting(setting: { url: string; password: string } | null): Promise<void>;
}

/** For contexts with no desktop (unit tests of the router): saving is refused, notifications dropped. */
export const noDesktop: Desktop = {
  savePdf: async () => null,
  saveFile: async () => null,
  notify: () => undefined,
  htmlToPdf: async () => {
    throw new Error('no desktop to render PDFs with');
  },
  chooseFolder: async () => null,
  storedDatabaseUrl: () => null,
  storeDatabaseSetting: async () => {
    throw new Error('no desktop to store settings in');
  },
};
