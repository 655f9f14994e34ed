/**
 * The audit viewer's filters, as the privacy officer uses them: typed text is taken literally
 * (underscores and percent signs included), a NUL byte is refused in words, and a person is
 * chosen by id with the person picker rather than found by scanning usernames.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntryView, StaffPick } from '../../electron/contract/privacy.js';
import { NO_NUL_MESSAGE } from '../../electron/contract/common.js';
import { COUNT_CAP } from '../../electron/services/cappedCount.js';
import { appendTestEntries, createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';

type Page = { entries: AuditEntryView[]; total: number };

async function allEvents(app: TestApp): Promise<string[]> {
  return (await app.handle.db.selectFrom('audit_log').select('event').execute()).map((e) => e.event);
}

describe.each(testDialects())('the audit viewer on %s', (dialect) => {
  it('finds event names with underscores, taking typed text literally', async () => {
    const app = await createTestApp({ dialect });
    const priya = await signedIn(app, 'priya.shah');
    await signedIn(app, 'rosa.diaz');
    const search = async (event: string) => valueOf<Page>(await priya('audit.search', { filter: { event }, page: 1, pageSize: 200 }));

    const signIns = await search('auth.sign_in');
    expect(signIns.total).toBeGreaterThanOrEqual(2);
    expect(new Set(signIns.entries.map((e) => e.event))).toEqual(new Set(['auth.sign_in']));
    // What an entry is about reads as words, not as an internal staff id.
    expect(signIns.entries.map((e) => e.resourceLabel)).toContain('Account of Rosa Diaz (rosa.diaz)');
    expect((await search('log_start')).entries.every((e) => e.event === 'audit.log_start')).toBe(true);
    // "_" is an underscore, not "any character"; "%" is a percent sign, not "anything".
    const events = await allEvents(app);
    expect((await search('_')).total).toBe(events.filter((e) => e.includes('_')).length);
    expect((await search('%')).total).toBe(0);
    expect((await search('AUTH.SIGN_IN')).total).toBe(signIns.total);
  });

  it('counts up to 1,000 and then says more match, while the pages still reach every entry', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, COUNT_CAP + 30);
    const priya = await signedIn(app, 'priya.shah');
    const search = async (filter: object, page = 1) =>
      valueOf<Page & { totalCapped: boolean }>(await priya('audit.search', { filter, page, pageSize: 200 }));

    const many = await search({ event: 'test.event' });
    expect(many).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    // Page 6 of 200 holds the oldest 30: past the count, the entries are all still there, newest first.
    const last = await search({ event: 'test.event' }, 6);
    expect(last.entries.map((e) => e.reason)).toEqual(Array.from({ length: 30 }, (_, i) => `entry ${29 - i}`));
    // Fewer than the cap are counted exactly.
    expect(await search({ event: 'auth.sign_in' })).toMatchObject({ total: 1, totalCapped: false });
    // The read is in the trail without a count that would read as exact.
    const read = await app.handle.db
      .selectFrom('audit_log')
      .select('details')
      .where('event', '=', 'audit.read')
      .orderBy('seq', 'desc')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(read.details)).toMatchObject({ page: 6, total: `more than ${COUNT_CAP}` });
  });

  it('refuses a NUL byte with a message that says so, instead of dropping what follows it', async () => {
    const app = await createTestApp({ dialect });
    const priya = await signedIn(app, 'priya.shah');
    for (const filter of [{ event: 'auth\u0000.anything' }, { resourceId: '1\u00002' }, { resourceType: 'Card\u0000' }]) {
      const r = await priya('audit.search', { filter, page: 1, pageSize: 10 });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      if (!r.ok) expect(Object.values(r.fields ?? {})).toContain(NO_NUL_MESSAGE);
    }
    expect(await priya('audit.whoAccessed', { person: 'evelyn\u0000' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await priya('audit.people', { query: 'ro\u0000sa' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('filters by the person chosen in the picker, through their id', async () => {
    const app = await createTestApp({ dialect });
    await signedIn(app, 'rosa.diaz');
    const priya = await signedIn(app, 'priya.shah');
    const picks = valueOf<{ people: StaffPick[] }>(await priya('audit.people', { query: 'rosa' }));
    const rosa = picks.people.find((p) => p.username === 'rosa.diaz')!;
    expect(rosa).toMatchObject({ name: 'Rosa Diaz', department: 'Records Management' });
    expect(valueOf<{ people: StaffPick[] }>(await priya('audit.people', { query: 'rosa.diaz@' })).people.map((p) => p.id)).toContain(
      rosa.id,
    );

    const page = valueOf<Page>(await priya('audit.search', { filter: { actorId: rosa.id }, page: 1, pageSize: 200 }));
    const inDatabase = await app.handle.db.selectFrom('audit_log').select('actor_username').where('actor_id', '=', rosa.id).execute();
    expect(page.total).toBe(inDatabase.length);
    expect(page.total).toBeGreaterThan(0);
    expect(new Set(page.entries.map((e) => e.actor))).toEqual(new Set(['rosa.diaz']));
    // The old text filter is gone: a username is not a filter any more.
    expect(await priya('audit.search', { filter: { actor: 'rosa' }, page: 1, pageSize: 10 })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    const read = await app.handle.db
      .selectFrom('audit_log')
      .select('details')
      .where('event', '=', 'audit.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(read.details)).toMatchObject({ filter: { actorId: rosa.id } });

    const liam = await signedIn(app, 'liam.chen');
    expect(await liam('audit.people', { query: 'rosa' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
