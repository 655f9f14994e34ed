/**
 * SSNs and dates of birth at rest: sealed under the sensitive-fields purpose key (AES-256-GCM,
 * bound to the record's id), each with a keyed hash beside it for an exact-match search. Only an
 * SSN's last four digits stay readable, for the masked display. Values written before this
 * existed are sealed at the first start that holds the master key (`sealCarriedOver`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { KeyRing } from '../keys/keyRing.js';
import type { KeyService } from '../keys/keyService.js';
import { normalizeLookupValue } from '../keys/lookupHash.js';
import { DATE_OF_BIRTH_COLUMN, SSN_COLUMN, sealedContext } from '../keys/sealedColumns.js';

export interface PersonalSensitiveValues {
  ssn: string | null;
  dateOfBirth: string | null;
}

/** The columns of personal_records that hold the two values. */
export interface SealedPersonalColumns {
  ssn_sealed: string | null;
  ssn_lookup: string | null;
  ssn_last4: string | null;
  date_of_birth_sealed: string | null;
  date_of_birth_lookup: string | null;
}

/** `123-45-6789`, whatever separators were typed; AppError INVALID_INPUT (without the value) otherwise. */
export function normalizeSsn(value: string): string {
  const digits = normalizeLookupValue('ssn', value);
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

export function sealSsn(
  ring: KeyRing,
  recordId: number,
  ssn: string,
): Pick<SealedPersonalColumns, 'ssn_sealed' | 'ssn_lookup' | 'ssn_last4'> {
  const formatted = normalizeSsn(ssn);
  return {
    ssn_sealed: ring.seal(SSN_COLUMN.purpose, formatted, sealedContext(SSN_COLUMN, recordId)),
    ssn_lookup: ring.lookupHash('ssn', formatted),
    ssn_last4: formatted.slice(-4),
  };
}

export function sealDateOfBirth(
  ring: KeyRing,
  recordId: number,
  dateOfBirth: string,
): Pick<SealedPersonalColumns, 'date_of_birth_sealed' | 'date_of_birth_lookup'> {
  const date = normalizeLookupValue('date-of-birth', dateOfBirth);
  return {
    date_of_birth_sealed: ring.seal(DATE_OF_BIRTH_COLUMN.purpose, date, sealedContext(DATE_OF_BIRTH_COLUMN, recordId)),
    date_of_birth_lookup: ring.lookupHash('date-of-birth', date),
  };
}

/** Both values as the record stores them (a null value stores nulls). */
export function sealPersonalFields(ring: KeyRing, recordId: number, values: PersonalSensitiveValues): SealedPersonalColumns {
  return {
    ...(values.ssn ? sealSsn(ring, recordId, values.ssn) : { ssn_sealed: null, ssn_lookup: null, ssn_last4: null }),
    ...(values.dateOfBirth
      ? sealDateOfBirth(ring, recordId, values.dateOfBirth)
      : { date_of_birth_sealed: null, date_of_birth_lookup: null }),
  };
}

export function openSsn(ring: KeyRing, recordId: number, sealed: string): string {
  return ring.openText(SSN_COLUMN.purpose, sealed, sealedContext(SSN_COLUMN, recordId));
}

export function openDateOfBirth(ring: KeyRing, recordId: number, sealed: string): string {
  return ring.openText(DATE_OF_BIRTH_COLUMN.purpose, sealed, sealedContext(DATE_OF_BIRTH_COLUMN, recordId));
}

export type SensitiveFieldKey = 'ssn' | 'date_of_birth';

/** The sealed and carried-over columns a reveal reads. */
export interface SensitiveRow {
  id: number;
  ssn_sealed: string | null;
  date_of_birth_sealed: string | null;
  unsealed_ssn: string | null;
  unsealed_date_of_birth: string | null;
}

const CARRY_OVER_BATCH = 200;

export class SensitiveFieldCipher {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: KeyService,
  ) {}

  async ring(): Promise<KeyRing> {
    const ring = await this.keys.ring();
    if (!ring.available) {
      throw new AppError(
        'UNAVAILABLE',
        `Social Security numbers and dates of birth cannot be stored or shown on this workstation: ${ring.unavailableReason ?? 'no protected key store is available'}.`,
      );
    }
    return ring;
  }

  async seal(recordId: number, values: PersonalSensitiveValues): Promise<SealedPersonalColumns> {
    return sealPersonalFields(await this.ring(), recordId, values);
  }

  /** The value of one field in clear (for a reveal), or null when none is on file. */
  async open(field: SensitiveFieldKey, row: SensitiveRow): Promise<string | null> {
    const sealed = field === 'ssn' ? row.ssn_sealed : row.date_of_birth_sealed;
    if (sealed) {
      const ring = await this.ring();
      return field === 'ssn' ? openSsn(ring, row.id, sealed) : openDateOfBirth(ring, row.id, sealed);
    }
    return field === 'ssn' ? row.unsealed_ssn : row.unsealed_date_of_birth;
  }

  /**
   * Seals the values a database held in clear before migration 035, in batches, and clears the
   * clear copies (SQLite's secure_delete zeroes their bytes). Nothing happens without the key.
   * Returns how many records were sealed.
   */
  async sealCarriedOver(): Promise<number> {
    const ring = await this.keys.ring();
    if (!ring.available) return 0;
    let sealed = 0;
    for (;;) {
      const rows = await stillInClear(this.ctx.db).limit(CARRY_OVER_BATCH).execute();
      if (rows.length === 0) return sealed;
      await this.ctx.db.transaction().execute(async (trx) => {
        for (const row of rows) {
          const id = Number(row.id);
          await trx
            .updateTable('personal_records')
            .set({
              ...(row.unsealed_ssn ? sealSsnLenient(ring, id, row.unsealed_ssn) : {}),
              ...(row.unsealed_date_of_birth ? sealDateOfBirthLenient(ring, id, row.unsealed_date_of_birth) : {}),
              unsealed_ssn: null,
              unsealed_date_of_birth: null,
            })
            .where('id', '=', id)
            .execute();
        }
      });
      sealed += rows.length;
    }
  }
}

/**
 * The personal records still holding a value in clear, in id order. Every start asks; the partial
 * index of migration 080 holds exactly these rows, so on a sealed database the answer is instant.
 */
export function stillInClear(db: Kysely<Database>) {
  return db
    .selectFrom('personal_records')
    .select(['id', 'unsealed_ssn', 'unsealed_date_of_birth'])
    .where((eb) => eb.or([eb('unsealed_ssn', 'is not', null), eb('unsealed_date_of_birth', 'is not', null)]))
    .orderBy('id');
}

/** A carried-over value that is not a valid SSN is still sealed (as typed), only without a lookup hash. */
function sealSsnLenient(ring: KeyRing, id: number, value: string): Pick<SealedPersonalColumns, 'ssn_sealed' | 'ssn_lookup' | 'ssn_last4'> {
  try {
    return sealSsn(ring, id, value);
  } catch {
    return {
      ssn_sealed: ring.seal(SSN_COLUMN.purpose, value, sealedContext(SSN_COLUMN, id)),
      ssn_lookup: null,
      ssn_last4: value.replace(/\D/g, '').slice(-4) || null,
    };
  }
}

function sealDateOfBirthLenient(
  ring: KeyRing,
  id: number,
  value: string,
): Pick<SealedPersonalColumns, 'date_of_birth_sealed' | 'date_of_birth_lookup'> {
  try {
    return sealDateOfBirth(ring, id, value);
  } catch {
    return {
      date_of_birth_sealed: ring.seal(DATE_OF_BIRTH_COLUMN.purpose, value, sealedContext(DATE_OF_BIRTH_COLUMN, id)),
      date_of_birth_lookup: null,
    };
  }
}
