import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY } from '../../electron/services/clock.js';
import type { DisposalCertificateView, LegalHoldView, RetentionRuleView } from '../../electron/contract/retention.js';
import { idRanges } from '../../electron/services/records/retention.js';
import { auditEvents, createTestApp, signedIn, testDialects, valueOf, type TestApp } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

type Overview = {
  canManage: boolean;
  canHold: boolean;
  rules: RetentionRuleView[];
  holds: LegalHoldView[];
  certificates: DisposalCertificateView[];
};

/** Transcript ids and dates, oldest first. */
async function transcripts(a: TestApp) {
  return a.handle.db.selectFrom('live_help_transcripts').select(['id', 'started_at', 'visitor_name']).orderBy('started_at').execute();
}

describe('id ranges on a certificate', () => {
  it('read as runs', () => {
    expect(idRanges([9, 1, 2, 3, 7, 10])).toBe('1-3, 7, 9-10');
    expect(idRanges([4])).toBe('4');
    expect(idRanges([])).toBe('');
  });
});

describe.each(testDialects())('retention on %s', (dialect) => {
  const app = () => createTestApp({ contentDir: CONTENT_DIR, dialect });

  it('disposes of expired records in audited batches with a certificate, except what a legal hold keeps, until it is lifted', async () => {
    const a = await app();
    const alex = await signedIn(a, 'alex.morgan');
    const priya = await signedIn(a, 'priya.shah');
    const all = await transcripts(a);
    // The demo's transcripts are 1 to 120 days old: with a 60-day period the older ones are due.
    const cutoff = new Date(a.clock.now().getTime() - 60 * DAY).toISOString();
    const due = all.filter((t) => t.started_at < cutoff);
    expect(due.length).toBeGreaterThan(6);
    const rule = valueOf<RetentionRuleView>(await alex('retention.setPeriod', { subject: 'LiveHelpTranscript', days: 60 }));
    expect(rule).toMatchObject({ days: 60, due: due.length, held: 0 });
    expect(rule.rule).toBe('Live Help transcripts are disposed of 60 days after the session.');

    // A hold on one record, and one on a person (by name, whatever the case), keep theirs.
    const heldRecord = due[0]!;
    const heldPerson = due[1]!;
    const recordHold = valueOf<LegalHoldView>(
      await priya('retention.placeHold', {
        scope: 'record',
        subject: 'LiveHelpTranscript',
        id: heldRecord.id,
        reason: 'Open-records litigation 2026-17',
      }),
    );
    expect(recordHold.covers).toBe(`Live Help transcript No. ${heldRecord.id}`);
    const personHold = valueOf<LegalHoldView>(
      await priya('retention.placeHold', {
        scope: 'person',
        name: `  ${heldPerson.visitor_name.toUpperCase()} `,
        reason: 'Complaint under investigation',
      }),
    );
    const personEntry = (await auditEvents(a, 'priya.shah')).filter((e) => e.event === 'legal_hold.place').at(-1)!;
    expect(JSON.stringify(personEntry)).not.toContain(heldPerson.visitor_name);

    // Someone else's transcript, with an access in the trail before it goes.
    const gone = due.find((t) => t.id !== heldRecord.id && t.visitor_name !== heldPerson.visitor_name)!;
    await a.services.audit.record({
      actor: null,
      workstation: 'ws',
      event: 'record.open',
      outcome: 'allowed',
      resource: { type: 'LiveHelpTranscript', id: gone.id },
      reason: 'an access before disposal',
    });

    const certificates = await a.services.retention.disposeExpired(null, 'ws', 3);
    const heldIds = due.filter((t) => t.id === heldRecord.id || t.visitor_name === heldPerson.visitor_name).map((t) => t.id);
    const disposedIds = due.map((t) => t.id).filter((id) => !heldIds.includes(id));
    expect(certificates).toHaveLength(1);
    const cert = certificates[0]!;
    expect(cert).toMatchObject({
      subject: 'LiveHelpTranscript',
      rule: 'Live Help transcripts are disposed of 60 days after the session.',
      disposed: disposedIds.length,
      held: heldIds.length,
      batches: Math.ceil(disposedIds.length / 3),
      idRanges: idRanges(disposedIds),
      by: 'The daily disposal job',
    });
    const sorted = [...disposedIds].sort((x, y) => x - y);
    expect(cert.idsSha256).toBe(
      createHash('sha256')
        .update(`LiveHelpTranscript:${sorted.join(',')}`)
        .digest('hex'),
    );

    const left = (await transcripts(a)).map((t) => t.id);
    for (const id of disposedIds) expect(left).not.toContain(id);
    for (const id of heldIds) expect(left).toContain(id);
    expect(left).toHaveLength(all.length - disposedIds.length);

    const trail = await auditEvents(a);
    const batches = trail.filter((e) => e.event === 'retention.dispose_batch');
    expect(batches).toHaveLength(cert.batches);
    expect(batches.reduce((n, e) => n + (JSON.parse(e.details) as { disposed: number }).disposed, 0)).toBe(disposedIds.length);
    const certEntry = trail.find((e) => e.event === 'retention.certificate')!;
    expect(certEntry).toMatchObject({ resource_type: 'DisposalCertificate', resource_id: String(cert.id), seq: cert.auditSeq });
    expect(JSON.parse(certEntry.details)).toMatchObject({
      disposed: disposedIds.length,
      heldBack: heldIds.length,
      idsSha256: cert.idsSha256,
    });
    // The trail outlives the records it mentions, and still verifies.
    expect(trail.some((e) => e.event === 'record.open' && e.resource_id === String(gone.id))).toBe(true);
    expect(valueOf<{ ok: boolean }>(await priya('audit.verify')).ok).toBe(true);

    // Nothing more goes while the holds stand; lifting them lets the next run take what they kept.
    expect(await a.services.retention.disposeExpired(null, 'ws', 3)).toEqual([]);
    valueOf(await priya('retention.liftHold', { holdId: recordHold.id, reason: 'Litigation settled; hold released by counsel' }));
    valueOf(await priya('retention.liftHold', { holdId: personHold.id, reason: 'Investigation closed with no finding' }));
    const overview = valueOf<Overview>(await alex('retention.overview'));
    expect(overview.holds.every((h) => h.liftedBy === 'Priya Shah')).toBe(true);
    expect(overview.rules.find((r) => r.subject === 'LiveHelpTranscript')).toMatchObject({ due: heldIds.length, held: 0 });
    const second = valueOf<{ certificates: DisposalCertificateView[] }>(await alex('retention.dispose'));
    expect(second.certificates).toHaveLength(1);
    expect(second.certificates[0]).toMatchObject({ disposed: heldIds.length, held: 0, by: 'Alex Morgan' });
    expect((await transcripts(a)).every((t) => t.started_at >= cutoff)).toBe(true);
  });

  it('keeps pending card orders and deletes a disposed record’s sealed values and keyed hashes with it', async () => {
    const a = await app();
    a.clock.advance(40 * DAY);
    const alex = await signedIn(a, 'alex.morgan');
    valueOf(await alex('retention.setPeriod', { subject: 'CardTransaction', days: 30 }));
    const before = await a.handle.db.selectFrom('card_transactions').selectAll().execute();
    const cutoff = new Date(a.clock.now().getTime() - 30 * DAY).toISOString();
    const pendingDue = before.filter((c) => c.status === 'pending' && c.created_at < cutoff);
    const processedDue = before.filter((c) => c.status === 'processed' && c.created_at < cutoff);
    expect(pendingDue.length).toBeGreaterThan(0);
    expect(processedDue.length).toBeGreaterThan(0);
    await a.services.retention.disposeExpired(null, 'ws');
    const after = await a.handle.db.selectFrom('card_transactions').selectAll().execute();
    expect(after).toHaveLength(before.length - processedDue.length);
    for (const c of pendingDue) expect(after.map((x) => x.id)).toContain(c.id);

    valueOf(await alex('retention.setPeriod', { subject: 'PersonalRecord', days: 30 }));
    const people = await a.handle.db
      .selectFrom('personal_records')
      .select(['id', 'ssn_lookup'])
      .where('received_at', '<', cutoff)
      .execute();
    expect(people.length).toBeGreaterThan(0);
    await a.services.retention.disposeExpired(null, 'ws');
    const hashes = await a.handle.db.selectFrom('personal_records').select('ssn_lookup').execute();
    for (const p of people) expect(hashes.map((h) => h.ssn_lookup)).not.toContain(p.ssn_lookup);
  });

  it('is managed by administrators; the privacy officer places holds but sets no period; others see nothing', async () => {
    const a = await app();
    const priya = await signedIn(a, 'priya.shah');
    expect(valueOf<Overview>(await priya('retention.overview'))).toMatchObject({ canManage: false, canHold: true });
    expect(await priya('retention.setPeriod', { subject: 'PersonalRecord', days: 90 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only administrators set retention periods and run disposal.',
    });
    expect(await priya('retention.dispose')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const rosa = await signedIn(a, 'rosa.diaz');
    expect(await rosa('retention.overview')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(
      await rosa('retention.placeHold', { scope: 'person', email: 'a@example.org', reason: 'I would like to keep this' }),
    ).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await priya('retention.placeHold', { scope: 'person', reason: 'Nobody in particular at all' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(
      await priya('retention.placeHold', { scope: 'record', subject: 'PersonalRecord', id: 99999, reason: 'A record that is not there' }),
    ).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
