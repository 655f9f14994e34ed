/**
 * The tamper tests of the audit trail on both dialects, done as someone with full rights on the
 * database would (the SQLite file, or a PostgreSQL superuser), but not the master key: through a
 * connection of their own while the app is stopped, removing the guards first where the attack
 * needs it. Verification then runs as an auditor would (on the database, with the witness folder)
 * and in the app started again on it. auditTamperOnFile.test.ts has more cases on the SQLite file.
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startClearance } from '../../electron/app/bootstrap.js';
import { AuditLog } from '../../electron/services/audit/auditLog.js';
import { signCheckpoint } from '../../electron/services/audit/checkpoint.js';
import { verifyTrail, type IntegrityReport } from '../../electron/services/audit/trailVerifier.js';
import { checkpointKeyPair } from '../../electron/services/keys/checkpointKeys.js';
import { databaseIdentity, openDatabase, type DatabaseConfig, type DatabaseHandle } from '../../db/connection.js';
import type { AuditEntry, Database } from '../../db/schema.js';
import { forged, storedColumns } from '../support/auditTamper.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { testKeyCustody, testKeyRing } from '../support/testKeys.js';
import { appendTestEntries, createTestApp, testDialects, type TestApp } from '../support/testApp.js';

const ring = testKeyRing();
const trusted = (version: number) => (ring.holds(version) ? ring.checkpointKeyPair(version).publicKeyBase64 : null);

const configOf = (app: TestApp): DatabaseConfig => (app.url ? { url: app.url } : { sqlitePath: app.sqlitePath });

/** An app that wrote entries and stopped: its database and witness are what the attacker finds. */
async function stoppedApp(dialect: TestApp['dialect'], n = 5): Promise<TestApp> {
  const app = await createTestApp({ dialect });
  await appendTestEntries(app, n);
  await app.stop();
  return app;
}

/** The attacker's own connection, closed after the attack. */
async function tamper(app: TestApp, attack: (db: Kysely<Database>, handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const handle = await openDatabase(configOf(app));
  try {
    await attack(handle.db, handle);
  } finally {
    await handle.close();
  }
}

const GUARDS = {
  sqlite: {
    trail: ['drop trigger audit_log_no_update', 'drop trigger audit_log_no_delete', 'drop trigger audit_log_extends_head'],
    headGuard: ['drop trigger audit_log_extends_head'],
    checkpoints: ['drop trigger audit_checkpoints_no_update', 'drop trigger audit_checkpoints_no_delete'],
  },
  postgres: {
    trail: [
      'drop trigger audit_log_no_update_delete on audit_log',
      'drop trigger audit_log_no_truncate on audit_log',
      'drop trigger audit_log_extends_head on audit_log',
    ],
    headGuard: ['drop trigger audit_log_extends_head on audit_log'],
    checkpoints: [
      'drop trigger audit_checkpoints_no_update_delete on audit_checkpoints',
      'drop trigger audit_checkpoints_no_truncate on audit_checkpoints',
    ],
  },
} as const;

async function drop(db: Kysely<Database>, handle: DatabaseHandle, which: keyof (typeof GUARDS)['sqlite']): Promise<void> {
  for (const statement of GUARDS[handle.dialect][which]) await sql.raw(statement).execute(db);
}

async function rows(db: Kysely<Database>): Promise<AuditEntry[]> {
  return (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((e) => ({
    ...e,
    seq: Number(e.seq),
    actor_id: e.actor_id === null ? null : Number(e.actor_id),
  }));
}

/** A well-formed entry after the head: right seq, right previous hash, right own hash. */
async function forgeAppend(db: Kysely<Database>, fields: Partial<Omit<AuditEntry, 'entry' | 'hash'>>): Promise<AuditEntry> {
  const head = (await rows(db)).at(-1)!;
  const append = forged(head, {
    seq: head.seq + 1,
    at: new Date(new Date(head.at).getTime() + 60_000).toISOString(),
    actor_id: 4,
    actor_username: 'rosa.diaz',
    event: 'record.open',
    resource_type: 'PersonalRecord',
    resource_id: '17',
    outcome: 'allowed',
    reason: 'records clerk of Records Management; training current',
    details: '{}',
    prev_hash: head.hash,
    ...fields,
  });
  await db.insertInto('audit_log').values(storedColumns(append)).execute();
  return append;
}

/**
 * The overwrite path of each dialect: SQLite's INSERT OR REPLACE, PostgreSQL's ON CONFLICT DO UPDATE.
 * Only the bytes and their hash can be written: the database computes every field from the bytes.
 */
async function overwrite(db: Kysely<Database>, handle: DatabaseHandle, e: AuditEntry): Promise<void> {
  if (handle.dialect === 'sqlite') await db.replaceInto('audit_log').values(storedColumns(e)).execute();
  else
    await db
      .insertInto('audit_log')
      .values(storedColumns(e))
      .onConflict((oc) => oc.column('seq').doUpdateSet({ entry: e.entry, hash: e.hash }))
      .execute();
}

/** Verification of the database as it lies, with the app's witness folder: what an auditor runs. */
async function verifyDatabase(app: TestApp): Promise<IntegrityReport> {
  const handle = await openDatabase(configOf(app));
  try {
    return await verifyTrail({
      db: handle.db,
      database: databaseIdentity(configOf(app)),
      witnessFolder: app.witnessFolder,
      trustedPublicKey: trusted,
    });
  } finally {
    await handle.close();
  }
}

/** The app started again on the database (it signs its start checkpoint first), verifying there. */
async function verifyAfterRestart(app: TestApp): Promise<IntegrityReport> {
  const again = await startClearance({
    ...configOf(app),
    workstation: app.workstation,
    clock: app.clock,
    contentDir: FIXTURE_CONTENT_DIR,
    keyCustody: testKeyCustody(),
    witnessFolder: app.witnessFolder,
  });
  try {
    return await again.services.auditIntegrity.verify();
  } finally {
    await again.stop();
  }
}

/** What the chain alone says: the attacks below all leave a chain that links. */
async function chainAlone(app: TestApp) {
  const handle = await openDatabase(configOf(app));
  try {
    return await new AuditLog(handle.db, handle.dialect, app.clock).verify();
  } finally {
    await handle.close();
  }
}

function firstProblem(report: IntegrityReport) {
  expect(report.ok).toBe(false);
  return report.problems[0]!;
}

describe.each(testDialects())('tampering with the audit trail on %s, with every right on the database but not the key', (dialect) => {
  it('an untouched database verifies clean, as an auditor and after the app starts again', async () => {
    const app = await stoppedApp(dialect);
    const report = await verifyDatabase(app);
    expect(report).toMatchObject({ ok: true, problems: [], warnings: [] });
    expect(report.checkpoints.last).toMatchObject({ kind: 'stop', workstation: 'test-ws', seq: report.head!.seq });
    expect(report.witness.lines).toBe(2);
    expect(await verifyAfterRestart(app)).toMatchObject({ ok: true, problems: [], warnings: [] });
  });

  it('truncation of the tail is named with the entries removed, even with the checkpoints in the database gone too', async () => {
    const app = await stoppedApp(dialect);
    let headSeq = 0;
    await tamper(app, async (db, handle) => {
      headSeq = (await rows(db)).at(-1)!.seq;
      await expect(
        db
          .deleteFrom('audit_log')
          .where('seq', '>', headSeq - 4)
          .execute(),
      ).rejects.toThrow(/append-only/);
      await drop(db, handle, 'trail');
      await db
        .deleteFrom('audit_log')
        .where('seq', '>', headSeq - 4)
        .execute();
    });
    expect(firstProblem(await verifyDatabase(app))).toEqual({
      kind: 'truncated',
      message: `The trail ends at entry ${headSeq - 4}, but the stop checkpoint of test-ws at entry ${headSeq} signed entry ${headSeq}: entries ${headSeq - 3}–${headSeq} were removed.`,
      fromSeq: headSeq - 3,
      toSeq: headSeq,
    });

    await tamper(app, async (db, handle) => {
      await drop(db, handle, 'checkpoints');
      await db.deleteFrom('audit_checkpoints').execute();
    });
    const report = await verifyDatabase(app);
    expect(report.checkpoints.inDatabase).toBe(0);
    expect(firstProblem(report)).toMatchObject({ kind: 'truncated', fromSeq: headSeq - 3, toSeq: headSeq });
    expect(firstProblem(await verifyAfterRestart(app))).toMatchObject({ kind: 'truncated', toSeq: headSeq });
  });

  it('a forged append with a correct previous hash is named, though the chain links and the head guard let it in', async () => {
    const app = await stoppedApp(dialect);
    let append: AuditEntry | undefined;
    await tamper(app, async (db) => {
      append = await forgeAppend(db, { workstation: 'test-ws' });
    });
    expect(await chainAlone(app)).toMatchObject({ ok: true });
    const expected = {
      kind: 'forged',
      message: `Entry ${append!.seq} is in the name of test-ws, which had stopped (the stop checkpoint of test-ws at entry ${append!.seq - 1}) and had not started again: not written by Clearance.`,
      fromSeq: append!.seq,
      toSeq: append!.seq,
    };
    expect(firstProblem(await verifyDatabase(app))).toEqual(expected);
    expect(firstProblem(await verifyAfterRestart(app))).toEqual(expected);
  });

  it(`an overwrite through ${dialect === 'sqlite' ? 'INSERT OR REPLACE' : 'INSERT … ON CONFLICT DO UPDATE'} is refused, and named once the guards are dropped`, async () => {
    const app = await stoppedApp(dialect);
    await tamper(app, async (db, handle) => {
      const third = (await rows(db))[2]!;
      const replacement = forged(third, { reason: 'a harmless reason' });
      await expect(overwrite(db, handle, replacement)).rejects.toThrow(/append-only: a new entry must extend the head/);
      await drop(db, handle, 'headGuard');
      // SQLite fires no UPDATE or DELETE trigger for a replace; PostgreSQL's upsert still meets the UPDATE trigger.
      if (handle.dialect === 'postgres') {
        await expect(overwrite(db, handle, replacement)).rejects.toThrow(/audit_log is append-only/);
        await sql.raw('drop trigger audit_log_no_update_delete on audit_log').execute(db);
      }
      await overwrite(db, handle, replacement);
      expect((await rows(db))[2]!.reason).toBe('a harmless reason');
    });
    expect(firstProblem(await verifyDatabase(app))).toEqual({
      kind: 'unlinked',
      message: 'Entry 4 does not link to entry 3: entry 3 was replaced after entry 4 was written.',
      fromSeq: 3,
      toSeq: 4,
    });
  });

  it('a full rewrite by someone without the key is named: the signed heads no longer match, and checkpoints they sign do not verify', async () => {
    const app = await stoppedApp(dialect);
    let stored: Awaited<ReturnType<typeof checkpointRows>> = [];
    let rewritten: AuditEntry[] = [];
    await tamper(app, async (db, handle) => {
      await drop(db, handle, 'trail');
      await drop(db, handle, 'checkpoints');
      let prev = '0'.repeat(64);
      rewritten = (await rows(db)).map((e) => {
        const r = forged(e, { reason: e.seq === 2 ? 'a different story' : e.reason, prev_hash: prev });
        prev = r.hash;
        return r;
      });
      await db.deleteFrom('audit_log').execute();
      for (const e of rewritten) await db.insertInto('audit_log').values(storedColumns(e)).execute();
      stored = await checkpointRows(db);
    });
    expect(await chainAlone(app)).toMatchObject({ ok: true });
    const first = stored[0]!;
    const firstName = `the ${first.kind} checkpoint of ${first.workstation} at entry ${first.seq}`;
    expect(firstProblem(await verifyDatabase(app))).toEqual({
      kind: 'rewritten',
      message: `Entry ${first.seq} is not the entry ${firstName} signed: entries 1–${first.seq} were removed or replaced.`,
      fromSeq: 1,
      toSeq: first.seq,
    });

    // They replace the checkpoints with their own, signed with a key they made.
    const theirs = checkpointKeyPair(Buffer.alloc(32, 66));
    await tamper(app, async (db) => {
      await db.deleteFrom('audit_checkpoints').execute();
      for (const c of stored) {
        const signed = signCheckpoint(
          {
            database: c.database_id,
            seq: c.seq,
            headHash: rewritten[c.seq - 1]!.hash,
            at: c.at,
            workstation: c.workstation,
            kind: c.kind,
            witness: null,
          },
          { keyVersion: 1, publicKeyBase64: theirs.publicKeyBase64, sign: (m) => theirs.sign(m) },
        );
        await db
          .insertInto('audit_checkpoints')
          .values({
            database_id: signed.database,
            seq: signed.seq,
            head_hash: signed.headHash,
            at: signed.at,
            workstation: signed.workstation,
            kind: signed.kind,
            key_version: 1,
            witness: null,
            public_key: signed.publicKey,
            signature: signed.signature,
          })
          .execute();
      }
    });
    const report = await verifyDatabase(app);
    expect(firstProblem(report)).toMatchObject({ kind: 'rewritten', fromSeq: 1, toSeq: first.seq });
    expect(report.problems.filter((p) => p.kind === 'bad-signature')).toHaveLength(stored.length);
    expect(firstProblem(await verifyAfterRestart(app))).toMatchObject({ kind: 'rewritten', fromSeq: 1 });
  });
});

async function checkpointRows(db: Kysely<Database>) {
  return (await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute()).map((c) => ({
    database_id: c.database_id,
    seq: Number(c.seq),
    at: c.at,
    workstation: c.workstation,
    kind: c.kind,
  }));
}
