/**
 * Every search box refuses a search over 100 characters in the same plain words, on the field,
 * before any query runs: the records search, the staff accounts search, the audit trail's person
 * finder and "who accessed this person".
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, signedIn, testDialects } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

const TOO_LONG = 'x'.repeat(150);
const WORDS = 'Search can be at most 100 characters.';

describe.each(testDialects())('a search that is too long, on %s', (dialect) => {
  it('is refused in words on its field, wherever it is typed', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const rosa = await signedIn(a, 'rosa.diaz');
    const alex = await signedIn(a, 'alex.morgan');
    const priya = await signedIn(a, 'priya.shah');
    const cases = [
      [rosa, 'records.list', { subject: 'PersonalRecord', search: TOO_LONG }, 'search'],
      [alex, 'accounts.list', { search: TOO_LONG }, 'search'],
      [priya, 'audit.people', { query: TOO_LONG }, 'query'],
      [priya, 'audit.whoAccessed', { person: TOO_LONG }, 'person'],
    ] as const;
    for (const [call, channel, input, field] of cases) {
      const r = await call(channel, input);
      expect(r, channel).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { [field]: WORDS } });
    }
    await a.stop();
  });
});
