import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderKeyStore, memoryKeyStore, sealedKeyCustody } from '../../electron/services/keys/custody.js';
import { workstationPublicKey } from '../../electron/services/keys/enrolment.js';
import { keyCheckValue, matchesKeyCheck } from '../../electron/services/keys/keyCheck.js';
import { masterKey, newMasterKey } from '../../electron/services/keys/masterKey.js';
import { aesKeySealer, unavailableSealer } from '../../electron/services/keys/sealer.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-custody-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const sealer = aesKeySealer(Buffer.alloc(32, 3));

describe('key custody in a folder', () => {
  it('keeps master key versions sealed in 0600 files of a 0700 folder, never in clear, and reads them back after a restart', () => {
    const dir = join(freshDir(), 'keys');
    const v1 = newMasterKey(1);
    const v2 = newMasterKey(2);
    const custody = sealedKeyCustody(folderKeyStore(dir), sealer);
    custody.keepMasterKey(v2);
    custody.keepMasterKey(v1);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    const onDisk = Buffer.concat(readdirSync(dir).map((n) => readFileSync(join(dir, n))));
    expect(onDisk.includes(v1.bytes)).toBe(false);
    expect(onDisk.includes(v2.bytes)).toBe(false);

    const again = sealedKeyCustody(folderKeyStore(dir), sealer).masterKeys();
    expect(again.keys.map((k) => k.version)).toEqual([1, 2]);
    expect(again.keys[0]!.bytes.equals(v1.bytes) && again.keys[1]!.bytes.equals(v2.bytes)).toBe(true);
    expect(again.unreadable).toEqual([]);

    custody.forgetMasterKey(1);
    expect(
      sealedKeyCustody(folderKeyStore(dir), sealer)
        .masterKeys()
        .keys.map((k) => k.version),
    ).toEqual([2]);
  });

  it('treats a copy sealed under another keychain, or altered, as not held, and names its version', () => {
    const dir = freshDir();
    sealedKeyCustody(folderKeyStore(dir), aesKeySealer(Buffer.alloc(32, 4))).keepMasterKey(newMasterKey(1));
    const custody = sealedKeyCustody(folderKeyStore(dir), sealer);
    custody.keepMasterKey(newMasterKey(2));
    const file = join(dir, 'master-v2.sealed');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(file, bytes);
    expect(custody.masterKeys()).toEqual({ keys: [], unreadable: [1, 2] });
  });

  it('makes the enrolment key pair once, sealed, and gives the same one after a restart until it is renewed', () => {
    const dir = freshDir();
    const pair = sealedKeyCustody(folderKeyStore(dir), sealer).workstationKeyPair();
    expect(workstationPublicKey(pair.privateKey).equals(pair.publicKey)).toBe(true);
    expect(readFileSync(join(dir, 'workstation.sealed')).includes(pair.privateKey)).toBe(false);
    const custody = sealedKeyCustody(folderKeyStore(dir), sealer);
    expect(custody.workstationKeyPair().publicKey.equals(pair.publicKey)).toBe(true);
    const renewed = custody.renewWorkstationKeyPair();
    expect(renewed.publicKey.equals(pair.publicKey)).toBe(false);
    expect(sealedKeyCustody(folderKeyStore(dir), sealer).workstationKeyPair().publicKey.equals(renewed.publicKey)).toBe(true);
  });

  it('keeps nothing and says why without a keychain', () => {
    const custody = sealedKeyCustody(memoryKeyStore(), unavailableSealer('the operating system keychain is not available'));
    expect(custody.available).toBe(false);
    expect(custody.unavailableReason).toBe('the operating system keychain is not available');
    expect(() => custody.keepMasterKey(newMasterKey(1))).toThrow(/keychain is not available/);
    expect(() => custody.workstationKeyPair()).toThrow(/keychain is not available/);
    expect(custody.masterKeys()).toEqual({ keys: [], unreadable: [] });
  });
});

describe('key-check value', () => {
  it('matches only the same key and version, and contains no key bytes', () => {
    const key = newMasterKey(1);
    const check = keyCheckValue(key);
    expect(check).toMatch(/^[0-9a-f]{32}$/);
    expect(matchesKeyCheck(key, check)).toBe(true);
    expect(matchesKeyCheck(newMasterKey(1), check)).toBe(false);
    expect(matchesKeyCheck(masterKey(2, key.bytes), check)).toBe(false);
    expect(matchesKeyCheck(key, 'not hex')).toBe(false);
    expect(key.bytes.toString('hex').includes(check.slice(0, 16))).toBe(false);
  });
});
