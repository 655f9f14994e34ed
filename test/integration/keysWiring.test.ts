/**
 * One key hierarchy for the running app: the first workstation on an empty database makes master
 * key version 1 exactly once; card numbers are sealed and opened through it; a workstation that
 * does not hold the key, or has no keychain, refuses the card features and says why.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import type { DialectName } from '../../db/connection.js';
import { ManualClock } from '../../electron/services/clock.js';
import { memoryKeyStore, sealedKeyCustody } from '../../electron/services/keys/custody.js';
import { masterKey } from '../../electron/services/keys/masterKey.js';
import { aesKeySealer, unavailableSealer } from '../../electron/services/keys/sealer.js';
import { sealedValueVersion } from '../../electron/services/keys/sealedValue.js';
import { emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { CONTENT_DIR, FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { TEST_MASTER_KEY, testKeyRing } from '../support/testKeys.js';
import { createTestApp, signedIn, testDialects, type TestApp } from '../support/testApp.js';
import { openCardNumber } from '../../electron/services/records/cardCipher.js';

const freshCustody = () => sealedKeyCustody(memoryKeyStore(), aesKeySealer(randomBytes(32)));

async function emptyDatabase(dialect: DialectName): Promise<{ sqlitePath: string } | { url: string }> {
  return dialect === 'postgres'
    ? { url: await emptyPostgresDatabase(inject('pgUrl')) }
    : { sqlitePath: join(mkdtempSync(join(tmpdir(), 'clearance-keys-')), 'clearance.db') };
}

async function pendingFinanceCard(a: TestApp) {
  const fin = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'FIN').executeTakeFirstOrThrow();
  return a.handle.db
    .selectFrom('card_transactions')
    .selectAll()
    .where('status', '=', 'pending')
    .where('department_id', '=', fin.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

describe.each(testDialects())('the key hierarchy in the running app on %s', (dialect) => {
  it('makes master key version 1 on an empty database once, audits it without key material, and keeps it across a restart', async () => {
    const database = await emptyDatabase(dialect);
    const custody = freshCustody();
    const start = () => startClearance({ ...database, workstation: 'first-ws', contentDir: FIXTURE_CONTENT_DIR, keyCustody: custody });
    let app: RunningClearance = await start();
    try {
      const [held] = custody.masterKeys().keys;
      expect(held?.version).toBe(1);
      const versions = await app.handle.db.selectFrom('key_versions').selectAll().execute();
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ version: 1, status: 'active', created_on: 'first-ws', created_by: null });
      expect(await app.services.keys.status()).toMatchObject({ available: true, reason: null, currentVersion: 1, heldVersions: [1] });
      const created = await app.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'key.created').execute();
      expect(created).toHaveLength(1);
      const dump = JSON.stringify(await app.handle.db.selectFrom('audit_log').selectAll().execute()) + JSON.stringify(versions);
      expect(dump.includes(held!.bytes.toString('hex'))).toBe(false);
      expect(dump.includes(held!.bytes.toString('base64'))).toBe(false);
      await app.stop();

      app = await start();
      expect(await app.handle.db.selectFrom('key_versions').select('version').execute()).toHaveLength(1);
      const sealed = await app.services.keys.seal('card-numbers', '4111111111111111', 'card_transactions.pan_ciphertext:ORD-1');
      expect(sealedValueVersion(sealed)).toBe(1);
      expect(await app.services.keys.openText('card-numbers', sealed, 'card_transactions.pan_ciphertext:ORD-1')).toBe('4111111111111111');
    } finally {
      await app.stop();
    }
  });

  it('seals the demo card numbers under the test master key, and a card processor reveals one through the ring', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const order = await pendingFinanceCard(a);
    expect(order.pan_ciphertext).toMatch(/^cv1\.1\./);
    const pan = openCardNumber(testKeyRing(), order.pan_ciphertext!, order.order_id);
    const carl = await signedIn(a, 'carl.patel');
    const revealed = await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' });
    expect(revealed.ok && (revealed.value as { value: string }).value.replace(/ /g, '')).toBe(pan);
  });

  it('refuses card numbers, saying why, on a workstation that does not hold the key, while the rest keeps working', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyCustody: freshCustody() });
    expect(await a.services.keys.status()).toMatchObject({ available: false, currentVersion: 1, heldVersions: [] });
    const order = await pendingFinanceCard(a);
    const carl = await signedIn(a, 'carl.patel');
    expect((await carl('records.list', { subject: 'CardTransaction' })).ok).toBe(true);
    expect(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' })).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      message: 'Full card numbers cannot be stored or shown on this workstation: this workstation does not hold the deployment master key.',
    });
  });

  it('does not use a local key whose check value differs from the database (another deployment’s key)', async () => {
    const custody = freshCustody();
    custody.keepMasterKey(masterKey(1, Buffer.alloc(32, 1)));
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyCustody: custody });
    expect(await a.services.keys.status()).toMatchObject({ available: false, heldVersions: [] });
    expect(Buffer.alloc(32, 1).equals(TEST_MASTER_KEY)).toBe(false);
  });

  it('refuses card numbers without a keychain and says so; no key is made or kept', async () => {
    const noKeychain = sealedKeyCustody(memoryKeyStore(), unavailableSealer('the operating system keychain is not available'));
    const database = await emptyDatabase(dialect);
    const app = await startClearance({ ...database, workstation: 'ws', contentDir: FIXTURE_CONTENT_DIR, keyCustody: noKeychain });
    try {
      expect(await app.handle.db.selectFrom('key_versions').selectAll().execute()).toEqual([]);
      expect(await app.services.keys.status()).toMatchObject({
        available: false,
        reason: 'the operating system keychain is not available',
      });
      await expect(app.services.keys.seal('card-numbers', '4111111111111111', 'x')).rejects.toThrow(
        'Protected values cannot be sealed or opened on this workstation: the operating system keychain is not available.',
      );
    } finally {
      await app.stop();
    }
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyCustody: noKeychain });
    const carl = await signedIn(a, 'carl.patel');
    const order = await pendingFinanceCard(a);
    expect(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' })).toMatchObject({
      ok: false,
      code: 'UNAVAILABLE',
      message: 'Full card numbers cannot be stored or shown on this workstation: the operating system keychain is not available.',
    });
  });
});

describe.skipIf(!inject('pgUrl'))('first start of several workstations on one empty PostgreSQL database', () => {
  it('makes exactly one master key: one workstation holds it, the others do not', async () => {
    const url = await emptyPostgresDatabase(inject('pgUrl'));
    const custodies = [1, 2, 3, 4].map(() => freshCustody());
    const apps = await Promise.all(
      custodies.map((keyCustody, i) =>
        startClearance({ url, workstation: `ws-${i + 1}`, contentDir: FIXTURE_CONTENT_DIR, keyCustody, clock: new ManualClock() }),
      ),
    );
    try {
      const db = apps[0]!.handle.db;
      expect(await db.selectFrom('key_versions').select('version').execute()).toEqual([{ version: 1 }]);
      expect(await db.selectFrom('audit_log').select('event').where('event', '=', 'key.created').execute()).toHaveLength(1);
      expect(custodies.filter((c) => c.masterKeys().keys.length === 1)).toHaveLength(1);
      const statuses = await Promise.all(apps.map((a) => a.services.keys.status()));
      expect(statuses.filter((s) => s.available)).toHaveLength(1);
    } finally {
      for (const a of apps) await a.stop();
    }
  });
});
