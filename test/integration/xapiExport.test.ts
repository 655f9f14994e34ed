/**
 * The xAPI export as an administrator runs it: statements under the organization's activity
 * base (a setting), each with the same id on every export, and all valid by Learning Locker.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';

const validate = createRequire(import.meta.url)('@learninglocker/xapi-validation').default as (statement: unknown) => unknown[];

describe.each(testDialects())('xAPI export on %s', (dialect) => {
  it("uses the organization's activity base and gives each completion the same statement id on every export", async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'xapi-')));
    const app = await createTestApp({ contentDir: CONTENT_DIR, dialect, desktop });
    const alex = await signedIn(app, 'alex.morgan');
    const exportOnce = async () => {
      const { path } = valueOf<{ path: string }>(await alex('training.exportXapi', {}));
      return JSON.parse(readFileSync(path, 'utf8')) as {
        id: string;
        object: { id: string };
        context: { extensions: Record<string, string> };
      }[];
    };
    const first = await exportOnce();
    expect(first.length).toBeGreaterThan(20);
    for (const s of first) expect(validate(s), s.id).toEqual([]);
    expect(new Set(first.map((s) => s.id)).size).toBe(first.length);
    expect(first[0]!.object.id).toMatch(/^https:\/\/clearance\.example\.gov\/xapi\/activities\/training\//);

    await app.handle.db
      .insertInto('settings')
      .values({ key: 'xapi.activityBase', value: 'https://lrs.agency.example.gov/activities', updated_at: app.clock.now().toISOString() })
      .execute();
    const second = await exportOnce();
    expect(second.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(second.every((s) => s.object.id.startsWith('https://lrs.agency.example.gov/activities/'))).toBe(true);
    for (const s of second) expect(validate(s)).toEqual([]);
  });
});
