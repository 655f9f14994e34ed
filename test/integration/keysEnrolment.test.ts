/**
 * Two workstations on one database, each with its own key custody (a folder sealed by its own
 * key file, as the OS keychain would): enrolment by fingerprint, refusal, dual control, custodian
 * acknowledgement, rotation during activity, and retirement.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startClearance, type RunningClearance } from '../../electron/app/bootstrap.js';
import { HOUR } from '../../electron/services/clock.js';
import { folderKeyStore, sealedKeyCustody, type KeyCustody } from '../../electron/services/keys/custody.js';
import { keyFileSealer } from '../../electron/services/keys/sealer.js';
import { openCardNumber, sealCardNumber } from '../../electron/services/records/cardCipher.js';
import type { KeysOverview } from '../../electron/contract/keys.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf, type Call, type TestApp } from '../support/testApp.js';
import { TEST_MASTER_KEY } from '../support/testKeys.js';

const started: RunningClearance[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.stop();
});

interface Desk {
  app: RunningClearance;
  custody: KeyCustody;
  folder: string;
}

/** Another workstation on A's database, with a custody folder of its own. */
async function secondDesk(a: TestApp, name: string): Promise<Desk> {
  const folder = mkdtempSync(join(tmpdir(), `clearance-${name}-`));
  const custody = sealedKeyCustody(folderKeyStore(join(folder, 'keys')), keyFileSealer(join(folder, 'seal.key'), {}));
  const app = await startClearance({
    ...(a.url ? { url: a.url } : { sqlitePath: a.sqlitePath }),
    workstation: name,
    clock: a.clock,
    contentDir: CONTENT_DIR,
    keyCustody: custody,
    keyRotationBatchSize: 3,
  });
  started.push(app);
  return { app, custody, folder };
}

async function pendingOrders(app: RunningClearance, department = 'FIN') {
  const dept = await app.handle.db.selectFrom('departments').select('id').where('code', '=', department).executeTakeFirstOrThrow();
  return app.handle.db
    .selectFrom('card_transactions')
    .selectAll()
    .where('status', '=', 'pending')
    .where('department_id', '=', dept.id)
    .orderBy('id')
    .execute();
}

const overview = (r: Awaited<ReturnType<Call>>) => valueOf<KeysOverview>(r);

async function custodian(app: RunningClearance, username: string, fullName: string): Promise<Call> {
  const call = await signedIn(app, username);
  valueOf(await call('keys.acknowledgeCustodian', { signature: fullName }));
  return call;
}

async function grantAdministrator(app: RunningClearance, username: string): Promise<void> {
  const { id } = await app.handle.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  await app.handle.db.insertInto('staff_roles').values({ staff_id: id, role_key: 'administrator', granted_at: '2026-01-01' }).execute();
}

const events = async (app: RunningClearance, prefix = 'key.') =>
  (await app.handle.db.selectFrom('audit_log').selectAll().where('event', 'like', `${prefix}%`).orderBy('seq').execute()).map(
    (e) => e.event,
  );

describe.each(testDialects())('keys across workstations on %s', (dialect) => {
  const deskA = () => createTestApp({ contentDir: CONTENT_DIR, dialect, workstation: 'desk-a', keyRotationBatchSize: 3 });

  it('a number entered at desk A is refused at desk B until an administrator approves B by its fingerprint, then revealed and processed there', async () => {
    const a = await deskA();
    const b = await secondDesk(a, 'desk-b');
    const [order] = await pendingOrders(a);
    // "Entered at A": A seals a new number for the order with its own ring.
    const pan = '4539578763621486';
    const sealed = sealCardNumber(await a.services.keys.requireRing(), pan, order!.order_id);
    await a.handle.db.updateTable('card_transactions').set({ pan_ciphertext: sealed }).where('id', '=', order!.id).execute();

    const me = await b.app.services.keys.thisWorkstation();
    expect(me).toMatchObject({ name: 'desk-b', state: 'pending' });
    const carlAtB = await signedIn(b.app, 'carl.patel');
    expect(await carlAtB('records.reveal', { subject: 'CardTransaction', id: order!.id, field: 'pan' })).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      message: `This workstation is not yet enrolled for card data: ask an administrator to approve request ${me.reference}.`,
    });
    expect(valueOf<{ message: string | null }>(await carlAtB('keys.thisWorkstation')).message).toContain(me.reference!);

    // The administrator at A sees the request with the same fingerprint B shows.
    const alex = await signedIn(a, 'alex.morgan');
    const before = overview(await alex('keys.overview'));
    const request = before.workstations.find((w) => w.name === 'desk-b')!;
    expect(request).toMatchObject({ status: 'pending', fingerprint: me.fingerprint, reference: me.reference, canApprove: true });
    expect(before.thisWorkstation).toMatchObject({ name: 'desk-a', state: 'ready' });
    expect(before.dualControl).toEqual({ required: false, administrators: 1 });

    // Custodian statement first; then the fingerprint must match.
    expect(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Before your first key operation, read and sign the key custodian statement on the Keys and workstations screen.',
    });
    expect(await alex('keys.acknowledgeCustodian', { signature: 'Someone Else' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(overview(await alex('keys.acknowledgeCustodian', { signature: 'alex  morgan' })).custodian.acknowledged).toBe(true);
    const wrongGroup = `${request.fingerprint.slice(0, 18)}${request.fingerprint.at(-1) === '0' ? '1' : '0'}`;
    expect(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: wrongGroup })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    const after = overview(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect(after.workstations.find((w) => w.id === request.id)).toMatchObject({ status: 'enrolled', approvedBy: 'Alex Morgan' });
    expect(await a.handle.db.selectFrom('key_wraps').selectAll().execute()).toHaveLength(1);

    // B collects its key on its next use: unwraps, seals it locally, deletes the wrapped copy.
    const revealed = valueOf<{ value: string }>(
      await carlAtB('records.reveal', { subject: 'CardTransaction', id: order!.id, field: 'pan' }),
    );
    expect(revealed.value.replace(/ /g, '')).toBe(pan);
    expect(await a.handle.db.selectFrom('key_wraps').selectAll().execute()).toEqual([]);
    expect(b.custody.masterKeys().keys.map((k) => k.version)).toEqual([1]);
    expect(b.custody.masterKeys().keys[0]!.bytes.equals(TEST_MASTER_KEY)).toBe(true);
    const onDisk = Buffer.concat(readdirSync(join(b.folder, 'keys')).map((f) => readFileSync(join(b.folder, 'keys', f))));
    expect(onDisk.includes(TEST_MASTER_KEY)).toBe(false);
    valueOf(await carlAtB('records.process', { id: order!.id }));
    expect(
      await a.handle.db.selectFrom('card_transactions').select(['status', 'pan_ciphertext']).where('id', '=', order!.id).executeTakeFirst(),
    ).toEqual({ status: 'processed', pan_ciphertext: null });
    const trail = await a.handle.db.selectFrom('audit_log').selectAll().where('event', 'like', 'key.%').orderBy('seq').execute();
    expect(trail.map((e) => `${e.event} ${e.outcome} ${e.actor_username ?? '(workstation)'}`)).toEqual([
      'key.created allowed (workstation)',
      'key.enrolment_requested allowed (workstation)',
      'key.enrolment_approved denied alex.morgan',
      'key.custodian_acknowledged allowed alex.morgan',
      'key.enrolment_approved allowed alex.morgan',
      'key.enrolment_received allowed (workstation)',
    ]);
    expect(trail.find((e) => e.event === 'key.enrolment_requested')!.workstation).toBe('desk-b');
  });

  it('refuses a request with a reason, and the refused workstation says so', async () => {
    const a = await deskA();
    const c = await secondDesk(a, 'desk-c');
    const alex = await custodian(a, 'alex.morgan', 'Alex Morgan');
    const request = overview(await alex('keys.overview')).workstations.find((w) => w.name === 'desk-c')!;
    const refused = overview(await alex('keys.refuseEnrolment', { workstationId: request.id, reason: 'not one of our workstations' }));
    expect(refused.workstations.find((w) => w.id === request.id)).toMatchObject({
      status: 'refused',
      statusText: 'Refused by Alex Morgan: not one of our workstations',
    });
    expect(await c.app.services.keys.thisWorkstation()).toMatchObject({
      state: 'refused',
      message: `This workstation's enrolment request ${request.reference} was refused, so it cannot use card data. An administrator can make a new request on the Keys and workstations screen of this workstation.`,
    });
    expect(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    // A new request from C (its administrator makes a new key pair) shows up as a new request with a new fingerprint.
    const alexAtC = await signedIn(c.app, 'alex.morgan');
    const renewed = overview(await alexAtC('keys.renewEnrolment'));
    expect(renewed.thisWorkstation.state).toBe('pending');
    expect(renewed.thisWorkstation.fingerprint).not.toBe(request.fingerprint);
    expect(renewed.workstations.filter((w) => w.name === 'desk-c').map((w) => w.status)).toEqual(['pending', 'refused']);
    const log = await a.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'key.enrolment_refused')
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_username: 'alex.morgan', reason: 'enrolment refused: not one of our workstations' });
  });

  it('needs a second administrator within 24 hours for an enrolment and a rotation when there are two', async () => {
    const a = await deskA();
    const b = await secondDesk(a, 'desk-b');
    await grantAdministrator(a, 'jordan.blake');
    let alex = await custodian(a, 'alex.morgan', 'Alex Morgan');
    await custodian(a, 'jordan.blake', 'Jordan Blake');
    const request = overview(await alex('keys.overview')).workstations.find((w) => w.name === 'desk-b')!;

    const first = overview(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect(first.dualControl).toEqual({ required: true, administrators: 2 });
    expect(first.workstations.find((w) => w.id === request.id)).toMatchObject({
      status: 'pending',
      approvedBy: 'Alex Morgan',
      canApprove: false,
    });
    expect(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'You gave the first approval. A second administrator must approve this workstation (dual control).',
    });
    expect((await b.app.services.keys.thisWorkstation()).state).toBe('pending');

    // After 24 hours the first approval has lapsed: Jordan's approval is a first approval again.
    a.clock.advance(25 * HOUR);
    alex = await signedIn(a, 'alex.morgan');
    let jordan = await signedIn(a, 'jordan.blake');
    const lapsed = overview(await jordan('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect(lapsed.workstations.find((w) => w.id === request.id)).toMatchObject({ status: 'pending', approvedBy: 'Jordan Blake' });
    const second = overview(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect(second.workstations.find((w) => w.id === request.id)).toMatchObject({
      status: 'enrolled',
      approvedBy: 'Jordan Blake',
      secondApprovedBy: 'Alex Morgan',
    });
    expect((await b.app.services.keys.thisWorkstation()).state).toBe('ready');

    // A rotation likewise: requested by one, confirmed by the other.
    const requested = overview(await alex('keys.requestRotation'));
    expect(requested.rotation).toMatchObject({ status: 'awaiting_confirmation', requestedBy: 'Alex Morgan', canConfirm: false });
    expect(requested.key?.version).toBe(1);
    expect(await alex('keys.confirmRotation', { rotationId: requested.rotation!.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await alex('keys.requestRotation')).toMatchObject({ ok: false, code: 'CONFLICT' });
    const confirmed = overview(await jordan('keys.confirmRotation', { rotationId: requested.rotation!.id }));
    expect(confirmed.rotation).toMatchObject({ status: 'running', confirmedBy: 'Jordan Blake', toVersion: 2 });
    await a.services.keys.driveRotation();
    expect(overview(await jordan('keys.overview')).rotation).toMatchObject({ status: 'finished' });
    expect(await events(a, 'key.rotation')).toEqual([
      'key.rotation_requested',
      'key.rotation_confirmed',
      'key.rotation_started',
      'key.rotation_finished',
    ]);

    // An unconfirmed request lapses after 24 hours and can be made again.
    const again = overview(await alex('keys.requestRotation'));
    a.clock.advance(25 * HOUR);
    jordan = await signedIn(a, 'jordan.blake');
    expect(await jordan('keys.confirmRotation', { rotationId: again.rotation!.id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'This rotation request lapsed after 24 hours. Request the rotation again.',
    });
  });

  it('rotates during activity at both desks: every value re-sealed under the new version, nothing lost, the old version destroyed', async () => {
    const a = await deskA();
    const b = await secondDesk(a, 'desk-b');
    const alex = await custodian(a, 'alex.morgan', 'Alex Morgan');
    const request = overview(await alex('keys.overview')).workstations.find((w) => w.name === 'desk-b')!;
    valueOf(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect((await b.app.services.keys.thisWorkstation()).state).toBe('ready');
    const carlAtB = await signedIn(b.app, 'carl.patel');

    const ringA = await a.services.keys.requireRing();
    const all = await a.handle.db
      .selectFrom('card_transactions')
      .selectAll()
      .where('pan_ciphertext', 'is not', null)
      .orderBy('id')
      .execute();
    expect(all.length).toBeGreaterThan(10);
    const expected = new Map(all.map((o) => [o.id, openCardNumber(ringA, o.pan_ciphertext!, o.order_id)]));
    const fin = await pendingOrders(a);

    const begun = overview(await alex('keys.requestRotation'));
    expect(begun.rotation).toMatchObject({ status: 'running', fromVersion: 1, toVersion: 2 });
    expect(begun.key?.version).toBe(2);

    // Meanwhile: B reveals and processes; A enters new numbers (sealed under whatever its ring holds now).
    const processed = fin.slice(0, 2).map((o) => o.id);
    const activity = (async () => {
      for (const id of processed) {
        const shown = valueOf<{ value: string }>(await carlAtB('records.reveal', { subject: 'CardTransaction', id, field: 'pan' }));
        expect(shown.value.replace(/ /g, '')).toBe(expected.get(id));
        valueOf(await carlAtB('records.process', { id }));
        expected.delete(id);
      }
      for (const [i, o] of fin.slice(2, 5).entries()) {
        const pan = `400000000000000${i}`;
        const sealed = sealCardNumber(await a.services.keys.requireRing(), pan, o.order_id);
        await a.handle.db.updateTable('card_transactions').set({ pan_ciphertext: sealed }).where('id', '=', o.id).execute();
        expected.set(o.id, pan);
      }
    })();
    await Promise.all([activity, a.services.keys.driveRotation(), b.app.services.keys.driveRotation()]);
    await a.services.keys.driveRotation();

    const finished = overview(await alex('keys.overview'));
    expect(finished.rotation).toMatchObject({ status: 'finished', unreadable: 0 });
    expect(finished.rotation!.resealed).toBeGreaterThanOrEqual(all.length - processed.length);
    const versions = await a.handle.db.selectFrom('key_versions').select(['version', 'status']).orderBy('version').execute();
    expect(versions).toEqual([
      { version: 1, status: 'destroyed' },
      { version: 2, status: 'active' },
    ]);
    const ringAfter = await a.services.keys.requireRing();
    expect(ringAfter.heldVersions()).toEqual([2]);
    const now = await a.handle.db
      .selectFrom('card_transactions')
      .selectAll()
      .where('pan_ciphertext', 'is not', null)
      .orderBy('id')
      .execute();
    expect(now.map((o) => o.id).sort()).toEqual([...expected.keys()].sort());
    for (const o of now) {
      expect(o.pan_ciphertext).toMatch(/^cv1\.2\./);
      expect(openCardNumber(ringAfter, o.pan_ciphertext!, o.order_id)).toBe(expected.get(o.id));
    }
    // B received version 2 by wrapping, and forgot version 1 once it was destroyed.
    const [later] = now.filter((o) => o.department_id === fin[0]!.department_id);
    expect(
      valueOf<{ value: string }>(
        await carlAtB('records.reveal', { subject: 'CardTransaction', id: later!.id, field: 'pan' }),
      ).value.replace(/ /g, ''),
    ).toBe(expected.get(later!.id));
    expect(b.custody.masterKeys().keys.map((k) => k.version)).toEqual([2]);
    expect(await events(a)).toEqual(
      expect.arrayContaining([
        'key.rotation_requested',
        'key.rotation_started',
        'key.version_received',
        'key.rotation_finished',
        'key.destroyed',
      ]),
    );

    // The checkpoint key of the destroyed version stays trusted through the new version's endorsement.
    const trusted = await b.app.services.keys.trustedCheckpointPublicKeys();
    expect([...trusted.keys()].sort()).toEqual([1, 2]);
    await a.handle.db
      .updateTable('key_versions')
      .set({ checkpoint_public_key: ringAfter.checkpointKeyPair(2).publicKeyBase64 })
      .where('version', '=', 1)
      .execute();
    expect([...(await b.app.services.keys.trustedCheckpointPublicKeys()).keys()]).toEqual([2]);
  });

  it('retires a workstation: it forgets its key and is refused, the screen recommends a rotation, and the last holder cannot be retired', async () => {
    const a = await deskA();
    const b = await secondDesk(a, 'desk-b');
    const alex = await custodian(a, 'alex.morgan', 'Alex Morgan');
    const request = overview(await alex('keys.overview')).workstations.find((w) => w.name === 'desk-b')!;
    valueOf(await alex('keys.approveEnrolment', { workstationId: request.id, fingerprint: request.fingerprint }));
    expect((await b.app.services.keys.thisWorkstation()).state).toBe('ready');
    const [order] = await pendingOrders(a);
    const carlAtB = await signedIn(b.app, 'carl.patel');
    expect((await carlAtB('records.reveal', { subject: 'CardTransaction', id: order!.id, field: 'pan' })).ok).toBe(true);

    a.clock.advance(60_000);
    const retired = overview(await alex('keys.retireWorkstation', { workstationId: request.id }));
    expect(retired.workstations.find((w) => w.id === request.id)).toMatchObject({ status: 'retired', retiredBy: 'Alex Morgan' });
    expect(retired.rotationRecommended).toBe(
      'desk-b was retired after the current key was made: rotate the key so that it no longer holds a key in use.',
    );
    expect(await carlAtB('records.reveal', { subject: 'CardTransaction', id: order!.id, field: 'pan' })).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      message:
        "This workstation's enrolment was ended by an administrator, so it cannot use card data. An administrator can make a new request on the Keys and workstations screen of this workstation.",
    });
    expect(b.custody.masterKeys().keys).toEqual([]);

    // After a rotation the retired desk receives nothing.
    a.clock.advance(60_000);
    valueOf(await alex('keys.requestRotation'));
    await a.services.keys.driveRotation();
    expect(await a.handle.db.selectFrom('key_wraps').selectAll().execute()).toEqual([]);
    expect(overview(await alex('keys.overview')).rotationRecommended).toBeNull();

    const self = overview(await alex('keys.overview')).workstations.find((w) => w.isThisWorkstation)!;
    expect(await alex('keys.retireWorkstation', { workstationId: self.id })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'This is the last workstation holding the master key. Enrol another workstation first, or the key would be lost.',
    });
  });

  it('reports a damaged value during a rotation instead of carrying it forward, and still finishes', async () => {
    const a = await deskA();
    const alex = await custodian(a, 'alex.morgan', 'Alex Morgan');
    const [damaged] = await pendingOrders(a);
    const sealed = damaged!.pan_ciphertext!;
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    await a.handle.db.updateTable('card_transactions').set({ pan_ciphertext: flipped }).where('id', '=', damaged!.id).execute();
    valueOf(await alex('keys.requestRotation'));
    await a.services.keys.driveRotation();
    const done = overview(await alex('keys.overview')).rotation!;
    expect(done).toMatchObject({ status: 'finished', unreadable: 1 });
    expect(done.statusText).toContain('1 damaged values could not be opened.');
    const row = await a.handle.db
      .selectFrom('card_transactions')
      .select('pan_ciphertext')
      .where('id', '=', damaged!.id)
      .executeTakeFirstOrThrow();
    expect(row.pan_ciphertext).toBe(flipped);
  });

  it('lets only administrators see or manage keys, and audits the refusal', async () => {
    const a = await deskA();
    const carl = await signedIn(a, 'carl.patel');
    expect(await carl('keys.overview')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only administrators, as key custodians, see the keys and workstations.',
    });
    expect(await carl('keys.requestRotation')).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only administrators, as key custodians, approve workstations and rotate the key.',
    });
    expect((await carl('keys.thisWorkstation')).ok).toBe(true);
    const denied = await a.handle.db.selectFrom('audit_log').selectAll().where('event', '=', 'KeyHierarchy.manage').execute();
    expect(denied).toMatchObject([{ actor_username: 'carl.patel', outcome: 'denied' }]);
  });
});
