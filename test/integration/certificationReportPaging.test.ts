import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ReportSort } from '../../electron/contract/reports.js';
import { DAY } from '../../electron/services/clock.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';

type Page = {
  rows: { staffId: number; name: string; employeeId: string; department: string; modules: { moduleId: string; status: string }[] }[];
  page: number;
  pages: number;
  pageSize: number;
  total: number;
  modules: { moduleId: string }[];
  summary: { people: number; fullyCertified: number; peopleByStatus: Record<string, number>; byStatus: Record<string, number> };
};

/** 120 more people in Sam Okafor's team and department: many share a name, some completed module 1 with the same score. */
async function addPeople(a: Awaited<ReturnType<typeof createTestApp>>) {
  const db = a.handle.db;
  const sam = await db.selectFrom('staff').select(['id', 'department_id']).where('username', '=', 'sam.okafor').executeTakeFirstOrThrow();
  const dept = { id: sam.department_id };
  const module1 = await db
    .selectFrom('training_modules')
    .select(['module_id', 'current_major'])
    .orderBy('number')
    .executeTakeFirstOrThrow();
  const person = (i: number) => ({
    employee_id: `P${String(i).padStart(4, '0')}`,
    username: `paging.${i}`,
    // Ties on purpose: ten people for each of twelve names.
    display_name: `Pat ${['Lee', 'Ng', 'Ito', 'Roy', 'Kim', 'Day', 'Fox', 'Lam', 'Orr', 'Poe', 'Rye', 'Sun'][i % 12]}`,
    email: `paging.${i}@example.org`,
    department_id: Number(dept.id),
    supervisor_id: Number(sam.id),
    hire_date: '2026-01-05',
    status: 'active' as const,
    disabled_reason: null,
    last_sign_in_at: null,
    created_at: '2026-01-05T09:00:00.000Z',
  });
  const ids: number[] = [];
  for (let i = 0; i < 120; i++) {
    const row = await db.insertInto('staff').values(person(i)).returning('id').executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  await db
    .insertInto('staff_roles')
    .values(ids.map((id) => ({ staff_id: id, role_key: 'staff', granted_at: '2026-01-05T09:00:00.000Z', granted_by: null })))
    .execute();
  // A third completed module 1 (same score and day for many: ties on the score and module columns).
  const completions = ids
    .filter((_, i) => i % 3 === 0)
    .map((id, i) => ({
      certificate_id: `paging-${id}`,
      staff_id: id,
      module_id: module1.module_id,
      major: Number(module1.current_major),
      version: `${module1.current_major}.0.0`,
      score: i % 2 ? 90 : 80,
      attempt_no: 1,
      completed_at: `2026-0${1 + (i % 3)}-10T10:00:00.000Z`,
      expires_at: `2027-0${1 + (i % 3)}-10T10:00:00.000Z`,
      acknowledgement_hash: 'x'.repeat(64),
    }));
  await db.insertInto('training_completions').values(completions).execute();
  return ids;
}

/** Every page of the report for this sort and filter, in order. */
async function allPages(call: Awaited<ReturnType<typeof signedIn>>, input: Record<string, unknown>): Promise<Page[]> {
  const first = valueOf<Page>(await call('reports.certification', { ...input, page: 1 }));
  const pages = [first];
  for (let p = 2; p <= first.pages; p++) pages.push(valueOf<Page>(await call('reports.certification', { ...input, page: p })));
  return pages;
}

describe.each(testDialects())('the certification report, a page at a time, on %s', (dialect) => {
  it('pages hold every filtered person exactly once, in the chosen order with ties, as the CSV lists them', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-report-paging-')));
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, desktop });
    await addPeople(a);
    a.clock.advance(40 * DAY);
    const priya = await signedIn(a, 'priya.shah');
    const scope = { kind: 'organization' };
    const sorts: ReportSort[] = [
      { key: 'name', ascending: true },
      { key: 'name', ascending: false },
      { key: 'lastScore', ascending: false },
      { key: 'department', ascending: true },
      { key: 'fullyCertified', ascending: true },
    ];
    const first = valueOf<Page>(await priya('reports.certification', { scope }));
    sorts.push({ key: `module:${first.modules[0]!.moduleId}`, ascending: false });
    for (const filter of [{}, { status: 'overdue' }]) {
      for (const sort of sorts) {
        const pages = await allPages(priya, { scope, filter, sort });
        const rows = pages.flatMap((p) => p.rows);
        const label = `${JSON.stringify(filter)} ${JSON.stringify(sort)}`;
        expect(pages.length, label).toBeGreaterThan(1);
        // Each page full but the last, each person once, as many as the filter matches.
        for (const p of pages.slice(0, -1)) expect(p.rows.length, label).toBe(p.pageSize);
        expect(new Set(rows.map((r) => r.staffId)).size, label).toBe(rows.length);
        expect(rows.length, label).toBe(pages[0]!.total);
        if ('status' in filter)
          for (const r of rows)
            expect(
              r.modules.map((m) => m.status),
              label,
            ).toContain('overdue');
        // The summary is the whole organization's, on every page and whatever the filter.
        for (const p of pages) expect(p.summary).toEqual(first.summary);
        // The export lists the same people in the same order.
        const saved = valueOf<{ path: string; rows: number }>(
          await priya('reports.exportCertification', { scope, filter, sort, format: 'csv' }),
        );
        const lines = parse(readFileSync(saved.path, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
        const csv = lines.slice(lines.findIndex((l) => l[0] === 'Name') + 1);
        expect(
          csv.map((l) => `${l[0]}|${l[1]}`),
          label,
        ).toEqual(rows.map((r) => `${r.name}|${r.employeeId}`));
      }
    }
    // The order itself: by name descending, ties by staff id ascending, across the page boundary too.
    const byName = (await allPages(priya, { scope, sort: { key: 'name', ascending: false } })).flatMap((p) => p.rows);
    for (let i = 1; i < byName.length; i++) {
      const [x, y] = [byName[i - 1]!, byName[i]!];
      expect(x.name > y.name || (x.name === y.name && x.staffId < y.staffId), `${x.name} ${x.staffId} before ${y.name} ${y.staffId}`).toBe(
        true,
      );
    }
    // A page past the end answers with the last page.
    const last = valueOf<Page>(await priya('reports.certification', { scope, sort: { key: 'name', ascending: false }, page: 999 }));
    expect(last.page).toBe(last.pages);
    expect(last.rows.at(-1)!.staffId).toBe(byName.at(-1)!.staffId);
  });

  it("a supervisor's pages hold their team and nobody else, and the summary counts the team", async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const ids = await addPeople(a);
    const sam = await signedIn(a, 'sam.okafor');
    const pages = await allPages(sam, { scope: { kind: 'team' } });
    const rows = pages.flatMap((p) => p.rows);
    expect(pages.length).toBeGreaterThan(2);
    expect(new Set(rows.map((r) => r.staffId)).size).toBe(rows.length);
    expect(rows.map((r) => r.staffId)).toEqual(expect.arrayContaining(ids));
    expect(rows.map((r) => r.name)).toContain('Liam Chen');
    // Nobody from another team, on any page; the summary counts the team only.
    expect(rows.map((r) => r.name)).not.toContain('Rosa Diaz');
    expect(new Set(rows.map((r) => r.department))).toEqual(new Set(['Constituent Services']));
    for (const p of pages) expect(p.summary.people).toBe(rows.length);
    // Asking for the organization is refused, on any page.
    expect(await sam('reports.certification', { scope: { kind: 'organization' }, page: 2 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // Another supervisor's pages never include these people.
    const ken = await signedIn(a, 'ken.ito');
    const kenRows = (await allPages(ken, { scope: { kind: 'team' } })).flatMap((p) => p.rows.map((r) => r.staffId));
    expect(kenRows.length).toBeGreaterThan(0);
    expect(kenRows.filter((id) => ids.includes(id))).toEqual([]);
  });
});
