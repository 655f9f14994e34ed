/**
 * A NUL character in any text of any request is refused by the router, naming the field, before a
 * handler runs: PostgreSQL cannot store one (the call would fail deep inside) and SQLite cuts text at it.
 */
import { describe, expect, it } from 'vitest';
import { NO_NUL_MESSAGE } from '../../electron/contract/common.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects } from '../support/testApp.js';

describe.each(testDialects())('a NUL character on %s', (dialect) => {
  it('is refused wherever it is typed, with the field named, and nothing is stored', async () => {
    const a = await createTestApp({ dialect, contentDir: CONTENT_DIR });
    const alex = await signedIn(a, 'alex.morgan');
    const before = await a.handle.db.selectFrom('audit_log').select('seq').execute();
    expect(await alex('accounts.list', { search: 'ro\u0000sa', page: 1, pageSize: 25 })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: 'Some of the information is missing or not valid.',
      fields: { search: NO_NUL_MESSAGE },
    });
    expect(await alex('accounts.unlock', { username: 'rosa.diaz', reason: 'called\u0000in' }, crypto.randomUUID())).toMatchObject({
      ok: false,
      fields: { reason: NO_NUL_MESSAGE },
    });
    const entries = await a.handle.db.selectFrom('audit_log').selectAll().where('seq', '>', before.length).execute();
    expect(JSON.stringify(entries)).not.toContain('\\u0000');
    expect(entries.map((e) => e.reason)).toContain('invalid input');
  });
});
