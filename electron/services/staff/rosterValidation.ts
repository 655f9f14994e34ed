/**
 * Validates a roster CSV as a whole before anything changes: a file with any error imports
 * nothing, and every error names its row and column. Pure: it is given what the database knows.
 */
import { parse } from 'csv-parse/sync';
import type { RosterError } from '../../contract/roster.js';
import { ROLE_KEYS, type RoleKey } from '../../contract/roles.js';

export const ROSTER_COLUMNS = [
  'employee_id',
  'name',
  'email',
  'department',
  'supervisor_employee_id',
  'hire_date',
  'roles',
  'status',
] as const;

/**
 * Columns a roster may carry or leave out: the person's own phone and home address, as HR holds
 * them (privacy monitoring's family rule compares them with the people records are about).
 * Absent, they leave what is stored unchanged; present and empty, they clear it.
 */
export const OPTIONAL_ROSTER_COLUMNS = ['phone', 'home_address'] as const;

export interface RosterRow {
  row: number;
  employeeId: string;
  name: string;
  email: string;
  department: string;
  supervisorEmployeeId: string | null;
  hireDate: string;
  roles: RoleKey[];
  status: 'active' | 'terminated';
  /** undefined when the file has no such column. */
  phone?: string | null;
  homeAddress?: string | null;
}

export interface KnownStaff {
  employeeId: string;
  supervisorEmployeeId: string | null;
}

const isRole = (r: string): r is RoleKey => (ROLE_KEYS as readonly string[]).includes(r);

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function validateRoster(csv: string, known: readonly KnownStaff[]): { rows: RosterRow[]; errors: RosterError[] } {
  const errors: RosterError[] = [];
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    return {
      rows: [],
      errors: [{ row: 1, column: '-', message: `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const missing = ROSTER_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      rows: [],
      errors: [
        {
          row: 1,
          column: missing.join(', '),
          message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. The first row must name the columns ${ROSTER_COLUMNS.join(', ')}.`,
        },
      ],
    };
  if (records.length < 2) return { rows: [], errors: [{ row: 1, column: '-', message: 'The file has no staff rows.' }] };
  const col = (r: string[], name: (typeof ROSTER_COLUMNS)[number]) => r[header.indexOf(name)] ?? '';
  const optional = (r: string[], name: (typeof OPTIONAL_ROSTER_COLUMNS)[number]) =>
    header.includes(name) ? (r[header.indexOf(name)] ?? '').trim() || null : undefined;

  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((r, i) => {
    const row = i + 2;
    const err = (column: string, message: string) => errors.push({ row, column, message });
    const employeeId = col(r, 'employee_id');
    if (!employeeId) err('employee_id', 'Employee id is missing.');
    else if (seen.has(employeeId)) err('employee_id', `Duplicate employee id ${employeeId} (also on row ${seen.get(employeeId)}).`);
    else seen.set(employeeId, row);
    const name = col(r, 'name');
    if (!name) err('name', 'Name is missing.');
    const email = col(r, 'email');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) err('email', `"${email}" is not an e-mail address.`);
    const department = col(r, 'department');
    if (!department) err('department', 'Department is missing.');
    const hireDate = col(r, 'hire_date');
    if (!validDate(hireDate)) err('hire_date', `"${hireDate}" is not a date; use YYYY-MM-DD, such as 2026-11-24.`);
    const roleList = col(r, 'roles')
      .split(/[;|]/)
      .map((x) => x.trim())
      .filter(Boolean);
    const unknown = roleList.filter((x) => !isRole(x));
    if (unknown.length)
      err('roles', `Unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known roles: ${ROLE_KEYS.join(', ')}.`);
    const status = col(r, 'status').toLowerCase();
    if (status !== 'active' && status !== 'terminated') err('status', `Status must be "active" or "terminated", not "${status}".`);
    const roles = [...new Set(['staff', ...roleList.filter(isRole)])] as RoleKey[];
    rows.push({
      row,
      employeeId,
      name,
      email,
      department,
      supervisorEmployeeId: col(r, 'supervisor_employee_id') || null,
      hireDate,
      roles,
      status: status === 'terminated' ? 'terminated' : 'active',
      ...(header.includes('phone') ? { phone: optional(r, 'phone') } : {}),
      ...(header.includes('home_address') ? { homeAddress: optional(r, 'home_address') } : {}),
    });
  });

  // Supervisors must exist in the file or the database, and the chain must not loop.
  const fileIds = new Set(rows.map((r) => r.employeeId));
  const knownIds = new Map(known.map((k) => [k.employeeId, k.supervisorEmployeeId]));
  const supervisorOf = new Map<string, string | null>(knownIds);
  for (const r of rows) supervisorOf.set(r.employeeId, r.supervisorEmployeeId);
  for (const r of rows) {
    if (r.supervisorEmployeeId && !fileIds.has(r.supervisorEmployeeId) && !knownIds.has(r.supervisorEmployeeId)) {
      errors.push({
        row: r.row,
        column: 'supervisor_employee_id',
        message: `Supervisor ${r.supervisorEmployeeId} is neither in this file nor among existing staff.`,
      });
    }
    if (r.supervisorEmployeeId === r.employeeId) {
      errors.push({ row: r.row, column: 'supervisor_employee_id', message: `${r.employeeId} cannot supervise themselves.` });
      continue;
    }
    const chain = [r.employeeId];
    let next = r.supervisorEmployeeId;
    while (next && chain.length <= supervisorOf.size + 1) {
      if (chain.includes(next)) {
        errors.push({ row: r.row, column: 'supervisor_employee_id', message: `Supervisor loop: ${[...chain, next].join(' → ')}.` });
        break;
      }
      chain.push(next);
      next = supervisorOf.get(next) ?? null;
    }
  }
  return { rows, errors: errors.sort((a, b) => a.row - b.row) };
}
