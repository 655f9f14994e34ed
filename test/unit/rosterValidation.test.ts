import { describe, expect, it } from 'vitest';
import { validateRoster } from '../../electron/services/staff/rosterValidation.js';

const HEADER = 'employee_id,name,email,department,supervisor_employee_id,hire_date,roles,status';
const known = [
  { employeeId: 'E1', supervisorEmployeeId: null },
  { employeeId: 'E2', supervisorEmployeeId: 'E1' },
];
const check = (...lines: string[]) => validateRoster([HEADER, ...lines].join('\n'), known);

describe('roster validation (each kind of error, with its row and column)', () => {
  it('accepts a clean file', () => {
    const r = check(
      'E10,Ann Lee,ann@agency.gov,Records Management,E2,2026-11-01,records_clerk,active',
      'E11,Bo Park,bo@agency.gov,Records Management,E10,2026-11-02,,active',
    );
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ employeeId: 'E10', roles: ['staff', 'records_clerk'], status: 'active' });
  });
  it('duplicate ids', () => {
    expect(check('E10,A,a@x.gov,D,,2026-11-01,,active', 'E10,B,b@x.gov,D,,2026-11-01,,active').errors).toEqual([
      { row: 3, column: 'employee_id', message: 'Duplicate employee id E10 (also on row 2).' },
    ]);
  });
  it('unknown roles', () => {
    expect(check('E10,A,a@x.gov,D,,2026-11-01,records_clerk;wizard,active').errors).toEqual([
      expect.objectContaining({ row: 2, column: 'roles', message: expect.stringContaining('Unknown role: wizard') }),
    ]);
  });
  it('a supervisor missing from the file and from the database', () => {
    expect(check('E10,A,a@x.gov,D,E404,2026-11-01,,active').errors).toEqual([
      { row: 2, column: 'supervisor_employee_id', message: 'Supervisor E404 is neither in this file nor among existing staff.' },
    ]);
  });
  it('a supervisor loop, also through existing staff', () => {
    const loop = check('E10,A,a@x.gov,D,E11,2026-11-01,,active', 'E11,B,b@x.gov,D,E10,2026-11-01,,active');
    expect(loop.errors.map((e) => e.column)).toEqual(['supervisor_employee_id', 'supervisor_employee_id']);
    expect(loop.errors[0]!.message).toBe('Supervisor loop: E10 → E11 → E10.');
    expect(check('E1,Boss,b@x.gov,D,E2,2020-01-01,,active').errors[0]!.message).toMatch(/Supervisor loop: E1 → E2 → E1/);
  });
  it('bad dates', () => {
    for (const date of ['2026-13-01', '2026-02-30', '11/24/2026', '']) {
      expect(check(`E10,A,a@x.gov,D,,${date},,active`).errors, date).toEqual([expect.objectContaining({ row: 2, column: 'hire_date' })]);
    }
  });
  it('missing columns, bad e-mail and bad status', () => {
    expect(validateRoster('employee_id,name\nE1,A', []).errors[0]).toMatchObject({
      row: 1,
      message: expect.stringContaining('Missing columns'),
    });
    expect(check('E10,A,not-an-email,D,,2026-11-01,,active').errors[0]).toMatchObject({ column: 'email' });
    expect(check('E10,A,a@x.gov,D,,2026-11-01,,retired').errors[0]).toMatchObject({ column: 'status' });
  });
});
