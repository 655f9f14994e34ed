/**
 * Audit entries as someone with the database writes them outside the app. The table stores each
 * entry as its canonical bytes and their hash (db/auditLogTable.ts), and computes every field from
 * the bytes: so an edit of a field is an edit of the bytes, with the old hash kept (an edit the chain
 * shows) or a new one computed (a forgery only the checkpoints can show).
 */
import type { AuditEntry } from '../../db/schema.js';
import { canonicalEntry, sha256Hex } from '../../electron/services/audit/canonical.js';

/** The entry with some fields changed and its bytes to match, its stored hash kept: an edit without the chain's help. */
export function edited(e: AuditEntry, changes: Partial<Omit<AuditEntry, 'entry' | 'hash'>>): AuditEntry {
  const fields = { ...e, ...changes };
  return { ...fields, entry: canonicalEntry(fields), hash: e.hash };
}

/** The entry with some fields changed, its bytes to match and its hash recomputed: a well-formed forgery. */
export function forged(e: AuditEntry, changes: Partial<Omit<AuditEntry, 'entry' | 'hash'>> = {}): AuditEntry {
  const fields = { ...e, ...changes };
  const entry = canonicalEntry(fields);
  return { ...fields, entry, hash: sha256Hex(entry) };
}

/** The columns an entry is written with: its bytes and their hash (the fields are computed by the database). */
export function storedColumns(e: AuditEntry): { seq: number; entry: string; hash: string } {
  return { seq: e.seq, entry: e.entry, hash: e.hash };
}
