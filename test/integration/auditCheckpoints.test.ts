/**
 * Signed checkpoints through the running app, on both dialects: when they are written, what the
 * privacy officer and the administrator see of them, the daily verification, and tampering by
 * someone with rights on the database (not the key) caught through the router.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import type { AuditWitnessSettings } from '../../electron/contract/admin.js';
import type { DashboardView } from '../../electron/contract/dashboard.js';
import type { TrailStatusView, VerifyView } from '../../electron/contract/privacy.js';
import { HOUR, MINUTE } from '../../electron/services/clock.js';
import { memoryKeyStore, sealedKeyCustody } from '../../electron/services/keys/custody.js';
import { aesKeySealer } from '../../electron/services/keys/sealer.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { freshDemoDatabase } from '../support/harness/seededTemplate.js';
import { FIXTURE_CONTENT_DIR } from '../support/paths.js';
import { TEST_SEAL_KEY, testKeyCustody } from '../support/testKeys.js';
import { appendTestEntries, createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';

/** This app's checkpoints (the demo template carries the stop checkpoint of the workstation that made it). */
async function checkpoints(app: RunningClearance, workstation = 'test-ws') {
  return app.handle.db.selectFrom('audit_checkpoints').selectAll().where('workstation', '=', workstation).orderBy('id').execute();
}

function witnessLines(folder: string): { seq: number; kind: string; signature: string }[] {
  return readdirSync(folder)
    .filter((n) => n.startsWith('clearance-witness-'))
    .flatMap((n) => readFileSync(join(folder, n), 'utf8').trimEnd().split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { seq: number; kind: string; signature: string });
}

async function dropAuditGuards(app: TestApp): Promise<void> {
  const statements =
    app.dialect === 'postgres'
      ? ['drop trigger audit_log_no_update_delete on audit_log', 'drop trigger audit_log_extends_head on audit_log']
      : ['drop trigger audit_log_no_delete', 'drop trigger audit_log_extends_head'];
  for (const s of statements) await sql.raw(s).execute(app.handle.db);
}

describe.each(testDialects())('audit checkpoints on %s', (dialect) => {
  it('are written at start, at the interval once the trail grew, and at stop; each in the database and the witness', async () => {
    const app = await createTestApp({ dialect });
    const [start] = await checkpoints(app);
    expect(start).toMatchObject({ kind: 'start', workstation: 'test-ws', key_version: 1, witness: app.witnessFolder });
    // The start checkpoint signs the head as found, before this run's first entry (its start-of-logging entry).
    const logStart = await app.handle.db
      .selectFrom('audit_log')
      .select('seq')
      .where('event', '=', 'audit.log_start')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(Number(start!.seq)).toBeLessThan(Number(logStart.seq));

    await app.runScheduledJobs();
    expect(await checkpoints(app)).toHaveLength(1);
    app.clock.advance(61 * MINUTE);
    await appendTestEntries(app, 2);
    await app.runScheduledJobs();
    const [, interval] = await checkpoints(app);
    expect(interval).toMatchObject({ kind: 'interval' });
    const head = await app.handle.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(interval).toMatchObject({ seq: head.seq, head_hash: head.hash });
    // Not due again within the hour, and not without new entries.
    app.clock.advance(30 * MINUTE);
    await appendTestEntries(app, 1);
    await app.runScheduledJobs();
    expect(await checkpoints(app)).toHaveLength(2);

    const alex = await signedIn(app, 'alex.morgan');
    valueOf(await alex('admin.setCheckpointInterval', { minutes: 15 }));
    expect(await alex('admin.setCheckpointInterval', { minutes: 2 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    await app.runScheduledJobs();
    expect((await checkpoints(app)).map((c) => c.kind)).toEqual(['start', 'interval', 'interval']);

    const inDatabase = await checkpoints(app);
    await app.stop();
    const lines = witnessLines(app.witnessFolder);
    expect(lines.map((l) => l.kind)).toEqual(['start', 'interval', 'interval', 'stop']);
    expect(lines.slice(0, 3).map((l) => l.signature)).toEqual(inDatabase.map((c) => c.signature));
  });

  it('are still written at the interval when the clock went back between a stop and the next start', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 2);
    await app.stop();
    // Started again two hours earlier by the clock (corrected by the OS, a restored machine).
    app.clock.set(new Date(app.clock.now().getTime() - 2 * HOUR));
    const again = await startClearance({
      ...(app.url ? { url: app.url } : { sqlitePath: app.sqlitePath }),
      workstation: 'test-ws',
      clock: app.clock,
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
      witnessFolder: app.witnessFolder,
    });
    try {
      app.clock.advance(61 * MINUTE);
      await appendTestEntries(again, 2);
      await again.runScheduledJobs();
      // Due an hour after this run's start checkpoint, though the last run's stop bears a later time.
      expect((await checkpoints(again)).map((c) => c.kind)).toEqual(['start', 'stop', 'start', 'interval']);
      const priya = await signedIn(again, 'priya.shah');
      expect(valueOf<TrailStatusView>(await priya('audit.status')).lastCheckpoint).toMatchObject({ kind: 'interval' });
    } finally {
      await again.stop();
    }
  });

  it('are verified through the router by the privacy officer: status with ages, result in the trail and on the dashboard', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 3);
    app.clock.advance(2 * HOUR);
    await app.runScheduledJobs();
    const priya = await signedIn(app, 'priya.shah');
    const status = valueOf<TrailStatusView>(await priya('audit.status'));
    expect(status).toMatchObject({
      now: app.clock.now().toISOString(),
      lastCheckpoint: { kind: 'interval', workstation: 'test-ws', witnessed: true },
      signing: { available: true, reason: null },
      witness: { folder: app.witnessFolder, lastWrite: { ok: true, error: null } },
      intervalMinutes: 60,
    });
    expect(status.head!.seq).toBeGreaterThan(status.lastCheckpoint!.seq);

    const verified = valueOf<VerifyView>(await priya('audit.verify', {}));
    expect(verified).toMatchObject({
      ok: true,
      problem: null,
      brokenSeq: null,
      checkpointsVerified: 3,
      witnessLines: 2,
      problems: [],
      warnings: [],
    });
    const entry = await app.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'audit.verify')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_username: 'priya.shah', outcome: 'allowed' });
    expect(entry.reason).toMatch(/^trail intact: \d+ entries, 3 signed checkpoints, head [0-9a-f]{16}…$/);
    const dashboard = valueOf<DashboardView>(await priya('dashboard.privacy'));
    expect(dashboard.lastVerification).toMatchObject({ ok: true, scheduled: false, by: 'priya.shah' });

    const rosa = await signedIn(app, 'rosa.diaz');
    expect(await rosa('audit.status')).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only the privacy officer reads the audit trail.',
    });
  });

  it('catch a tail removed by someone with rights on the database, and the verification says so in the trail', async () => {
    const app = await createTestApp({ dialect });
    await appendTestEntries(app, 4);
    app.clock.advance(2 * HOUR);
    await app.runScheduledJobs();
    const signed = Number((await checkpoints(app)).at(-1)!.seq);
    await dropAuditGuards(app);
    await app.handle.db
      .deleteFrom('audit_log')
      .where('seq', '>', signed - 3)
      .execute();
    const priya = await signedIn(app, 'priya.shah');
    const result = valueOf<VerifyView>(await priya('audit.verify', {}));
    // Priya's sign-in went in after the cut, where removed entries were: removed, or removed and replaced.
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: expect.stringMatching(/^(truncated|rewritten)$/), toSeq: signed });
    expect(result.problem).toMatch(new RegExp(`the checkpoint of test-ws at entry ${signed}`));
    const entry = await app.handle.db
      .selectFrom('audit_log')
      .select('reason')
      .where('event', '=', 'audit.verify')
      .where('actor_username', '=', 'priya.shah')
      .executeTakeFirstOrThrow();
    expect(entry.reason).toMatch(/^trail broken: /);
    const dashboard = valueOf<DashboardView>(await priya('dashboard.privacy'));
    expect(dashboard.lastVerification).toMatchObject({ ok: false });
  });

  it('are verified once a day by the schedule, recorded with no person, whichever workstation runs it', async () => {
    const app = await createTestApp({ dialect });
    await app.runScheduledJobs();
    await app.runScheduledJobs();
    const scheduled = () =>
      app.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'audit.verify').where('actor_id', 'is', null).execute();
    const [first, ...rest] = await scheduled();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ actor_username: null, workstation: 'test-ws' });
    expect(first!.reason).toMatch(/^scheduled daily verification: trail intact/);
    // A second workstation on the same database does not verify again the same day.
    const second = await startClearance({
      ...(app.url ? { url: app.url } : { sqlitePath: app.sqlitePath }),
      workstation: 'second-ws',
      clock: app.clock,
      contentDir: FIXTURE_CONTENT_DIR,
      keyCustody: testKeyCustody(),
    });
    try {
      await second.runScheduledJobs();
    } finally {
      await second.stop();
    }
    expect(await scheduled()).toHaveLength(1);
    app.clock.advance(23 * HOUR);
    await app.runScheduledJobs();
    expect(await scheduled()).toHaveLength(1);
    app.clock.advance(2 * HOUR);
    await app.runScheduledJobs();
    expect(await scheduled()).toHaveLength(2);
    const priya = await signedIn(app, 'priya.shah');
    expect(valueOf<DashboardView>(await priya('dashboard.privacy')).lastVerification).toMatchObject({
      ok: true,
      scheduled: true,
      by: null,
    });
  });
});

describe('the witness folder an administrator chooses', () => {
  it('is tried with a write before it is saved, audited, and starts with a checkpoint', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-dl-')));
    const app = await createTestApp({ desktop });
    const alex = await signedIn(app, 'alex.morgan');
    expect(valueOf<AuditWitnessSettings>(await alex('admin.auditWitness'))).toMatchObject({
      folder: app.witnessFolder,
      isDefault: true,
      intervalMinutes: 60,
      signing: { available: true },
    });
    const missing = join(tmpdir(), 'clearance-no-such-folder');
    const refused = await alex('admin.setAuditWitness', { folder: missing });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (!refused.ok)
      expect(refused.message).toBe(
        `The witness file cannot be written in ${missing}: the file or folder does not exist (ENOENT). Nothing was saved.`,
      );
    expect(desktop.chosenWitnessFolder).toBeNull();
    expect(await alex('admin.setAuditWitness', { folder: 'a\u0000b' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });

    const share = mkdtempSync(join(tmpdir(), 'clearance-share-'));
    const saved = valueOf<AuditWitnessSettings>(await alex('admin.setAuditWitness', { folder: share }));
    expect(saved).toMatchObject({ folder: share, isDefault: false, lastWrite: { ok: true } });
    expect(witnessLines(share).map((l) => l.kind)).toEqual(['interval']);
    expect(
      await app.handle.db.selectFrom('audit_log').select('reason').where('event', '=', 'admin.audit_witness').executeTakeFirst(),
    ).toEqual({
      reason: `audit witness folder set to ${share}`,
    });

    // The share goes away: the checkpoint is kept without it, the administrator sees why, verification names it.
    rmSync(share, { recursive: true });
    await appendTestEntries(app, 1);
    app.clock.advance(2 * HOUR);
    await app.runScheduledJobs();
    expect((await checkpoints(app)).at(-1)).toMatchObject({ kind: 'interval', witness: null });
    const again = await signedIn(app, 'alex.morgan', undefined, 'window-alex-2');
    const after = valueOf<AuditWitnessSettings>(await again('admin.auditWitness'));
    expect(after.lastWrite).toMatchObject({ ok: false, error: 'the file or folder does not exist (ENOENT)' });
    const report = await app.services.auditIntegrity.verify();
    expect(report.problems[0]).toMatchObject({ kind: 'witness-unreadable' });
    expect(existsSync(share)).toBe(false);

    const rosa = await signedIn(app, 'rosa.diaz');
    expect(await rosa('admin.setAuditWitness', { folder: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('is not written on a workstation without the key, which says why', async () => {
    const app = await startClearance({
      sqlitePath: await freshDemoDatabase(FIXTURE_CONTENT_DIR),
      workstation: 'new-ws',
      contentDir: FIXTURE_CONTENT_DIR,
      // A workstation that has not been given the deployment's master key.
      keyCustody: sealedKeyCustody(memoryKeyStore(), aesKeySealer(TEST_SEAL_KEY)),
      // Its witness folder was never written to, so it does not exist yet.
      witnessFolder: join(mkdtempSync(join(tmpdir(), 'clearance-witness-')), 'not-yet'),
    });
    try {
      await app.runScheduledJobs();
      expect(await app.handle.db.selectFrom('audit_checkpoints').selectAll().where('workstation', '=', 'new-ws').execute()).toEqual([]);
      // Verified here, the trail is not called broken for a witness this workstation could never have written.
      const report = await app.services.auditIntegrity.verify();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.warnings).toContainEqual(expect.stringMatching(/^No checkpoint has been written to the witness folder .*not-yet yet/));
      const alex = await signedIn(app, 'alex.morgan');
      const me = await app.services.keys.thisWorkstation();
      expect(valueOf<AuditWitnessSettings>(await alex('admin.auditWitness')).signing).toEqual({
        available: false,
        reason: `it is not yet enrolled: ask an administrator to approve request ${me.reference}`,
      });
    } finally {
      await app.stop();
    }
  });
});
