import type { ErrorCode } from '../contract/result.js';

/**
 * An expected failure with a message a person can act on. Services throw it; the router
 * turns it into `{ ok: false, code, message }`. Anything else thrown is a bug and is reported
 * to the renderer only as INTERNAL, without its details.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Whether an error means the database could not be reached (the router answers UNAVAILABLE). */
export { isConnectionError } from '../../db/connectionErrors.js';
