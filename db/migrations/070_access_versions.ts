import { sql } from 'kysely';
import type { DialectName } from '../connection.js';
import type { Migration } from './types.js';

/**
 * A version per person that the database itself moves on at every change to what the session
 * lookup and the record policy read about them, so that a workstation may keep those facts between
 * calls and know, from the one session query, when they changed: here, on another workstation, or
 * by hand. Row 0 is the organisation's: modules, the roles that require them, departments and
 * settings (the due days, the second-factor rules) concern everyone.
 *
 * - Per person (row staff_id): staff (status, department, hire date, names, last sign-in),
 *   staff_roles, training_completions, training_progress, break_glass_grants, totp_factors.
 * - Organisation (row 0): departments, training_modules, training_module_roles, settings.
 *
 * Time needs no version: what the clock decides (a lapse, an overdue module, a grant's end) is
 * computed again at each call from the kept rows.
 */
const BY_PERSON: Record<string, string> = {
  staff: 'id',
  staff_roles: 'staff_id',
  training_completions: 'staff_id',
  training_progress: 'staff_id',
  break_glass_grants: 'staff_id',
  totp_factors: 'staff_id',
};
const ORGANISATION = ['departments', 'training_modules', 'training_module_roles', 'settings'];
const EVENTS = ['insert', 'update', 'delete'] as const;

function accessVersionSql(dialect: DialectName): string[] {
  if (dialect === 'postgres') {
    const out = [
      `CREATE FUNCTION bump_access_version(k integer) RETURNS void LANGUAGE sql AS $$
         INSERT INTO access_versions (staff_id, version) VALUES (k, 1)
         ON CONFLICT (staff_id) DO UPDATE SET version = access_versions.version + 1
       $$`,
      `CREATE FUNCTION access_versions_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM bump_access_version(0); RETURN NULL; END $$`,
    ];
    for (const column of new Set(Object.values(BY_PERSON))) {
      out.push(`CREATE FUNCTION access_versions_by_${column}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN PERFORM bump_access_version(OLD.${column}); END IF;
         IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.${column} IS DISTINCT FROM OLD.${column}) THEN
           PERFORM bump_access_version(NEW.${column});
         END IF;
         RETURN NULL;
       END $$`);
    }
    for (const [table, column] of Object.entries(BY_PERSON)) {
      out.push(`CREATE TRIGGER ${table}_access_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION access_versions_by_${column}()`);
    }
    for (const table of ORGANISATION) {
      out.push(`CREATE TRIGGER ${table}_access_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION access_versions_organisation()`);
    }
    return out;
  }
  // SQLite: the row may not exist yet (a person not changed since this migration). Not INSERT OR IGNORE:
  // the conflict clause of the statement that fired the trigger (an upsert of a setting) would override it.
  const bump = (key: string) =>
    `INSERT INTO access_versions (staff_id, version) SELECT ${key}, 0 WHERE NOT EXISTS (SELECT 1 FROM access_versions WHERE staff_id = ${key});
     UPDATE access_versions SET version = version + 1 WHERE staff_id = ${key};`;
  const out: string[] = [];
  for (const [table, column] of Object.entries(BY_PERSON)) {
    for (const event of EVENTS) {
      const keys = event === 'insert' ? [`NEW.${column}`] : event === 'delete' ? [`OLD.${column}`] : [`OLD.${column}`, `NEW.${column}`];
      out.push(`CREATE TRIGGER ${table}_access_version_${event} AFTER ${event.toUpperCase()} ON ${table}
       BEGIN ${keys.map(bump).join(' ')} END`);
    }
  }
  for (const table of ORGANISATION) {
    for (const event of EVENTS) {
      out.push(`CREATE TRIGGER ${table}_access_version_${event} AFTER ${event.toUpperCase()} ON ${table} BEGIN ${bump('0')} END`);
    }
  }
  return out;
}

export const accessVersions: Migration = {
  version: 70,
  name: 'access versions: moved on by the database at every change to a person’s roles, training, grants or second factor',
  async up(db, dialect) {
    await db.schema
      .createTable('access_versions')
      .addColumn('staff_id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into access_versions (staff_id, version) values (0, 0)`.execute(db);
    for (const statement of accessVersionSql(dialect)) await sql.raw(statement).execute(db);
  },
};
