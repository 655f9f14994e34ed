import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalEntry, entryHash, type HashableEntry } from '../../electron/services/audit/canonical.js';
import { ManualClock } from '../../electron/services/clock.js';
import { Forwarder } from '../../electron/services/siem/forwarder.js';
import { JsonlFolderSink, TEST_FILE_NAME } from '../../electron/services/siem/jsonlFolderSink.js';
import { testSink } from '../../electron/services/siem/sinks.js';
import { makeEntries, MemoryAuditStore, waitFor } from '../support/siem/auditEntries.js';

let folder: string;
let clock: ManualClock;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'clearance-siem-'));
  clock = new ManualClock('2026-11-24T23:59:00.000Z');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function readLines(name: string): Array<Record<string, unknown>> {
  return readFileSync(join(folder, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('JSON Lines folder sink', () => {
  it('appends one JSON object per entry, every hashed field included, to the file of the UTC day', async () => {
    const entries = makeEntries(5, (seq) => ({ reason: `raison n° ${seq}\nsur deux lignes`, details: seq === 2 ? '{"a":"b"}' : '{}' }));
    const sink = new JsonlFolderSink({ folder }, clock);
    await sink.write(entries.slice(0, 3));
    clock.advance(2 * 60_000); // past midnight UTC
    await sink.write(entries.slice(3));
    expect(readdirSync(folder).sort()).toEqual(['clearance-audit-2026-11-24.jsonl', 'clearance-audit-2026-11-25.jsonl']);
    const lines = [...readLines('clearance-audit-2026-11-24.jsonl'), ...readLines('clearance-audit-2026-11-25.jsonl')];
    // Every field of the entry and its hash; the stored bytes are not repeated, since the fields give them back.
    expect(lines).toEqual(entries.map(({ entry: _bytes, ...fields }) => fields));
    // The line is enough to re-check the chain.
    lines.forEach((line, i) => {
      const { hash, ...fields } = line as unknown as HashableEntry & { hash: string };
      expect(canonicalEntry(fields)).toBe(entries[i]!.entry);
      expect(entryHash(fields)).toBe(hash);
    });
  });

  it('writes each entry exactly once when a batch is retried or the app restarts mid-way', async () => {
    const entries = makeEntries(6);
    await new JsonlFolderSink({ folder }, clock).write(entries.slice(0, 4));
    // A new sink (app restarted) is given an overlapping batch because the cursor was not saved.
    const again = new JsonlFolderSink({ folder }, clock);
    await again.write(entries.slice(2, 6));
    await again.write(entries.slice(0, 6));
    expect(readLines('clearance-audit-2026-11-24.jsonl').map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('through the Forwarder, with a cursor save failing, the file holds every entry exactly once, in order', async () => {
    const store = new MemoryAuditStore(makeEntries(45));
    let failSave = 2;
    const forwarder = new Forwarder(
      {
        fetchAfter: store.fetchAfter,
        loadCursor: store.loadCursor,
        saveCursor: async (seq) => {
          if (failSave-- > 0) throw new Error('database is locked');
          await store.saveCursor(seq);
        },
        headSeq: store.headSeq,
        sink: new JsonlFolderSink({ folder }, clock),
        clock,
      },
      { batchSize: 8, pollIntervalMs: 50, retryInitialMs: 5, retryMaxMs: 20 },
    );
    forwarder.start();
    await waitFor(() => forwarder.status().state === 'caught_up', 'caught up');
    await forwarder.stop();
    expect(readLines('clearance-audit-2026-11-24.jsonl').map((l) => l.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(store.cursor).toBe(45);
  });

  it('starts a fresh line after a line cut short by a crash', async () => {
    const entries = makeEntries(3);
    const sink = new JsonlFolderSink({ folder }, clock);
    await sink.write(entries.slice(0, 1));
    appendFileSync(join(folder, 'clearance-audit-2026-11-24.jsonl'), '{"seq":2,"at":"2026-11-');
    await new JsonlFolderSink({ folder }, clock).write(entries.slice(1));
    const raw = readFileSync(join(folder, 'clearance-audit-2026-11-24.jsonl'), 'utf8').split('\n');
    expect(JSON.parse(raw[0]!).seq).toBe(1);
    expect(raw[1]).toBe('{"seq":2,"at":"2026-11-');
    expect(raw.slice(2, 4).map((l) => JSON.parse(l).seq)).toEqual([2, 3]);
  });

  it('fails in words on a missing folder and does not create it', async () => {
    const missing = join(folder, 'share-not-mounted');
    await expect(new JsonlFolderSink({ folder: missing }, clock).write(makeEntries(1))).rejects.toThrow(
      `could not write to ${missing}: the file or folder does not exist (ENOENT)`,
    );
    expect(existsSync(missing)).toBe(false);
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    await expect(new JsonlFolderSink({ folder: file }, clock).write(makeEntries(1))).rejects.toThrow('it is not a folder');
  });

  it('testSink writes its test line to a file of its own, never into the audit files', async () => {
    const result = await testSink({ kind: 'jsonl', folder }, { clock, workstation: 'PRIV-WS-04' });
    expect(result).toEqual({ ok: true, message: `A test message was sent: JSON Lines files in ${folder}.` });
    expect(readdirSync(folder)).toEqual([TEST_FILE_NAME]);
    expect(readLines(TEST_FILE_NAME)).toEqual([
      { test: true, at: '2026-11-24T23:59:00.000Z', workstation: 'PRIV-WS-04', message: expect.stringMatching(/not an audit entry/) },
    ]);
    const bad = await testSink({ kind: 'jsonl', folder: join(folder, 'nope') }, { clock, workstation: 'PRIV-WS-04' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/does not exist/);
  });
});
