/**
 * The audit verifier's worker threads load better-sqlite3 by a file path. In the packaged app that
 * path resolves inside app.asar; the workers take the unpacked copy beside it (electron-builder.yml
 * unpacks better-sqlite3 whole), so they never depend on reading the archive from a worker.
 */
import { describe, expect, it } from 'vitest';
import { unpackedFromAsar } from '../../db/auditChainReader.js';

const there = (paths: string[]) => (p: string) => paths.includes(p);

describe('the path a verifier worker loads better-sqlite3 from', () => {
  it('is the unpacked copy beside app.asar when there is one (POSIX and Windows paths)', () => {
    const posix = '/opt/Clearance/resources/app.asar/node_modules/better-sqlite3/lib/index.js';
    const unpackedPosix = '/opt/Clearance/resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js';
    expect(unpackedFromAsar(posix, there([unpackedPosix]))).toBe(unpackedPosix);
    const windows = 'C:\\Program Files\\Clearance\\resources\\app.asar\\node_modules\\better-sqlite3\\lib\\index.js';
    const unpackedWindows = 'C:\\Program Files\\Clearance\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\lib\\index.js';
    expect(unpackedFromAsar(windows, there([unpackedWindows]))).toBe(unpackedWindows);
  });

  it('stays as resolved when nothing is unpacked, or outside an archive (development, tests)', () => {
    const packed = '/opt/Clearance/resources/app.asar/node_modules/better-sqlite3/lib/index.js';
    expect(unpackedFromAsar(packed, there([]))).toBe(packed);
    const plain = '/work/clearance/node_modules/better-sqlite3/lib/index.js';
    expect(unpackedFromAsar(plain, () => true)).toBe(plain);
    // A folder merely named like the archive is not one.
    const lookalike = '/home/me/app.asarx/node_modules/better-sqlite3/lib/index.js';
    expect(unpackedFromAsar(lookalike, () => true)).toBe(lookalike);
  });
});
