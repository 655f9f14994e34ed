import { canonicalEntry, GENESIS_HASH, sha256Hex } from '../../../electron/services/audit/canonical.js';
import type { AuditEntryLike } from '../../../electron/services/siem/types.js';

/** A hash-chained run of audit entries, like AuditLog.append writes them: fields, their canonical bytes and the bytes' hash. */
export function makeEntries(
  count: number,
  overrides: (seq: number) => Partial<Omit<AuditEntryLike, 'entry' | 'hash'>> = () => ({}),
): AuditEntryLike[] {
  const entries: AuditEntryLike[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const unhashed = {
      seq,
      at: new Date(Date.UTC(2026, 10, 24, 9, 0, seq)).toISOString(),
      actor_id: 7,
      actor_username: 'liam.chen',
      workstation: 'PRIV-WS-04',
      event: seq % 5 === 0 ? 'record.open' : 'record.list',
      resource_type: 'live_help_transcript',
      resource_id: String(100 + seq),
      outcome: (seq % 7 === 0 ? 'denied' : 'allowed') as AuditEntryLike['outcome'],
      reason: seq % 7 === 0 ? 'Training "Privacy 101" has expired' : 'Role rule: privacy analyst may open transcripts',
      details: '{}',
      prev_hash: prev,
      ...overrides(seq),
    };
    const bytes = canonicalEntry(unhashed);
    const entry = { ...unhashed, entry: bytes, hash: sha256Hex(bytes) };
    entries.push(entry);
    prev = entry.hash;
  }
  return entries;
}

/** An audit log in memory with the three functions the forwarder is given. */
export class MemoryAuditStore {
  entries: AuditEntryLike[] = [];
  cursor = 0;
  saves: number[] = [];
  fetchCalls = 0;

  constructor(entries: AuditEntryLike[] = []) {
    this.entries = entries;
  }

  fetchAfter = async (seq: number, limit: number): Promise<AuditEntryLike[]> => {
    this.fetchCalls += 1;
    return this.entries.filter((e) => e.seq > seq).slice(0, limit);
  };
  loadCursor = async (): Promise<number> => this.cursor;
  saveCursor = async (seq: number): Promise<void> => {
    this.cursor = seq;
    this.saves.push(seq);
  };
  headSeq = async (): Promise<number> => this.entries.at(-1)?.seq ?? 0;
}

/** Polls until check() is true, or fails with what it was waiting for. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
