import { randomBytes } from 'node:crypto';

/**
 * A password an administrator hands over (a new account, a reset): 16 characters from an
 * unambiguous alphabet, always with letters and digits. The holder must change it at first sign-in.
 */
export function oneTimePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = randomBytes(16);
  const chars = [...bytes].map(
    (b, i) => (i === 0 ? letters : i === 1 ? digits : all)[b % (i === 0 ? letters.length : i === 1 ? digits.length : all.length)],
  );
  return chars.join('');
}
