import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../../../db/schema.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON with object keys sorted at every level, so equal data always hashes equally. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Every column of an audit entry but its own hash: what the hash covers. */
export type HashableEntry = Omit<AuditLogTable, 'hash'>;

/** SHA-256 over the canonical form of every field of the entry, including the previous hash. */
export function entryHash(e: HashableEntry): string {
  const canonical = canonicalJson([
    e.seq,
    e.at,
    e.actor_id,
    e.actor_username,
    e.workstation,
    e.event,
    e.resource_type,
    e.resource_id,
    e.outcome,
    e.reason,
    e.details,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
