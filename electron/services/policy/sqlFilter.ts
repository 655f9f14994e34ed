/**
 * Turns a CASL ability's conditions into a SQL WHERE through Kysely, so lists return only the
 * rows a person may see and counts count only those rows. Works the same on SQLite and PostgreSQL.
 */
import { rulesToAST } from '@casl/ability/extra';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { RecordAbility } from './recordAbility.js';
import type { RecordSubject } from '../../contract/records.js';
import type { RecordAction } from './recordRules.js';

interface AstNode {
  operator: string;
  field?: string;
  value: unknown;
}

/** Only these record fields may appear in a policy condition. */
const FILTERABLE = new Set(['id', 'department_id', 'status']);

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

// The builder is typed loosely on purpose: the same filter serves three record tables.
type AnyEb = ExpressionBuilder<Record<string, Record<string, unknown>>, string>;

function toSql(eb: AnyEb, node: AstNode): Expression<SqlBool> {
  const children = () => (node.value as AstNode[]).map((c) => toSql(eb, c));
  switch (node.operator) {
    case 'and':
      return (node.value as AstNode[]).length ? eb.and(children()) : TRUE;
    case 'or':
      return (node.value as AstNode[]).length ? eb.or(children()) : FALSE;
    case 'not':
      return eb.not(toSql(eb, (node.value as AstNode[])[0] ?? (node.value as AstNode)));
  }
  if (!node.field || !FILTERABLE.has(node.field)) throw new Error(`policy condition on an unfilterable field: ${String(node.field)}`);
  const column = eb.ref(node.field);
  switch (node.operator) {
    case 'eq':
      return eb(column, '=', node.value);
    case 'ne':
      return eb(column, '<>', node.value);
    case 'in':
      return eb(column, 'in', node.value as unknown[]);
    case 'nin':
      return eb(column, 'not in', node.value as unknown[]);
    default:
      throw new Error(`policy operator not supported in SQL: ${node.operator}`);
  }
}

/** The WHERE for what `action` allows on `subject`, or null when nothing is allowed at all. */
export function permittedWhere(
  ability: RecordAbility,
  action: RecordAction,
  subject: RecordSubject,
): ((eb: AnyEb) => Expression<SqlBool>) | null {
  const ast = rulesToAST(ability, action, subject) as AstNode | null;
  if (!ast) return null;
  return (eb) => toSql(eb, ast);
}
