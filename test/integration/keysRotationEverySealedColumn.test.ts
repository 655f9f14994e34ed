/**
 * A rotation covers every protected value the later features store, not only card numbers: the
 * registry of sealed columns is complete (no sealed value sits in a column it does not list), and
 * after a rotation no value anywhere in the database is left under the destroyed version, every
 * value opens to what it was, the keyed lookup hashes follow, and the features that read them (a
 * search by SSN or card number, a sign-in with an authenticator code, a card's expiry) still work.
 */
import { describe, expect, it } from 'vitest';
import type { KeysOverview } from '../../electron/contract/keys.js';
import { CardCipher } from '../../electron/services/records/cardCipher.js';
import { SEALED_COLUMNS, sealedContext, type SealedColumn } from '../../electron/services/keys/sealedColumns.js';
import type { KeyRing } from '../../electron/services/keys/keyRing.js';
import { startClearance } from '../../electron/app/bootstrap.js';
import { openDatabase } from '../../db/connection.js';
import { CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody } from '../support/testKeys.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
import { createTestApp, signedIn, testDialects, valueOf, windowOf, type TestApp } from '../support/testApp.js';
import { demoTotpSecret, freshCode } from '../support/totpCodes.js';

const SEALED = /^cv1\.(\d+)\./;
const columnName = (c: { table: string; column: string }) => `${c.table}.${c.column}`;

/** Every cell of every table that holds a sealed value, by `table.column`, with the versions found. */
async function sealedCells(app: Pick<TestApp, 'handle'>): Promise<Map<string, { count: number; versions: Set<number> }>> {
  const found = new Map<string, { count: number; versions: Set<number> }>();
  const tables = await app.handle.db.introspection.getTables();
  expect(tables.length).toBeGreaterThan(20);
  for (const table of tables) {
    const rows = (await app.handle.db
      .selectFrom(table.name as 'staff')
      .selectAll()
      .execute()) as unknown as Record<string, unknown>[];
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        const m = typeof value === 'string' ? SEALED.exec(value) : null;
        if (!m) continue;
        const cell = found.get(`${table.name}.${column}`) ?? { count: 0, versions: new Set<number>() };
        cell.count += 1;
        cell.versions.add(Number(m[1]));
        found.set(`${table.name}.${column}`, cell);
      }
  }
  return found;
}

/** Each registered column's values in clear, by row id, with the lookup hash stored beside each. */
async function openAll(app: Pick<TestApp, 'handle'>, ring: KeyRing, column: SealedColumn) {
  const cols = [column.idColumn, column.column, column.contextColumn, ...(column.lookup ? [column.lookup.column] : [])];
  const rows = (await app.handle.db
    .selectFrom(column.table as 'staff')
    .select(cols as 'id'[])
    .where(column.column as 'id', 'is not', null)
    .orderBy(column.idColumn as 'id')
    .execute()) as unknown as Record<string, string | number>[];
  return new Map(
    rows.map((r) => [
      Number(r[column.idColumn]),
      {
        plain: ring.openText(column.purpose, String(r[column.column]), sealedContext(column, String(r[column.contextColumn]))),
        lookup: column.lookup ? String(r[column.lookup.column]) : null,
      },
    ]),
  );
}

describe.each(testDialects())('a key rotation on %s', (dialect) => {
  it('re-seals every sealed column of the registry, leaves nothing under the old version anywhere, and the features still work', async () => {
    const app = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyRotationBatchSize: 7 });
    const ring1 = await app.services.keys.requireRing();

    // A phone payment's expiry on one pending order, as the phone-payment screen stores it.
    const pending = await app.handle.db
      .selectFrom('card_transactions')
      .select(['id', 'order_id'])
      .where('status', '=', 'pending')
      .where('pan_ciphertext', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await app.handle.db
      .updateTable('card_transactions')
      .set({ expiry_sealed: await new CardCipher(app.services.keys).sealExpiry('09/29', pending.order_id) })
      .where('id', '=', pending.id)
      .execute();

    // The registry is complete: every column holding a sealed value is in it, and each has values here.
    const before = await sealedCells(app);
    expect([...before.keys()].sort()).toEqual(SEALED_COLUMNS.map(columnName).sort());
    for (const [name, cell] of before) expect([...cell.versions], name).toEqual([1]);
    const clear = new Map<string, Awaited<ReturnType<typeof openAll>>>();
    for (const column of SEALED_COLUMNS) clear.set(columnName(column), await openAll(app, ring1, column));

    const alex = await signedIn(app, 'alex.morgan');
    valueOf(await alex('keys.acknowledgeCustodian', { signature: 'Alex Morgan' }));
    expect(valueOf<KeysOverview>(await alex('keys.requestRotation')).rotation).toMatchObject({ status: 'running', toVersion: 2 });
    await app.services.keys.driveRotation();
    const finished = valueOf<KeysOverview>(await alex('keys.overview'));
    expect(finished.rotation).toMatchObject({ status: 'finished', unreadable: 0 });
    const total = [...before.values()].reduce((n, c) => n + c.count, 0);
    expect(finished.rotation!.resealed).toBe(total);

    // Nothing anywhere is left under version 1, and every value opens to what it was.
    const ring2 = await app.services.keys.requireRing();
    expect(ring2.heldVersions()).toEqual([2]);
    const after = await sealedCells(app);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, cell] of after) {
      expect([...cell.versions], name).toEqual([2]);
      expect(cell.count, name).toBe(before.get(name)!.count);
    }
    for (const column of SEALED_COLUMNS) {
      const now = await openAll(app, ring2, column);
      const was = clear.get(columnName(column))!;
      expect([...now.keys()], columnName(column)).toEqual([...was.keys()]);
      for (const [id, value] of now) {
        expect(value.plain, `${columnName(column)} of row ${id}`).toBe(was.get(id)!.plain);
        if (column.lookup) {
          expect(value.lookup).toBe(ring2.lookupHash(column.lookup.domain, value.plain));
          expect(value.lookup).not.toBe(was.get(id)!.lookup);
        }
      }
    }

    // The features read them as before: a search by SSN, and by card number, an expiry, a sign-in with a code.
    const [personId, person] = [...clear.get('personal_records.ssn_sealed')!].find(() => true)!;
    const found = await app.handle.db
      .selectFrom('personal_records')
      .select('id')
      .where('ssn_lookup', 'in', await app.services.keys.lookupHashes('ssn', person.plain))
      .execute();
    expect(found.map((r) => Number(r.id))).toEqual([personId]);
    const [orderId, order] = [...clear.get('card_transactions.pan_ciphertext')!].find(() => true)!;
    const byPan = await app.handle.db
      .selectFrom('card_transactions')
      .select('id')
      .where('pan_lookup', 'in', await app.services.keys.lookupHashes('card-number', order.plain))
      .execute();
    expect(byPan.map((r) => Number(r.id))).toContain(orderId);
    expect(await new CardCipher(app.services.keys).openExpiry((await expirySealed(app, pending.id))!, pending.order_id)).toBe('09/29');
    // Someone with an authenticator signs in with a code from it: the re-sealed secret is the one their app holds.
    const withFactor = await app.handle.db
      .selectFrom('totp_factors as f')
      .innerJoin('staff as s', 's.id', 'f.staff_id')
      .select(['s.username', 'f.staff_id'])
      .where('f.status', '=', 'active')
      .orderBy('f.staff_id')
      .execute();
    const someone = withFactor.find((r) => demoTotpSecret(r.username) !== null)!;
    expect(someone).toBeDefined();
    const call = windowOf(app, 'after-rotation');
    expect(valueOf<{ state: string }>(await call('auth.signIn', { username: someone.username, password: DEMO_PASSWORD })).state).toBe(
      'needs_code',
    );
    const code = await freshCode(app.handle.db, app.clock, someone.username, demoTotpSecret(someone.username)!);
    expect(valueOf<{ state: string }>(await call('auth.verifyCode', { kind: 'totp', code })).state).toBe('active');
  });

  it('is resumed after a stop in the middle: the next start of a workstation holding the new version finishes it, nothing lost', async () => {
    const custody = testKeyCustody();
    const app = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyRotationBatchSize: 2, keyCustody: custody });
    const ring1 = await app.services.keys.requireRing();
    const clear = new Map<string, Awaited<ReturnType<typeof openAll>>>();
    for (const column of SEALED_COLUMNS) clear.set(columnName(column), await openAll(app, ring1, column));
    const total = [...clear.values()].reduce((n, m) => n + m.size, 0);

    const alex = await signedIn(app, 'alex.morgan');
    valueOf(await alex('keys.acknowledgeCustodian', { signature: 'Alex Morgan' }));
    valueOf(await alex('keys.requestRotation'));
    // The app stops with the rotation under way (it waits for the batch in flight).
    await app.stop();
    const stopped = await openDatabase(app.url ? { url: app.url } : { sqlitePath: app.sqlitePath });
    const { status, resealed } = await rotationRow({ handle: stopped }).finally(() => stopped.close());
    expect(status).toBe('running');
    expect(resealed).toBeLessThan(total);

    const again = await startClearance({
      ...(app.url ? { url: app.url } : { sqlitePath: app.sqlitePath }),
      workstation: 'test-ws',
      clock: app.clock,
      contentDir: CONTENT_DIR,
      keyCustody: custody,
      keyRotationBatchSize: 2,
    });
    try {
      await again.services.keys.driveRotation();
      expect(await rotationRow(again)).toMatchObject({ status: 'finished', unreadable: 0 });
      const ring2 = await again.services.keys.requireRing();
      expect(ring2.heldVersions()).toEqual([2]);
      const after = await sealedCells(again);
      for (const [name, cell] of after) expect([...cell.versions], name).toEqual([2]);
      for (const column of SEALED_COLUMNS) {
        const now = await openAll(again, ring2, column);
        const was = clear.get(columnName(column))!;
        expect(new Map([...now].map(([id, v]) => [id, v.plain])), columnName(column)).toEqual(
          new Map([...was].map(([id, v]) => [id, v.plain])),
        );
      }
    } finally {
      await again.stop();
    }
  });
});

async function expirySealed(app: TestApp, id: number): Promise<string | null> {
  const row = await app.handle.db.selectFrom('card_transactions').select('expiry_sealed').where('id', '=', id).executeTakeFirstOrThrow();
  return row.expiry_sealed;
}

async function rotationRow(app: { handle: { db: TestApp['handle']['db'] } }) {
  const row = await app.handle.db.selectFrom('key_rotations').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { status: row.status, resealed: Number(row.resealed), unreadable: Number(row.unreadable) };
}
