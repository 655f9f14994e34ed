import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDatabase, readDatabaseSetting, writeDatabaseSetting, type SecretBox } from '../../electron/services/databaseSetting.js';

const box: SecretBox = {
  encrypt: (p) => Buffer.from(`sealed:${p}`).toString('base64'),
  decrypt: (s) =>
    Buffer.from(s, 'base64')
      .toString()
      .replace(/^sealed:/, ''),
};

describe('the workstation database setting', () => {
  it('stores the URL without its password and the password only encrypted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbset-'));
    writeDatabaseSetting(dir, { url: 'postgres://app:inline-secret@db.example:5432/clearance', password: 's3cret-pass' }, box);
    const file = readFileSync(join(dir, 'database.json'), 'utf8');
    expect(file).not.toContain('s3cret-pass');
    expect(file).not.toContain('inline-secret');
    expect(readDatabaseSetting(dir, box)).toEqual({ url: 'postgres://app@db.example:5432/clearance', password: 's3cret-pass' });
    writeDatabaseSetting(dir, null, box);
    expect(readDatabaseSetting(dir, box)).toBeNull();
  });

  it('prefers the environment, then the stored setting, then the embedded file', () => {
    const stored = { url: 'postgres://app@db.example/clearance', password: 'pw' };
    expect(chooseDatabase({ CLEARANCE_DATABASE_URL: 'postgres://env@h/db' }, stored, '/data/c.db')).toEqual({
      url: 'postgres://env@h/db',
      sqlitePath: '/data/c.db',
    });
    expect(chooseDatabase({}, stored, '/data/c.db')).toEqual({ url: 'postgres://app:pw@db.example/clearance', sqlitePath: '/data/c.db' });
    expect(chooseDatabase({}, null, '/data/c.db')).toEqual({ sqlitePath: '/data/c.db' });
  });
});
