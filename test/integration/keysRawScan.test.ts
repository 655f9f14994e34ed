/**
 * No key material in the database: after a first start, an enrolment, card reveals and a full
 * rotation at two workstations, neither the master key versions, nor any purpose key, nor a
 * workstation's private key appears in the database (on SQLite: the raw file and its WAL, byte
 * by byte; on PostgreSQL: every row of every table), nor in clear in the custody folders.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import type { KeysOverview } from '../../electron/contract/keys.js';
import { ManualClock } from '../../electron/services/clock.js';
import { folderKeyStore, sealedKeyCustody, type KeyCustody } from '../../electron/services/keys/custody.js';
import { KEY_PURPOSES, derivePurposeKey } from '../../electron/services/keys/purposes.js';
import { keyFileSealer } from '../../electron/services/keys/sealer.js';
import { DEMO_START } from '../support/harness/seededTemplate.js';
import { CONTENT_DIR } from '../support/paths.js';
import { emptyPostgresDatabase } from '../support/postgresTestDb.js';
import { signedIn, testDialects, valueOf } from '../support/testApp.js';

function folderCustody(): { custody: KeyCustody; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-scan-custody-'));
  return { custody: sealedKeyCustody(folderKeyStore(join(dir, 'keys')), keyFileSealer(join(dir, 'seal.key'), {})), dir };
}

/** Every spelling of the bytes that could end up in a database: raw, hex (both cases), base64, base64url. */
function spellings(secret: Buffer): Buffer[] {
  const hex = secret.toString('hex');
  return [
    secret,
    Buffer.from(hex),
    Buffer.from(hex.toUpperCase()),
    Buffer.from(secret.toString('base64')),
    Buffer.from(secret.toString('base64url')),
  ];
}

async function everyRow(app: RunningClearance): Promise<Buffer> {
  const tables = await app.handle.db.introspection.getTables();
  const parts: Buffer[] = [];
  for (const t of tables) {
    const rows = await app.handle.db
      .selectFrom(t.name as 'staff')
      .selectAll()
      .execute();
    parts.push(Buffer.from(JSON.stringify(rows)));
  }
  return Buffer.concat(parts);
}

/** The SQLite file byte by byte, with its write-ahead log while the app runs (after it stops, the log is folded in). */
function scanFiles(path: string, secrets: Buffer[], running: boolean): void {
  const files = [path, `${path}-wal`, `${path}-shm`].filter((f) => existsSync(f));
  if (running) expect(files).toContain(`${path}-wal`);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of secrets) for (const form of spellings(secret)) expect(bytes.includes(form), `key material in ${file}`).toBe(false);
  }
}

describe.each(testDialects())('raw scan for key material on %s', (dialect) => {
  it('finds no master, purpose or workstation private key anywhere in the database or in clear in custody', async () => {
    const database =
      dialect === 'postgres'
        ? { url: await emptyPostgresDatabase(inject('pgUrl')) }
        : { sqlitePath: join(mkdtempSync(join(tmpdir(), 'clearance-scan-')), 'clearance.db') };
    const clock = new ManualClock(DEMO_START);
    const deskA = folderCustody();
    const deskB = folderCustody();
    const common = { ...database, clock, contentDir: CONTENT_DIR, keyRotationBatchSize: 4 };
    const a = await startClearance({ ...common, workstation: 'desk-a', keyCustody: deskA.custody, seedDemoIfEmpty: true });
    const b = await startClearance({ ...common, workstation: 'desk-b', keyCustody: deskB.custody });
    const secrets: Buffer[] = [];
    try {
      const v1 = deskA.custody.masterKeys().keys[0]!;
      const alex = await signedIn(a, 'alex.morgan');
      valueOf(await alex('keys.acknowledgeCustodian', { signature: 'Alex Morgan' }));
      const request = valueOf<KeysOverview>(await alex('keys.overview')).workstations.find((w) => w.name === 'desk-b')!;
      valueOf(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
      const carl = await signedIn(b, 'carl.patel');
      const fin = await a.handle.db.selectFrom('departments').select('id').where('code', '=', 'FIN').executeTakeFirstOrThrow();
      const order = await a.handle.db
        .selectFrom('card_transactions')
        .select('id')
        .where('status', '=', 'pending')
        .where('department_id', '=', fin.id)
        .executeTakeFirstOrThrow();
      valueOf(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' }));

      valueOf(await alex('keys.requestRotation'));
      await a.services.keys.driveRotation();
      expect(valueOf<KeysOverview>(await alex('keys.overview')).rotation?.status).toBe('finished');
      valueOf(await carl('records.reveal', { subject: 'CardTransaction', id: order.id, field: 'pan' }));
      const v2 = deskB.custody.masterKeys().keys.find((k) => k.version === 2)!;
      expect(v2).toBeDefined();

      for (const master of [v1, v2]) {
        secrets.push(master.bytes);
        for (const purpose of KEY_PURPOSES) secrets.push(derivePurposeKey(master.bytes, purpose));
      }
      secrets.push(deskA.custody.workstationKeyPair().privateKey, deskB.custody.workstationKeyPair().privateKey);
      const rows = await everyRow(a);
      for (const secret of secrets) for (const form of spellings(secret)) expect(rows.includes(form)).toBe(false);
      if (dialect === 'sqlite') scanFiles((database as { sqlitePath: string }).sqlitePath, secrets, true);
    } finally {
      await b.stop();
      await a.stop();
    }
    if (dialect === 'sqlite') scanFiles((database as { sqlitePath: string }).sqlitePath, secrets, false);
    // The custody folders hold the keys sealed, never in clear.
    for (const { dir } of [deskA, deskB]) {
      const held = Buffer.concat(readdirSync(join(dir, 'keys')).map((f) => readFileSync(join(dir, 'keys', f))));
      expect(held.length).toBeGreaterThan(0);
      for (const secret of secrets) for (const form of spellings(secret)) expect(held.includes(form)).toBe(false);
    }
  });
});
