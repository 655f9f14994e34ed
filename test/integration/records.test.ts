import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { DAY, HOUR } from '../../electron/services/clock.js';
import { openCardNumber } from '../../electron/services/records/cardCipher.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf, windowOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyRing } from '../support/testKeys.js';
import type { OpenResult } from '../../electron/contract/records.js';

const purpose = { code: 'respond_to_citizen' as const, note: 'Reply to their letter' };
type List = { items: { id: number; department: string; title: string }[]; total: number };

async function deptId(a: TestApp, code: string) {
  return Number((await a.handle.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
}
async function firstId(
  a: TestApp,
  table: 'card_transactions' | 'personal_records' | 'live_help_transcripts',
  dept: string,
  status?: string,
) {
  let q = a.handle.db
    .selectFrom(table)
    .select('id')
    .where('department_id', '=', await deptId(a, dept));
  if (status) q = q.where('status' as never, '=', status as never);
  return Number((await q.orderBy('id').executeTakeFirstOrThrow()).id);
}
const lastAudit = async (a: TestApp) =>
  await a.handle.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();

describe.each(testDialects())('records on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  describe('lists are filtered in SQL', () => {
    it('returns only permitted rows, counts only those, and pages through them', async () => {
      const a = await app();
      const carl = await signedIn(a, 'carl.patel');
      const all = await a.handle.db
        .selectFrom('card_transactions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const fin = await a.handle.db
        .selectFrom('card_transactions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('department_id', '=', await deptId(a, 'FIN'))
        .executeTakeFirstOrThrow();
      expect(Number(all.n)).toBeGreaterThan(Number(fin.n));
      const page1 = valueOf<List>(await carl('records.list', { subject: 'CardTransaction', page: 1, pageSize: 15 }));
      const page3 = valueOf<List>(await carl('records.list', { subject: 'CardTransaction', page: 3, pageSize: 15 }));
      expect(page1.total).toBe(Number(fin.n));
      expect(page1.items).toHaveLength(15);
      expect(page3.items).toHaveLength(Number(fin.n) - 30);
      expect(new Set([...page1.items, ...page3.items].map((i) => i.department))).toEqual(new Set(['Finance & Payments']));
      const entry = await lastAudit(a);
      expect(entry).toMatchObject({ event: 'record.list', outcome: 'allowed', actor_username: 'carl.patel' });
      expect(JSON.parse(entry.details)).toMatchObject({ page: 3, total: Number(fin.n) });
    });

    it('treats a search with SQL metacharacters as plain text', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const total = valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord' })).total;
      for (const search of ['%', "' OR 1=1 --", '\\', '%_%']) {
        expect(valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search })).total, search).toBe(0);
      }
      // "_" matches only records that really contain an underscore (some synthetic e-mail addresses do).
      const withUnderscore = (
        await a.handle.db
          .selectFrom('personal_records')
          .selectAll()
          .where('department_id', '=', await deptId(a, 'REC'))
          .execute()
      ).filter((r) => [r.full_name, r.email, r.agency, r.message].some((v) => v?.includes('_'))).length;
      expect(valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search: '_' })).total).toBe(withUnderscore);
      expect(withUnderscore).toBeLessThan(total);
      const harper = valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search: 'evelyn HARPER' }));
      expect(harper.total).toBe(1);
      expect(total).toBeGreaterThan(1);
    });

    it('refuses a list to a role without record access, with the reason, and audits it', async () => {
      const a = await app();
      const sam = await signedIn(a, 'sam.okafor');
      const r = await sam('records.list', { subject: 'PersonalRecord' });
      expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN', message: 'Your role does not include personal-information records.' });
      expect(await lastAudit(a)).toMatchObject({
        event: 'record.list',
        outcome: 'denied',
        reason: 'Your role does not include personal-information records.',
      });
    });
  });

  describe('opening a record', () => {
    it('asks for a purpose, records it, and remembers it for 4 hours', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const id = await firstId(a, 'personal_records', 'REC');
      expect(valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id })).status).toBe('purpose_required');
      const opened = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id, purpose }));
      expect(opened.status).toBe('opened');
      if (opened.status !== 'opened') return;
      const ssn = opened.record.fields.find((f) => f.key === 'ssn')!;
      expect(ssn).toMatchObject({ masked: true });
      expect(ssn.value).toMatch(/^•••-••-\d{4}$/);
      expect(opened.record.fields.find((f) => f.key === 'date_of_birth')!.value).not.toMatch(/\d/);
      expect(opened.record.revealable).toEqual(['ssn', 'date_of_birth']);
      const audit = await lastAudit(a);
      expect(audit).toMatchObject({ event: 'record.open', outcome: 'allowed', resource_type: 'PersonalRecord', resource_id: String(id) });
      expect(JSON.parse(audit.details)).toMatchObject({ purpose: 'respond_to_citizen', via: 'role' });
      expect(JSON.parse(audit.details).certificates).toHaveLength(5);
      expect(audit.reason).toContain('Records clerk may open');

      a.clock.advance(3 * HOUR);
      const again = await signedIn(a, 'rosa.diaz');
      expect(valueOf<OpenResult>(await again('records.open', { subject: 'PersonalRecord', id })).status).toBe('opened');
      a.clock.advance(2 * HOUR);
      const later = await signedIn(a, 'rosa.diaz');
      expect(valueOf<OpenResult>(await later('records.open', { subject: 'PersonalRecord', id })).status).toBe('purpose_required');
    });

    it('denies a record outside the person’s department, with the reason, and audits the denial', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const id = await firstId(a, 'personal_records', 'CS');
      const r = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id, purpose }));
      expect(r).toEqual({
        status: 'denied',
        reason: 'This record belongs to Constituent Services; your access covers Records Management only.',
        breakGlassAllowed: true,
      });
      expect(JSON.stringify(r)).not.toContain('@');
      expect(await lastAudit(a)).toMatchObject({ event: 'record.open', outcome: 'denied', resource_id: String(id) });
    });

    it('ends access on the very next call when training expires', async () => {
      const a = await app();
      const id = await firstId(a, 'card_transactions', 'FIN', 'pending');
      let carl = await signedIn(a, 'carl.patel');
      expect(valueOf<OpenResult>(await carl('records.open', { subject: 'CardTransaction', id, purpose })).status).toBe('opened');
      // The demo training was completed 200 days before the start: it expires after 165 more days.
      a.clock.advance(166 * DAY);
      carl = await signedIn(a, 'carl.patel');
      const r = valueOf<OpenResult>(await carl('records.open', { subject: 'CardTransaction', id, purpose }));
      expect(r.status).toBe('denied');
      if (r.status === 'denied') expect(r.reason).toMatch(/Handling card data \(v1\.0\) expired on [A-Z][a-z]{2} \d{1,2}, \d{4}[.;]/);
    });

    it('ends access on the next call when the role is removed', async () => {
      const a = await app();
      const carl = await signedIn(a, 'carl.patel');
      expect((await carl('records.list', { subject: 'CardTransaction' })).ok).toBe(true);
      const carlId = Number(
        (await a.handle.db.selectFrom('staff').select('id').where('username', '=', 'carl.patel').executeTakeFirstOrThrow()).id,
      );
      await a.handle.db.deleteFrom('staff_roles').where('staff_id', '=', carlId).where('role_key', '=', 'card_processor').execute();
      expect(await carl('records.list', { subject: 'CardTransaction' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'Your role does not include card processing.',
      });
    });
  });

  describe('card numbers', () => {
    it('are never in the database file in clear, and the ciphertext is wiped after processing', async () => {
      const a = await app();
      const ring = testKeyRing();
      const pending = await a.handle.db.selectFrom('card_transactions').selectAll().where('status', '=', 'pending').execute();
      expect(pending.length).toBeGreaterThan(5);
      const pans = pending.map((p) => openCardNumber(ring, p.pan_ciphertext!, p.order_id));
      for (const [i, pan] of pans.entries()) {
        expect(pan).toMatch(/^\d{16}$/);
        expect(pan.startsWith(pending[i]!.pan_first6) && pan.endsWith(pending[i]!.pan_last4)).toBe(true);
      }
      const carl = await signedIn(a, 'carl.patel');
      const target = pending.find((p) => p.department_id === pending[0]!.department_id)!;
      const revealed = valueOf<{ value: string; expiresInSeconds: number }>(
        await carl('records.reveal', { subject: 'CardTransaction', id: target.id, field: 'pan' }),
      );
      expect(revealed.value.replace(/ /g, '')).toBe(openCardNumber(ring, target.pan_ciphertext!, target.order_id));
      expect(revealed.expiresInSeconds).toBe(60);
      valueOf(await carl('records.process', { id: target.id }));
      const after = await a.handle.db.selectFrom('card_transactions').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ status: 'processed', pan_ciphertext: null });
      expect(await carl('records.reveal', { subject: 'CardTransaction', id: target.id, field: 'pan' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });

      // Nowhere in the database, in any table or column, is a full number stored readable.
      const tables = ['card_transactions', 'audit_log', 'record_purposes', 'break_glass_grants', 'settings', 'sessions'] as const;
      for (const table of tables) {
        const dump = JSON.stringify(await a.handle.db.selectFrom(table).selectAll().execute());
        for (const pan of pans) expect(dump.includes(pan), `${table} holds a full number`).toBe(false);
      }
      expect(JSON.stringify(await a.handle.db.selectFrom('audit_log').selectAll().execute())).not.toContain(revealed.value);
      if (dialect === 'sqlite') {
        // And not in the raw bytes of the file either.
        await a.stop();
        const bytes = Buffer.concat([
          readFileSync(a.sqlitePath),
          ...['-wal'].map((s) => {
            try {
              return readFileSync(a.sqlitePath + s);
            } catch {
              return Buffer.alloc(0);
            }
          }),
        ]).toString('latin1');
        for (const pan of pans)
          expect(bytes.includes(pan), `full number ${pan.slice(0, 6)}…${pan.slice(-4)} found in the file`).toBe(false);
        // secure_delete: the wiped ciphertext is zeroed, not left behind in the page's free space.
        expect(bytes.includes(target.pan_ciphertext!), 'the wiped ciphertext lingers in the file').toBe(false);
      }
    });

    it('refuse a reveal to someone without the role, and a request for an unprotected or unknown field', async () => {
      const a = await app();
      const liam = await signedIn(a, 'liam.chen');
      const id = await firstId(a, 'card_transactions', 'CS', 'pending');
      expect(await liam('records.reveal', { subject: 'CardTransaction', id, field: 'pan' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        message: 'Your role does not include card processing.',
      });
      const rosa = await signedIn(a, 'rosa.diaz');
      const pr = await firstId(a, 'personal_records', 'REC');
      expect(await rosa('records.reveal', { subject: 'PersonalRecord', id: pr, field: 'message' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
      });
      expect(await rosa('records.reveal', { subject: 'PersonalRecord', id: pr, field: 'password_hash' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
      });
      const denials = (await auditEvents(a)).filter((e) => e.event === 'record.reveal' && e.outcome === 'denied');
      expect(denials).toHaveLength(3);
    });
  });

  describe('break-glass', () => {
    it('needs the password, opens that record masked for 4 hours, and lands in the review queue', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const id = await firstId(a, 'personal_records', 'CS');
      const wrong = await rosa('records.breakGlass', {
        subject: 'PersonalRecord',
        id,
        reason: 'Citizen on the phone in distress',
        password: 'not-my-password1',
      });
      expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
      // The password goes through the one verification path: the failure counts toward the lockout.
      expect(await lastAudit(a)).toMatchObject({
        event: 'record.break_glass',
        outcome: 'denied',
        resource_type: 'PersonalRecord',
        reason: 'wrong password (failed attempt 1 of 10)',
      });
      expect(await a.handle.db.selectFrom('break_glass_grants').selectAll().execute()).toEqual([]);

      const grant = valueOf<{ grantId: number }>(
        await rosa('records.breakGlass', {
          subject: 'PersonalRecord',
          id,
          reason: 'Citizen on the phone in distress',
          password: DEMO_PASSWORD,
        }),
      );
      const opened = valueOf<OpenResult>(await rosa('records.open', { subject: 'PersonalRecord', id, purpose: { code: 'investigation' } }));
      expect(opened).toMatchObject({ status: 'opened', via: 'break-glass' });
      if (opened.status === 'opened') expect(opened.record.revealable).toEqual([]);
      expect(await rosa('records.reveal', { subject: 'PersonalRecord', id, field: 'ssn' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

      const priya = await signedIn(a, 'priya.shah');
      const queue = valueOf<{ items: { grantId: number; username: string; deniedBecause: string; accessesDuringGrant: number }[] }>(
        await priya('review.queue', { status: 'pending' }),
      );
      expect(queue.items).toHaveLength(1);
      expect(queue.items[0]).toMatchObject({ grantId: grant.grantId, username: 'rosa.diaz', accessesDuringGrant: 1 });
      expect(queue.items[0]!.deniedBecause).toContain('belongs to Constituent Services');
      valueOf(await priya('review.decide', { grantId: grant.grantId, outcome: 'appropriate', note: 'Confirmed with the caller' }));
      expect(valueOf<{ items: unknown[] }>(await priya('review.queue', { status: 'pending' })).items).toEqual([]);
      expect(await lastAudit(a)).toMatchObject({ event: 'break_glass.review', actor_username: 'priya.shah' });
      expect(await rosa('review.queue', { status: 'pending' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

      a.clock.advance(4 * HOUR + 1);
      const later = await signedIn(a, 'rosa.diaz');
      expect(valueOf<OpenResult>(await later('records.open', { subject: 'PersonalRecord', id, purpose })).status).toBe('denied');
    });
  });

  describe('the privacy officer’s audit tools', () => {
    it('finds every access to one citizen, verifies the chain, and audits its own reads', async () => {
      const a = await app();
      const rosa = await signedIn(a, 'rosa.diaz');
      const harper = valueOf<List>(await rosa('records.list', { subject: 'PersonalRecord', search: 'Evelyn Harper' })).items[0]!;
      valueOf(await rosa('records.open', { subject: 'PersonalRecord', id: harper.id, purpose }));
      const priya = await signedIn(a, 'priya.shah');
      const rosaId = valueOf<{ people: { id: number; username: string }[] }>(await priya('audit.people', { query: 'rosa.diaz' })).people[0]!
        .id;
      const who = valueOf<{ records: { subject: string }[]; accesses: { actor: string; event: string }[] }>(
        await priya('audit.whoAccessed', { person: 'evelyn.harper@example.org' }),
      );
      expect(who.records.map((r) => r.subject).sort()).toEqual(['LiveHelpTranscript', 'PersonalRecord']);
      expect(who.accesses.some((e) => e.actor === 'rosa.diaz' && e.event === 'record.open')).toBe(true);
      const verify = valueOf<{ ok: boolean; checked: number }>(await priya('audit.verify'));
      expect(verify.ok).toBe(true);
      const search = valueOf<{ entries: { event: string }[]; total: number }>(
        await priya('audit.search', { filter: { actorId: rosaId, event: 'record.', outcome: 'allowed' }, page: 1, pageSize: 10 }),
      );
      expect(search.total).toBe(2);
      const events = (await auditEvents(a, 'priya.shah')).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining(['audit.who_accessed', 'audit.verify', 'audit.read']));
      expect(await rosa('audit.search', { filter: {}, page: 1, pageSize: 10 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('a call with no session gets nothing and is audited', async () => {
      const a = await app();
      const anon = windowOf(a, 'stranger');
      for (const [channel, input] of [
        ['records.list', { subject: 'CardTransaction' }],
        ['records.open', { subject: 'CardTransaction', id: 1 }],
        ['audit.search', { filter: {} }],
      ] as const) {
        expect(await anon(channel, input)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      }
      expect((await auditEvents(a)).filter((e) => e.event === 'ipc.refused' && e.reason === 'not signed in')).toHaveLength(3);
    });
  });
});
