import { SIGN_IN_RULES } from './signInRules.js';
import { verifyPassword } from './passwordHash.js';

/** Problems with a proposed password, in words; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < SIGN_IN_RULES.minPasswordLength) {
    problems.push(`Use at least ${SIGN_IN_RULES.minPasswordLength} characters.`);
  }
  if (!/\p{L}/u.test(password)) problems.push('Include at least one letter.');
  if (!/\p{Nd}/u.test(password)) problems.push('Include at least one digit.');
  return problems;
}

/** True when the password matches the current hash or any kept previous hash. */
export async function isRecentlyUsed(password: string, recentHashes: readonly string[]): Promise<boolean> {
  for (const hash of recentHashes.slice(0, SIGN_IN_RULES.passwordHistory)) {
    if (await verifyPassword(password, hash)) return true;
  }
  return false;
}
