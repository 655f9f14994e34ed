import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditLogTableSql } from '../../db/auditLogTable.js';
import {
  CANONICAL_FIELDS,
  canonicalEntry,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  type HashableEntry,
} from '../../electron/services/audit/canonical.js';

const entry: HashableEntry = {
  seq: 1,
  at: '2026-11-24T09:00:00.000Z',
  actor_id: 7,
  actor_username: 'liam.chen',
  workstation: 'ws-1',
  event: 'record.open',
  resource_type: 'live_help_transcript',
  resource_id: '12',
  outcome: 'allowed',
  reason: 'role rule',
  details: '{}',
  prev_hash: GENESIS_HASH,
};

describe('canonical JSON', () => {
  it('sorts keys at every level, so key order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 'x' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('audit entry hash', () => {
  it('is SHA-256 hex and stable', () => {
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(entry)).toBe(entryHash({ ...entry }));
  });
  it('changes when any field changes, including the previous hash', () => {
    const base = entryHash(entry);
    const variants: Partial<HashableEntry>[] = [
      { seq: 2 },
      { at: '2026-11-24T09:00:00.001Z' },
      { actor_id: 8 },
      { actor_username: 'x' },
      { workstation: 'ws-2' },
      { event: 'record.list' },
      { resource_type: 'card' },
      { resource_id: '13' },
      { outcome: 'denied' },
      { reason: 'other' },
      { details: '{"a":1}' },
      { prev_hash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(entryHash({ ...entry, ...v }), JSON.stringify(v)).not.toBe(base);
  });

  it('lists every hashed field in the order canonicalEntry writes them (the database reads each field from its place in the bytes)', () => {
    expect(canonicalEntry(entry)).toBe(JSON.stringify(CANONICAL_FIELDS.map((f) => entry[f])));
    expect([...CANONICAL_FIELDS].sort()).toEqual(Object.keys(entry).sort());
    // db/auditLogTable.ts: seq is the key, and every other field is generated from its element of the stored
    // bytes, declared integer exactly where canonicalEntry writes a number.
    const generated = CANONICAL_FIELDS.slice(1).map((f, i) => [f, typeof entry[f] === 'number' ? 'integer' : 'text', String(i + 1)]);
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const table = auditLogTableSql(dialect);
      expect(table, dialect).toMatch(/^create table audit_log \(seq integer primary key, entry text not null, hash text not null, /);
      const columns = [...table.matchAll(/(\w+) (text|integer) generated always as \(+entry(?:::json)? ->> (\d+)\)/g)];
      expect(
        columns.map(([, name, type, element]) => [name, type, element]),
        dialect,
      ).toEqual(generated);
    }
  });

  it('gives back every field when SQLite stores it as the audit table does', () => {
    const sqlite = new BetterSqlite3(':memory:');
    try {
      sqlite.exec(auditLogTableSql('sqlite'));
      const bytes = canonicalEntry(entry);
      sqlite.prepare('insert into audit_log (seq, entry, hash) values (?, ?, ?)').run(entry.seq, bytes, entryHash(entry));
      const stored = sqlite.prepare('select * from audit_log').get() as Record<string, unknown>;
      expect(stored).toEqual({ ...entry, entry: bytes, hash: entryHash(entry) });
      // And a field with what JSON escapes (quotes, a backslash, a line break, a non-ASCII letter) reads back as written.
      const tricky = { ...entry, seq: 2, reason: 'a "quoted" \\ path\nZoé', actor_id: null };
      sqlite.prepare('insert into audit_log (seq, entry, hash) values (?, ?, ?)').run(2, canonicalEntry(tricky), entryHash(tricky));
      expect(sqlite.prepare('select reason, actor_id from audit_log where seq = 2').get()).toEqual({
        reason: tricky.reason,
        actor_id: null,
      });
    } finally {
      sqlite.close();
    }
  });
});
