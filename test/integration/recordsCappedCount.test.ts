/**
 * A records list counts its rows up to 1,000 and then says "1,000+": the count stops in SQL, the
 * pages still reach every row, and a search with fewer matches is counted exactly.
 */
import { describe, expect, it } from 'vitest';
import type { PageCursor } from '../../electron/contract/records.js';
import { COUNT_CAP } from '../../electron/services/cappedCount.js';
import { createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

type Page = { items: { id: number }[]; total: number; totalCapped: boolean; older: PageCursor | null };

/** Letters in the Records Management department, named so a search can find all of them or a known part. */
async function addLetters(a: TestApp, count: number, name: (n: number) => string): Promise<void> {
  const dept = Number((await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow()).id);
  const rows = Array.from({ length: count }, (_, n) => ({
    department_id: dept,
    received_at: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    source: 'email' as const,
    agency: 'Records',
    full_name: name(n),
    message: `Letter ${n}`,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await a.handle.db
      .insertInto('personal_records')
      .values(rows.slice(i, i + 200))
      .execute();
}

describe.each(testDialects())('records list count on %s', (dialect) => {
  it('says "1,000+" past a thousand rows, counts a smaller search exactly, and the pages still reach every row', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    await addLetters(a, COUNT_CAP + 5, (n) => (n < COUNT_CAP ? `Quennell Vorsatz ${n}` : `Zubrowski Vorsatz ${n}`));
    const dept = Number((await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow()).id);
    const inDepartment = Number(
      (
        await a.handle.db
          .selectFrom('personal_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('department_id', '=', dept)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(inDepartment).toBeGreaterThan(COUNT_CAP);
    const rosa = await signedIn(a, 'rosa.diaz');
    const list = async (input: object) => valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', pageSize: 100, ...input }));

    const all = await list({});
    expect(all).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    // Exactly a thousand matches is still an exact count; five is five.
    expect(await list({ search: 'quennell' })).toMatchObject({ total: COUNT_CAP, totalCapped: false });
    expect(await list({ search: 'zubrowski' })).toMatchObject({ total: 5, totalCapped: false });
    expect(await list({ search: 'vorsatz' })).toMatchObject({ total: COUNT_CAP, totalCapped: true });

    // The pages do not stop at the count: walking "older" reaches every row of the department once.
    const seen: number[] = all.items.map((i) => i.id);
    let page = all;
    while (page.older) {
      page = await list({ cursor: page.older });
      seen.push(...page.items.map((i) => i.id));
    }
    expect(seen.length).toBe(inDepartment);
    expect(new Set(seen).size).toBe(inDepartment);

    // A search with more than a thousand matches pages through the list in order: exactly its matches, each once.
    const matching = (
      await a.handle.db
        .selectFrom('personal_records')
        .select('id')
        .where('department_id', '=', dept)
        .where('full_name', 'like', '%Vorsatz%')
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map((r) => Number(r.id));
    expect(matching.length).toBe(COUNT_CAP + 5);
    const found: number[] = [];
    let searched = await list({ search: 'VORSATZ' });
    found.push(...searched.items.map((i) => i.id));
    while (searched.older) {
      searched = await list({ search: 'VORSATZ', cursor: searched.older });
      found.push(...searched.items.map((i) => i.id));
    }
    expect(found).toEqual(matching);

    // The trail says the count stopped, not a number that would read as exact.
    const entry = await a.handle.db
      .selectFrom('audit_log')
      .select('details')
      .where('event', '=', 'record.list')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ total: `more than ${COUNT_CAP}` });
    const firstListEntry = await a.handle.db
      .selectFrom('audit_log')
      .select('details')
      .where('event', '=', 'record.list')
      .where('details', 'like', '%zubrowski%')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(firstListEntry.details)).toMatchObject({ total: 5 });
    await a.stop();
  });
});
