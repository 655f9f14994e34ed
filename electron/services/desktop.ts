/**
 * What the desktop shell does for the services: save a PDF of a window, save a file, write a
 * folder of files, show a notification, render HTML to PDF, keep the workstation's database
 * setting. Electron's main implements it with printToPDF, native dialogs and Notification; the
 * browser harness with Chromium's page.pdf() and a downloads folder. Services get it at construction.
 */
export interface Desktop {
  /** Prints what the calling window shows to PDF and saves it where the person chooses; null if cancelled. */
  savePdf(senderKey: string, suggestedName: string): Promise<string | null>;
  /** Saves content to a file the person chooses; null if cancelled. */
  saveFile(senderKey: string, suggestedName: string, content: string | Uint8Array): Promise<string | null>;
  /** Asks where to put a new folder, creates it and writes the files into it; the folder's path, or null if cancelled. */
  writeFolder(senderKey: string, suggestedName: string, files: readonly FolderFile[]): Promise<string | null>;
  notify(senderKey: string, title: string, body: string): void;
  /** Renders a self-contained HTML document to PDF bytes with Chromium, off screen. */
  htmlToPdf(html: string): Promise<Uint8Array>;
  /** The database setting an administrator stored on this workstation (URL without password), if any. */
  storedDatabaseUrl(): string | null;
  /** Stores (or with null, removes) the workstation's database setting; the password is encrypted. */
  storeDatabaseSetting(setting: { url: string; password: string } | null): Promise<void>;
  /** The audit witness folder an administrator chose for this workstation, if any (else the app's default). */
  witnessFolder(): string | null;
  /** Stores (or with null, forgets) this workstation's witness folder. */
  storeWitnessFolder(folder: string | null): Promise<void>;
  /** "Try the demo" on the first-run screen: reopen Clearance on its separate demo database. */
  openDemo(): Promise<void>;
  /**
   * Asks the person to pick a file to open (records intake) and reads it in main: the renderer
   * never holds it. Null if cancelled; content null when the file is larger than maxBytes.
   */
  chooseFile(senderKey: string, options: ChooseFileOptions): Promise<ChosenFile | null>;
}

export interface ChooseFileOptions {
  title: string;
  filters: readonly { name: string; extensions: readonly string[] }[];
  maxBytes: number;
}

export interface ChosenFile {
  /** The file's name, without its folder. */
  name: string;
  size: number;
  content: Uint8Array | null;
}

export interface FolderFile {
  /** A plain file name, no folders. */
  name: string;
  content: Uint8Array;
}

/** For a back end with no desktop (unit tests, the seeding of templates): saving is refused, notifications dropped. */
export const noDesktop: Desktop = {
  savePdf: async () => null,
  saveFile: async () => null,
  writeFolder: async () => null,
  notify: () => undefined,
  htmlToPdf: async () => {
    throw new Error('no desktop to render PDFs with');
  },
  storedDatabaseUrl: () => null,
  storeDatabaseSetting: async () => {
    throw new Error('no desktop to store settings in');
  },
  openDemo: async () => {
    throw new Error('no desktop to reopen');
  },
  chooseFile: async () => null,
  witnessFolder: () => null,
  storeWitnessFolder: async () => {
    throw new Error('no desktop to store settings in');
  },
};
