/**
 * A key-check value (as banks print beside a key): a one-way 128-bit value derived from a master
 * key version under its own HKDF label. The database stores it, so a workstation whose local copy
 * differs (another deployment's key, a damaged file) finds out at once instead of failing to
 * open values later. It reveals nothing of the key or of any purpose key.
 */
import { timingSafeEqual } from 'node:crypto';
import { hkdfSha256 } from './hkdf.js';
import { assertMasterKey, type MasterKey } from './masterKey.js';

export const KEY_CHECK_INFO = 'clearance/v1/key-check';

export function keyCheckValue(master: MasterKey): string {
  assertMasterKey(master.version, master.bytes);
  return hkdfSha256(master.bytes, Buffer.alloc(0), `${KEY_CHECK_INFO}/${master.version}`, 16).toString('hex');
}

export function matchesKeyCheck(master: MasterKey, checkValue: string): boolean {
  const expected = Buffer.from(keyCheckValue(master), 'hex');
  const given = Buffer.from(checkValue, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
