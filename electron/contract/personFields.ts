/** The fields that describe a staff member, validated the same way wherever a person is entered. */
import { z } from 'zod';

export const requiredText = (what: string, max: number) =>
  z.string().trim().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`);

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,49}$/,
    'Use 2 to 50 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit.',
  );
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'Enter an e-mail address like name@agency.gov.');
export const EmployeeId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,20}$/, 'Use the employee ID from your staff roster: up to 20 letters, digits or hyphens.');
export const PersonName = requiredText('the full name', 120);
export const DepartmentName = requiredText('a department name', 80);
/** Why an administrator does something to an account: it goes into the audit entry. */
export const Reason = requiredText('a reason', 500);
