/** The sign-in numbers Clearance is built to (PCI DSS v4.0.1 8.2 and 8.3). */
export const SIGN_IN_RULES = {
  /** 8.3.4: lock the account after this many failed attempts… */
  maxFailedAttempts: 10,
  /** …for at least this long. */
  lockoutMinutes: 30,
  /** 8.2.8: re-authenticate after this long idle. */
  idleMinutes: 15,
  /** 8.3.6: minimum length, with letters and digits. */
  minPasswordLength: 12,
  /** 8.3.7: a new password may not equal any of the last this many. */
  passwordHistory: 4,
} as const;
