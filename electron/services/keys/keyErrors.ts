/**
 * Typed failures of the key hierarchy. They are AppErrors, so the router shows their words;
 * the words never contain key bytes, plaintext or the caller's context string.
 */
import { AppError } from '../errors.js';

/** A master key version this workstation does not hold (retired, or never given to it). */
export class UnknownKeyVersionError extends AppError {
  constructor(readonly version: number) {
    super(
      'UNAVAILABLE',
      `This needs master key version ${version}, which this workstation does not hold: it was retired, or never given to this workstation.`,
    );
    this.name = 'UnknownKeyVersionError';
  }
}

/** A sealed value that is malformed, altered, or presented for another purpose or record. */
export class SealedValueRejectedError extends AppError {
  constructor(readonly reason: 'malformed' | 'integrity') {
    super(
      'CONFLICT',
      reason === 'malformed'
        ? 'A stored protected value is not in the sealed format and cannot be opened.'
        : 'A stored protected value failed its integrity check: it was altered, or it belongs to another record or purpose.',
    );
    this.name = 'SealedValueRejectedError';
  }
}

/** A wrapped master key that is malformed, altered, for another request, or for another workstation's key. */
export class WrappedKeyRejectedError extends AppError {
  constructor(readonly reason: 'malformed' | 'integrity') {
    super(
      'CONFLICT',
      reason === 'malformed'
        ? 'The wrapped master key is not in the expected format.'
        : "The wrapped master key could not be opened: it was altered, it was made for another enrolment request, or it was made for another workstation's key.",
    );
    this.name = 'WrappedKeyRejectedError';
  }
}

/** A secret sealed locally that the local sealing key cannot open (altered, or sealed under another key). */
export class SealedSecretRejectedError extends AppError {
  constructor() {
    super('CONFLICT', 'A locally sealed secret could not be opened: it was altered, or it was sealed under another key.');
    this.name = 'SealedSecretRejectedError';
  }
}
