import { describe, expect, it } from 'vitest';
import {
  CANONICAL_FIELDS,
  CANONICAL_INTEGERS,
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

  it('lists every hashed field in the order canonicalEntry writes them (SQLite builds the same array from this list)', () => {
    expect(canonicalEntry(entry)).toBe(JSON.stringify(CANONICAL_FIELDS.map((f) => entry[f])));
    expect([...CANONICAL_FIELDS].sort()).toEqual(Object.keys(entry).sort());
    expect(CANONICAL_FIELDS.filter((f) => typeof entry[f] === 'number')).toEqual([...CANONICAL_INTEGERS]);
  });
});
