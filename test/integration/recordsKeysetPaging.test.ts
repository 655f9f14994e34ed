/**
 * Keyset paging of the records lists ("older", "newer"): every permitted row exactly once across
 * the pages, in the list's order, also where many records share the same timestamp.
 */
import { describe, expect, it } from 'vitest';
import type { PageCursor } from '../../electron/contract/records.js';
import { createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

type Page = { items: { id: number; department: string }[]; total: number; older: PageCursor | null; newer: PageCursor | null };

async function recDepartment(a: TestApp) {
  return Number((await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'REC').executeTakeFirstOrThrow()).id);
}

/** Gives most of the department's records one of three timestamps, so pages end in the middle of ties. */
async function tieTimestamps(a: TestApp): Promise<number[]> {
  const dept = await recDepartment(a);
  const rows = await a.handle.db.selectFrom('personal_records').select('id').where('department_id', '=', dept).orderBy('id').execute();
  const stamps = ['2026-05-01T09:00:00.000Z', '2026-05-02T09:00:00.000Z', '2026-05-03T09:00:00.000Z'];
  for (const [i, r] of rows.entries()) {
    if (i % 5 === 4) continue; // a few keep their own dates
    await a.handle.db
      .updateTable('personal_records')
      .set({ received_at: stamps[i % 3]! })
      .where('id', '=', r.id)
      .execute();
  }
  const ordered = await a.handle.db
    .selectFrom('personal_records')
    .select('id')
    .where('department_id', '=', dept)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return ordered.map((r) => Number(r.id));
}

describe.each(testDialects())('records list keyset paging on %s', (dialect) => {
  it('walks older page by page through ties on the timestamp, every row once and in order, then back newer', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const expected = await tieTimestamps(a);
    expect(expected.length).toBeGreaterThan(12);
    const rosa = await signedIn(a, 'rosa.diaz');
    const list = async (cursor?: PageCursor) =>
      valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', pageSize: 4, ...(cursor ? { cursor } : {}) }));

    const pages: Page[] = [await list()];
    expect(pages[0]!.newer).toBeNull();
    while (pages.at(-1)!.older) pages.push(await list(pages.at(-1)!.older!));
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(expected);
    expect(pages.length).toBe(Math.ceil(expected.length / 4));
    expect(pages.at(-1)!.older).toBeNull();

    // Back towards the newest: the same pages, the same rows in each, ending where the first page began.
    const back: Page[] = [pages.at(-1)!];
    while (back.at(-1)!.newer) back.push(await list(back.at(-1)!.newer!));
    expect(back.map((p) => p.items.map((i) => i.id))).toEqual(pages.map((p) => p.items.map((i) => i.id)).reverse());
    expect(back.at(-1)!.newer).toBeNull();
  });

  it('pages a search the same way (a few matches: read by the text index and sorted), and agrees with the numbered pages', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    await tieTimestamps(a);
    const rosa = await signedIn(a, 'rosa.diaz');
    const search = 'e';
    const numbered: number[] = [];
    const first = valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', search, pageSize: 3 }));
    for (let page = 1; page <= Math.ceil(first.total / 3); page++) {
      numbered.push(
        ...valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', search, page, pageSize: 3 })).items.map((i) => i.id),
      );
    }
    const keyed: number[] = [];
    let page: Page = first;
    keyed.push(...page.items.map((i) => i.id));
    while (page.older) {
      page = valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', search, pageSize: 3, cursor: page.older }));
      keyed.push(...page.items.map((i) => i.id));
    }
    expect(first.total).toBeGreaterThan(6);
    expect(keyed).toEqual(numbered);
    expect(new Set(keyed).size).toBe(first.total);
    // And back from the last page by "newer": the same rows, newest first.
    const back: number[] = [];
    while (page.newer) {
      page = valueOf<Page>(await rosa('records.list', { subject: 'PersonalRecord', search, pageSize: 3, cursor: page.newer }));
      back.unshift(...page.items.map((i) => i.id));
    }
    expect(back).toEqual(keyed.slice(0, back.length));
    expect(back.length + (keyed.length % 3 || 3)).toBe(keyed.length);
  });
});
