/**
 * The watched intake folder on disk. Files the source systems drop into the folder are claimed
 * by moving them into processing/ (a rename: of two workstations, one wins), read, and moved to
 * done/ or rejected/ with a report beside them (<file>.report.json). A claimed file whose import
 * could not finish (the database unreachable, the app stopped) goes back to the folder.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { AppError } from '../errors.js';
import { MAX_FILE_BYTES } from './intakeFile.js';

export const SUBFOLDERS = ['processing', 'done', 'rejected'] as const;
export const IMPORTABLE_EXTENSIONS = ['.jsonl', '.ndjson', '.json', '.csv'] as const;
const REPORT_SUFFIX = '.report.json';

const errorCode = (e: unknown) => (e as { code?: string }).code;

/** Checks that the folder exists and can be written, and makes its subfolders. */
export async function prepareFolder(folder: string): Promise<void> {
  if (!isAbsolute(folder)) throw new AppError('INVALID_INPUT', 'Enter the folder’s full path.', { folder: 'Enter the full path.' });
  try {
    if (!(await stat(folder)).isDirectory())
      throw new AppError('INVALID_INPUT', 'That path is a file, not a folder.', { folder: 'Not a folder.' });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INVALID_INPUT', 'There is no such folder on this workstation.', { folder: 'No such folder.' });
  }
  try {
    for (const sub of SUBFOLDERS) await mkdir(join(folder, sub), { recursive: true });
    const probe = join(folder, 'processing', `.clearance-probe-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch {
    throw new AppError('INVALID_INPUT', 'Clearance cannot write in that folder, so it could not move files to done or rejected.', {
      folder: 'Not writable.',
    });
  }
}

export interface WaitingFile {
  name: string;
  size: number;
}

/**
 * Import files waiting in the folder, oldest name first. A file modified within the last
 * `settleMs` may still be being written by the source system: it waits for the next look.
 */
export async function waitingFiles(folder: string, settleMs: number, nowMs: number): Promise<WaitingFile[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const out: WaitingFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.') || e.name.endsWith(REPORT_SUFFIX)) continue;
    if (!(IMPORTABLE_EXTENSIONS as readonly string[]).includes(extname(e.name).toLowerCase())) continue;
    const s = await stat(join(folder, e.name)).catch(() => null);
    if (!s || nowMs - s.mtimeMs < settleMs) continue;
    out.push({ name: e.name, size: s.size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Moves the file into processing/; false when another workstation took it first. */
export async function claim(folder: string, name: string): Promise<boolean> {
  try {
    await rename(join(folder, name), join(folder, 'processing', name));
    return true;
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/** The claimed file's bytes, or null when it is larger than an import takes. */
export async function readClaimed(folder: string, name: string, size: number): Promise<Uint8Array | null> {
  if (size > MAX_FILE_BYTES) return null;
  return new Uint8Array(await readFile(join(folder, 'processing', name)));
}

/** A name not yet taken in the target folder: "file.csv", then "file-2.csv", … */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${base}-${n}${ext}`;
    const taken = await stat(join(dir, candidate)).then(
      () => true,
      () => false,
    );
    const reportTaken = await stat(join(dir, candidate + REPORT_SUFFIX)).then(
      () => true,
      () => false,
    );
    if (!taken && !reportTaken) return candidate;
  }
}

/** Moves the claimed file to done/ or rejected/ and writes its report beside it; returns the name it got there. */
export async function finish(folder: string, name: string, outcome: 'done' | 'rejected', report: object): Promise<string> {
  const dir = join(folder, outcome);
  await mkdir(dir, { recursive: true });
  const target = await freeName(dir, name);
  await writeFile(join(dir, target + REPORT_SUFFIX), `${JSON.stringify(report, null, 2)}\n`);
  await rename(join(folder, 'processing', name), join(dir, target));
  return target;
}

/** Puts a claimed file back in the folder, to be tried again at the next look. */
export async function release(folder: string, name: string): Promise<void> {
  await rename(join(folder, 'processing', name), join(folder, name)).catch(() => undefined);
}

/** Files left in processing/ by a run that stopped part-way go back to the folder (importing again is idempotent). */
export async function recoverAbandoned(folder: string, olderThanMs: number, nowMs: number): Promise<void> {
  const dir = join(folder, 'processing');
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const s = await stat(join(dir, e.name)).catch(() => null);
    // A rename keeps the modification time, so "older" is measured from when it was claimed: its change time.
    if (s && nowMs - s.ctimeMs >= olderThanMs) await release(folder, e.name);
  }
}
