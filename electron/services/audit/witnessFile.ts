/**
 * The witness outside the database: every checkpoint is also appended, as one signed JSON line,
 * to a file in a folder the administrator chooses (a network share in a real office). Each
 * workstation appends to a file of its own, so workstations never write into the same file.
 */
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../siem/describeError.js';
import { parseWitnessLine, witnessLine, type SignedCheckpoint } from './checkpoint.js';

const FILE_PATTERN = /^clearance-witness-.+\.jsonl$/;

export function witnessFileName(workstation: string): string {
  return `clearance-witness-${workstation.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;
}

/** Appends the checkpoint and flushes it to disk; rejects (in words) when the folder cannot take it. */
export async function appendToWitness(folder: string, cp: SignedCheckpoint, options: { create?: boolean } = {}): Promise<void> {
  if (options.create) await mkdir(folder, { recursive: true });
  else await requireFolder(folder);
  const file = await open(join(folder, witnessFileName(cp.workstation)), 'a', 0o644);
  try {
    await file.write(witnessLine(cp));
    await file.datasync();
  } finally {
    await file.close();
  }
}

/** Checks that the folder exists and a file can be written there (what an administrator's choice is tested with). */
export async function checkWitnessFolder(folder: string, probeName: string): Promise<void> {
  await requireFolder(folder);
  const file = await open(join(folder, witnessFileName(probeName)), 'a', 0o644);
  try {
    await file.datasync();
  } finally {
    await file.close();
  }
}

async function requireFolder(folder: string): Promise<void> {
  const info = await stat(folder);
  if (!info.isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
}

export interface WitnessLine {
  file: string;
  line: number;
  checkpoint: SignedCheckpoint;
}

export type WitnessRead =
  | { readable: true; folder: string; lines: WitnessLine[]; malformed: { file: string; line: number; problem: string }[] }
  | { readable: false; folder: string; error: string; /** The folder itself does not exist. */ missing?: boolean };

/** Every checkpoint in every witness file of the folder. */
export async function readWitnessFolder(folder: string): Promise<WitnessRead> {
  let names: string[];
  try {
    await requireFolder(folder);
    names = (await readdir(folder)).filter((n) => FILE_PATTERN.test(n)).sort();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
    return { readable: false, folder, error: describeError(error), ...(missing ? { missing } : {}) };
  }
  const lines: WitnessLine[] = [];
  const malformed: { file: string; line: number; problem: string }[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(folder, name), 'utf8');
    } catch (error) {
      return { readable: false, folder, error: `${name}: ${describeError(error)}` };
    }
    parseWitnessText(name, text, lines, malformed);
  }
  return { readable: true, folder, lines, malformed };
}

function parseWitnessText(
  name: string,
  text: string,
  lines: WitnessLine[],
  malformed: { file: string; line: number; problem: string }[],
): void {
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const parsed = parseWitnessLine(raw);
    if (typeof parsed === 'string') malformed.push({ file: name, line: i + 1, problem: parsed });
    else lines.push({ file: name, line: i + 1, checkpoint: parsed });
  });
}

/**
 * The checkpoints of a file read elsewhere (an evidence pack's `audit-checkpoints.jsonl`, in the
 * witness format), as one more witness: `source` names it in the report's words.
 */
export function readWitnessText(source: string, name: string, text: string): WitnessRead & { readable: true } {
  const lines: WitnessLine[] = [];
  const malformed: { file: string; line: number; problem: string }[] = [];
  parseWitnessText(name, text, lines, malformed);
  return { readable: true, folder: source, lines, malformed };
}
