/**
 * The registry of sealed columns: every column that holds a value sealed under the key hierarchy.
 * Rotation walks this list and re-seals every value under the new version, so a feature that
 * stores a protected value registers its column here, in one line, and nothing else is needed.
 * The context bound into each sealed value names the table, the column and the row (by a column
 * that does not change), so a sealed value copied to another row or column does not open.
 */
import type { Database } from '../../../db/schema.js';
import type { LookupDomain } from './lookupHash.js';
import type { SealPurpose } from './purposes.js';

type ColumnOf<T extends keyof Database> = Extract<keyof Database[T], string>;

interface SealedColumnSpec<T extends keyof Database> {
  table: T;
  /** The primary key column (a rotation updates one row at a time by it). */
  idColumn: ColumnOf<T>;
  /** The sealed column (`cv1.<version>.…`, or null). */
  column: ColumnOf<T>;
  purpose: SealPurpose;
  /** The column whose value names the row in the sealed value's context (never changes for the row). */
  contextColumn: ColumnOf<T>;
  /** A lookup hash kept beside the value (`<version>:<hex>`), recomputed when the value is re-sealed. */
  lookup?: { column: ColumnOf<T>; domain: LookupDomain };
}

export interface SealedColumn {
  readonly table: keyof Database;
  readonly idColumn: string;
  readonly column: string;
  readonly purpose: SealPurpose;
  readonly contextColumn: string;
  readonly lookup?: { readonly column: string; readonly domain: LookupDomain } | undefined;
}

function sealedColumn<T extends keyof Database>(spec: SealedColumnSpec<T>): SealedColumn {
  return Object.freeze({ ...spec });
}

/** Full card numbers of pending orders (PCI DSS 3.5.1), bound to the order id. */
export const CARD_NUMBER_COLUMN = sealedColumn({
  table: 'card_transactions',
  idColumn: 'id',
  column: 'pan_ciphertext',
  purpose: 'card-numbers',
  contextColumn: 'order_id',
});

/** Every sealed column. Add a line here for a new one (multi-factor secrets, SSNs, dates of birth…). */
export const SEALED_COLUMNS: readonly SealedColumn[] = Object.freeze([CARD_NUMBER_COLUMN]);

/** The context a value of this column and row is sealed with, e.g. `card_transactions.pan_ciphertext:ORD-123`. */
export function sealedContext(column: SealedColumn, rowKey: string | number): string {
  return `${column.table}.${column.column}:${rowKey}`;
}
