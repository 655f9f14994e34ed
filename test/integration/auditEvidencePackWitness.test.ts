/**
 * The evidence pack as a witness that is compared: an assessor's copy of the signed checkpoints
 * (audit-checkpoints.jsonl) catches a tail removed by someone who also deleted the database's
 * checkpoints and emptied the witness folder, which the trail alone can no longer show.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { EvidenceVerification, VerifyView } from '../../electron/contract/privacy.js';
import { witnessLine } from '../../electron/services/audit/checkpoint.js';
import { fromCheckpointRow } from '../../electron/services/audit/trailVerifier.js';
import { HOUR } from '../../electron/services/clock.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { appendTestEntries, auditEvents, createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';

/** Someone with every right on the database: guards dropped, the tail and every checkpoint deleted. */
async function cutTailAndCheckpoints(app: TestApp, after: number): Promise<void> {
  const statements =
    app.dialect === 'postgres'
      ? ['drop trigger audit_log_no_update_delete on audit_log', 'drop trigger audit_checkpoints_no_update_delete on audit_checkpoints']
      : ['drop trigger audit_log_no_delete', 'drop trigger audit_checkpoints_no_delete'];
  for (const s of statements) await sql.raw(s).execute(app.handle.db);
  await app.handle.db.deleteFrom('audit_log').where('seq', '>', after).execute();
  await app.handle.db.deleteFrom('audit_checkpoints').execute();
}

describe.each(testDialects())('an evidence pack as a witness, on %s', (dialect) => {
  it('names a tail removed with every checkpoint and the witness, which the trail alone no longer shows', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-pack-')));
    const app = await createTestApp({ dialect, desktop });
    await appendTestEntries(app, 6);
    app.clock.advance(2 * HOUR);
    await app.runScheduledJobs();
    const priya = await signedIn(app, 'priya.shah');
    // The pack's checkpoint file, as dashboard.evidencePack writes it (e2e reports.spec writes a whole pack).
    const packFile = join(mkdtempSync(join(tmpdir(), 'clearance-pack-')), 'audit-checkpoints.jsonl');
    const rows = await app.handle.db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').orderBy('at').orderBy('id').execute();
    writeFileSync(packFile, rows.map((c) => witnessLine(fromCheckpointRow(c))).join(''));
    const signed = await app.handle.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const signedSeq = Number(signed.seq);

    // Untouched, the pack agrees with the database.
    desktop.filesToChoose.push(packFile);
    const clean = valueOf<EvidenceVerification>(await priya('audit.verifyWithEvidencePack'));
    expect(clean).toMatchObject({ status: 'verified', file: 'audit-checkpoints.jsonl', result: { ok: true, problems: [] } });
    expect(desktop.openDialogs.at(-1)!.title).toBe('Choose the audit-checkpoints.jsonl of an evidence pack');

    // Then the tail, every checkpoint in the database and the witness file go.
    await cutTailAndCheckpoints(app, signedSeq - 3);
    for (const f of readdirSync(app.witnessFolder)) rmSync(join(app.witnessFolder, f));
    const alone = valueOf<VerifyView>(await priya('audit.verify'));
    expect(alone.ok).toBe(true);

    desktop.filesToChoose.push(packFile);
    const caught = valueOf<EvidenceVerification>(await priya('audit.verifyWithEvidencePack'));
    if (caught.status !== 'verified') throw new Error('expected a verification');
    expect(caught.result.ok).toBe(false);
    expect(caught.result.problems[0]).toMatchObject({ kind: expect.stringMatching(/^(truncated|rewritten)$/), toSeq: signedSeq });
    expect(caught.result.problem).toMatch(new RegExp(`checkpoint of test-ws at entry ${signedSeq}`));
    const recorded = (await auditEvents(app, 'priya.shah')).filter((e) => e.event === 'audit.verify').at(-1)!;
    expect(recorded.reason).toMatch(/^against the evidence pack file audit-checkpoints\.jsonl \(\d+ checkpoints\): trail broken: /);
    expect(JSON.parse(recorded.details)).toMatchObject({ ok: false, evidencePack: 'audit-checkpoints.jsonl' });
  });

  it('says so when the file chosen holds no checkpoint of this database, and does nothing when the dialog is cancelled', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-pack-')));
    const app = await createTestApp({ dialect, desktop });
    const priya = await signedIn(app, 'priya.shah');
    expect(valueOf<EvidenceVerification>(await priya('audit.verifyWithEvidencePack'))).toEqual({ status: 'cancelled' });

    const other = join(mkdtempSync(join(tmpdir(), 'clearance-other-')), 'audit-checkpoints.jsonl');
    writeFileSync(other, 'not a checkpoint\n');
    desktop.filesToChoose.push(other);
    const refused = await priya('audit.verifyWithEvidencePack');
    expect(refused).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message:
        'audit-checkpoints.jsonl holds no checkpoint of this database: choose the audit-checkpoints.jsonl of an evidence pack written from it.',
    });
    expect((await auditEvents(app, 'priya.shah')).filter((e) => e.event === 'audit.verify')).toHaveLength(0);
  });

  it('is for the privacy officer: a clerk is refused', async () => {
    const app = await createTestApp({ dialect });
    const rosa = await signedIn(app, 'rosa.diaz');
    expect(await rosa('audit.verifyWithEvidencePack')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
