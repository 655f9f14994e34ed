/**
 * One key hierarchy for the running app: the first-run setup of an empty database makes master
 * key version 1 exactly once, on the workstation that sets it up; card numbers are sealed and opened through it; a workstation that
 * does not hold the key, or has no keychain, refuses the card features and says why.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
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
import { TEST_MASTER_KEY, testKeyCustody, testKeyRing } from '../support/testKeys.js';
import {
  createTestApp,
  setUpOrganization,
  signedIn,
  signedInWithRecoveryCode,
  testDialects,
  valueOf,
  windowOf,
  type TestApp,
} from '../support/testApp.js';
import { DEMO_PASSWORD } from '../../demo/demoAccounts.js';
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
  it('makes master key version 1 at the setup of an empty database once, audits it without key material, and keeps it across a restart', async () => {
    const database = await emptyDatabase(dialect);
    const custody = freshCustody();
    const start = () => startClearance({ ...database, workstation: 'first-ws', contentDir: FIXTURE_CONTENT_DIR, keyCustody: custody });
    let app: RunningClearance = await start();
    try {
      expect(await app.handle.db.selectFrom('key_versions').selectAll().execute()).toEqual([]);
      expect(await setUpOrganization(app, 'setup-window', 'first-ws')).toMatchObject({ ok: true });
      const [held] = custody.masterKeys().keys;
      expect(held?.version).toBe(1);
      const versions = await app.handle.db.selectFrom('key_versions').selectAll().execute();
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ version: 1, status: 'active', created_on: 'first-ws' });
      expect(versions[0]!.created_by).not.toBeNull();
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

  it('refuses card numbers on a workstation that is not enrolled, naming its request, while the rest keeps working', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyCustody: freshCustody(), workstation: 'new-desk' });
    expect(await a.services.keys.status()).toMatchObject({ available: false, currentVersion: 1, heldVersions: [] });
    const me = await a.services.keys.thisWorkstation();
    expect(me).toMatchObject({ name: 'new-desk', state: 'pending' });
    expect(me.fingerprint).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(me.reference).toBe(me.fingerprint!.slice(0, 9));
    const request = await a.handle.db.selectFrom('workstations').selectAll().where('id', '=', me.id!).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ name: 'new-desk', status: 'pending', fingerprint: me.fingerprint });
    const requested = await a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'key.enrolment_requested').execute();
    expect(requested).toHaveLength(1);
    expect(requested[0]!.reason).toContain(me.fingerprint!);

    const order = await pendingFinanceCard(a);
    // Codes from the app cannot be checked here either (the secret is sealed); a recovery code still works.
    const w = windowOf(a, 'w-code');
    valueOf(await w('auth.signIn', { username: 'carl.patel', password: DEMO_PASSWORD }));
    const code = await w('auth.verifyCode', { kind: 'totp', code: '123456' });
    expect(code).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    if (!code.ok)
      expect(code.message).toContain(
        `cannot be checked on this workstation: it is not yet enrolled: ask an administrator to approve request ${me.reference}`,
      );
    const carl = await signedInWithRecoveryCode(a, 'carl.patel');
    expect((await carl('records.list', { subject: 'CardTransaction' })).ok).toBe(true);
    expect(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' })).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      message: `This workstation is not yet enrolled for card data: ask an administrator to approve request ${me.reference}.`,
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
        'This workstation cannot use protected values: the operating system keychain is not available. There is no fallback without the keychain.',
      );
      expect(await app.handle.db.selectFrom('workstations').selectAll().execute()).toEqual([]);
    } finally {
      await app.stop();
    }
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, keyCustody: noKeychain });
    const carl = await signedInWithRecoveryCode(a, 'carl.patel');
    const order = await pendingFinanceCard(a);
    expect(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' })).toMatchObject({
      ok: false,
      code: 'UNAVAILABLE',
      message:
        'This workstation cannot use card data: the operating system keychain is not available. There is no fallback without the keychain.',
    });
  });
});

/** How card numbers were sealed before the key hierarchy: one AES-256-GCM key per workstation, the order id as AAD. */
function legacySeal(key: Buffer, pan: string, orderId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(orderId));
  const body = Buffer.concat([cipher.update(pan, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

describe.each(testDialects())('a database from before the key hierarchy on %s', (dialect) => {
  it('moves the numbers of the old card key into the hierarchy on first start, then removes the old key', async () => {
    const first = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const ring = testKeyRing();
    const oldKey = randomBytes(32);
    const otherDesksKey = randomBytes(32);
    const pending = await first.handle.db
      .selectFrom('card_transactions')
      .selectAll()
      .where('pan_ciphertext', 'is not', null)
      .orderBy('id')
      .execute();
    const pans = new Map(pending.map((o) => [o.id, openCardNumber(ring, o.pan_ciphertext!, o.order_id)]));
    for (const [i, o] of pending.entries()) {
      const sealed = legacySeal(i === 0 ? otherDesksKey : oldKey, pans.get(o.id)!, o.order_id);
      await first.handle.db.updateTable('card_transactions').set({ pan_ciphertext: sealed }).where('id', '=', o.id).execute();
    }
    await first.stop();

    let kept: Buffer | null = Buffer.from(oldKey);
    const app = await startClearance({
      ...(first.url ? { url: first.url } : { sqlitePath: first.sqlitePath }),
      workstation: 'upgraded-ws',
      contentDir: CONTENT_DIR,
      clock: first.clock,
      keyCustody: testKeyCustody(),
      legacyCardKey: { read: () => (kept ? Buffer.from(kept) : null), remove: () => void (kept = null) },
    });
    try {
      expect(kept).toBeNull();
      const after = await app.handle.db
        .selectFrom('card_transactions')
        .selectAll()
        .where('pan_ciphertext', 'is not', null)
        .orderBy('id')
        .execute();
      expect(after).toHaveLength(pending.length);
      // The number sealed with another desk's old key is left for that desk; every other one opens under the hierarchy.
      expect(after[0]!.pan_ciphertext).not.toMatch(/^cv1\./);
      for (const o of after.slice(1)) expect(openCardNumber(ring, o.pan_ciphertext!, o.order_id)).toBe(pans.get(o.id));
      const entry = await app.handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('event', '=', 'key.legacy_card_key_migrated')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.details)).toEqual({ resealed: pending.length - 1, notOpened: 1, version: 1 });
      expect(entry.details.includes(oldKey.toString('base64'))).toBe(false);
    } finally {
      await app.stop();
    }
  });
});

describe.skipIf(!inject('pgUrl'))('first start of several workstations on one empty PostgreSQL database', () => {
  it('makes exactly one master key at the setup: the workstation that set it up holds it, the others do not', async () => {
    const url = await emptyPostgresDatabase(inject('pgUrl'));
    const custodies = [1, 2, 3, 4].map(() => freshCustody());
    const apps = await Promise.all(
      custodies.map((keyCustody, i) =>
        startClearance({ url, workstation: `ws-${i + 1}`, contentDir: FIXTURE_CONTENT_DIR, keyCustody, clock: new ManualClock() }),
      ),
    );
    try {
      const db = apps[0]!.handle.db;
      expect(await db.selectFrom('key_versions').select('version').execute()).toEqual([]);
      const setups = await Promise.all(apps.map((a, i) => setUpOrganization(a, `w-${i}`, `ws-${i + 1}`)));
      expect(setups.filter((r) => r.ok)).toHaveLength(1);
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
