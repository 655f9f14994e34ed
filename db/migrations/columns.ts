import type { ColumnDefinitionBuilder } from 'kysely';
import type { DialectName } from '../connection.js';

/** An auto-numbered integer primary key in either dialect. */
export function autoId(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

/** Rejects UPDATE and DELETE on an append-only table, enforced by the database itself. */
export function appendOnlySql(dialect: DialectName, table: string): string[] {
  if (dialect === 'postgres') {
    return [
      `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
      `CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
    ];
  }
  return [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ];
}
