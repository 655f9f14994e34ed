/**
 * The audit trail's table from migration 090 on: each entry is stored once, as the exact bytes its
 * hash covers (`entry`, a JSON array of its fields in canonical order), and every field is a column
 * generated from those bytes. Verifying an entry is then hashing the bytes the database holds, and
 * no field can say something its hash does not cover: on SQLite the fields are computed from the
 * bytes whenever they are read (VIRTUAL), so only a change to this definition could part them (the
 * verifier checks it, `sqliteAuditTableIntact`); on PostgreSQL they are computed when the entry is
 * written (STORED), and the verifier compares them with the bytes entry by entry.
 */
import type { DialectName } from './connection.js';

/** The canonical fields after seq, in the order of the entry's JSON array (element 0 is seq). */
const GENERATED: readonly { name: string; type: 'text' | 'integer'; notNull: boolean; check?: string }[] = [
  { name: 'at', type: 'text', notNull: true },
  { name: 'actor_id', type: 'integer', notNull: false },
  { name: 'actor_username', type: 'text', notNull: false },
  { name: 'workstation', type: 'text', notNull: true },
  { name: 'event', type: 'text', notNull: true },
  { name: 'resource_type', type: 'text', notNull: false },
  { name: 'resource_id', type: 'text', notNull: false },
  { name: 'outcome', type: 'text', notNull: true, check: "outcome in ('allowed', 'denied')" },
  { name: 'reason', type: 'text', notNull: true },
  { name: 'details', type: 'text', notNull: true },
  { name: 'prev_hash', type: 'text', notNull: true },
];

/** CREATE TABLE for the audit trail in this dialect. */
export function auditLogTableSql(dialect: DialectName): string {
  const columns = GENERATED.map((c, i) => {
    const element = i + 1;
    const value =
      dialect === 'postgres'
        ? c.type === 'integer'
          ? `((entry::json ->> ${element})::integer)`
          : `(entry::json ->> ${element})`
        : `(entry ->> ${element})`;
    const kind = dialect === 'postgres' ? 'stored' : 'virtual';
    return `${c.name} ${c.type} generated always as ${value} ${kind}${c.notNull ? ' not null' : ''}${c.check ? ` check (${c.check})` : ''}`;
  });
  return `create table audit_log (seq integer primary key, entry text not null, hash text not null, ${columns.join(', ')})`;
}

/** The indexes the viewer, monitoring and "who accessed" read the trail through. */
export const AUDIT_LOG_INDEXES = [
  'create index audit_log_actor on audit_log (actor_id, seq)',
  'create index audit_log_resource on audit_log (resource_type, resource_id)',
  'create index audit_log_event on audit_log (event, seq)',
  'create index audit_log_at on audit_log (at)',
] as const;

/**
 * True when SQLite still holds the audit table exactly as `auditLogTableSql` defines it: every
 * field the product shows is then computed from the bytes the hash covers. Anything else (a
 * generated column redefined by editing the file's schema) is for the verifier to walk entry by entry.
 */
export function sqliteAuditTableIntact(storedSql: string | null | undefined): boolean {
  const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return storedSql != null && normalize(storedSql) === normalize(auditLogTableSql('sqlite'));
}
