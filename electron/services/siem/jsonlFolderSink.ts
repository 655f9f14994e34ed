/**
 * JSON Lines in a folder the SIEM's collector reads: one object per entry, appended to a file per
 * UTC day of writing (clearance-audit-YYYY-MM-DD.jsonl), flushed to disk with fsync after each batch.
 * Entries already in the newest file (by seq) are skipped, so a retried batch is not written twice.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../clock.js';
import { failure } from './describeError.js';
import type { AuditEntryLike, AuditSink, JsonlFolderSettings } from './types.js';

const FILE_PATTERN = /^clearance-audit-\d{4}-\d{2}-\d{2}\.jsonl$/;
export const TEST_FILE_NAME = 'clearance-audit-test.jsonl';
const TAIL_BYTES = 256 * 1024;

export function dailyFileName(at: Date): string {
  return `clearance-audit-${at.toISOString().slice(0, 10)}.jsonl`;
}

/** The entry's fields in a fixed order; details stay the stored string, since the hash covers that string. */
export function jsonLine(e: AuditEntryLike): string {
  return JSON.stringify({
    seq: Number(e.seq),
    at: e.at,
    event: e.event,
    outcome: e.outcome,
    actor_id: e.actor_id,
    actor_username: e.actor_username,
    workstation: e.workstation,
    resource_type: e.resource_type,
    resource_id: e.resource_id,
    reason: e.reason,
    details: e.details,
    prev_hash: e.prev_hash,
    hash: e.hash,
  });
}

export class JsonlFolderSink implements AuditSink {
  readonly description: string;
  /** Highest seq known to be in the files; undefined until read back from them. */
  private lastWrittenSeq: number | null | undefined;

  constructor(
    private readonly settings: Omit<JsonlFolderSettings, 'kind'>,
    private readonly clock: Clock,
  ) {
    if (!settings.folder.trim()) throw new Error('the folder is empty');
    this.description = `JSON Lines files in ${settings.folder}`;
  }

  async write(entries: readonly AuditEntryLike[]): Promise<void> {
    try {
      await this.checkFolder();
      if (this.lastWrittenSeq === undefined) this.lastWrittenSeq = await this.readLastWrittenSeq();
      const after = this.lastWrittenSeq;
      const fresh = entries.filter((e) => after === null || Number(e.seq) > after);
      if (fresh.length === 0) return;
      const path = join(this.settings.folder, dailyFileName(this.clock.now()));
      await appendDurably(path, fresh.map((e) => `${jsonLine(e)}\n`).join(''));
      this.lastWrittenSeq = Number(fresh[fresh.length - 1]!.seq);
    } catch (error) {
      // What reached the file is unknown now: read it back before the next batch.
      this.lastWrittenSeq = undefined;
      throw failure(`could not write to ${this.settings.folder}`, error);
    }
  }

  /** Writes a test line to its own file, so the real files only ever hold audit entries. */
  async sendTest(at: Date, workstation: string): Promise<void> {
    try {
      await this.checkFolder();
      const line = JSON.stringify({
        test: true,
        at: at.toISOString(),
        workstation,
        message: 'Clearance SIEM forwarding test, not an audit entry',
      });
      const handle = await open(join(this.settings.folder, TEST_FILE_NAME), 'w');
      try {
        await handle.writeFile(`${line}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw failure(`could not write to ${this.settings.folder}`, error);
    }
  }

  async close(): Promise<void> {}

  /** The folder is not created: a missing one usually means an unmounted share, and files must not land beside it. */
  private async checkFolder(): Promise<void> {
    const info = await stat(this.settings.folder);
    if (!info.isDirectory()) throw new Error('it is not a folder');
  }

  private async readLastWrittenSeq(): Promise<number | null> {
    const names = (await readdir(this.settings.folder)).filter((n) => FILE_PATTERN.test(n)).sort();
    for (const name of names.slice(-3).reverse()) {
      const seq = await lastSeqIn(join(this.settings.folder, name));
      if (seq !== null) return seq;
    }
    return null;
  }
}

async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a+');
  let last: number | null;
  try {
    last = await lastByte(handle);
    // A line cut short by a crash must not swallow the next entry: start on a fresh line.
    await handle.appendFile(last !== null && last !== 0x0a ? `\n${text}` : text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (last === null) await syncFolder(dirname(path));
}

/** Makes a new file's name durable too. Best effort: Windows cannot open a folder for fsync. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on this platform.
  }
}

async function lastByte(handle: FileHandle): Promise<number | null> {
  const { size } = await handle.stat();
  if (size === 0) return null;
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, size - 1);
  return byte[0]!;
}

async function lastSeqIn(path: string): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    const lines = tail.toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i -= 1) {
      try {
        const parsed: unknown = JSON.parse(lines[i]!);
        if (parsed && typeof parsed === 'object' && 'seq' in parsed && Number.isInteger(parsed.seq)) return parsed.seq as number;
      } catch {
        // A partial or foreign line: look further back.
      }
    }
    return null;
  } finally {
    await handle.close();
  }
}
