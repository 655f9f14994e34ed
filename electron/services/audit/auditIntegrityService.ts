/**
 * Keeps the audit trail provable: writes signed checkpoints of its head (at start, at a set
 * interval while the trail grows, and at stop) to the database and to the witness file, verifies
 * the trail against them (on demand and once a day), and reports the head, the last checkpoint
 * and the last verification. Checkpoints are signed with the deployment's checkpoint key from the
 * KeyRing; a workstation without the key writes none and says why.
 */
import { lockForTransaction } from '../../../db/locks.js';
import type { AuditWitnessSettings } from '../../contract/admin.js';
import type { CheckpointView, LastVerificationView, TrailStatusView, VerifyView } from '../../contract/privacy.js';
import type { Actor } from './auditLog.js';
import type { Caller } from '../caller.js';
import { DAY, MINUTE } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { KeyRing } from '../keys/keyRing.js';
import type { KeyService } from '../keys/keyService.js';
import { authorize } from '../policy/authorize.js';
import { numberSetting, saveSetting } from '../settings.js';
import { describeError } from '../siem/describeError.js';
import { actorOf, type Principal } from '../staff/principal.js';
import type { JsonValue } from './canonical.js';
import { signCheckpoint, type CheckpointKind, type SignedCheckpoint } from './checkpoint.js';
import { fromCheckpointRow, verifyTrail, type IntegrityReport } from './trailVerifier.js';
import { appendToWitness, checkWitnessFolder, readWitnessText, type WitnessRead } from './witnessFile.js';

/** An evidence pack's checkpoint file holds a few lines an hour; anything far larger is not one. */
const EVIDENCE_MAX_BYTES = 50_000_000;

/** The checkpoints of an evidence pack, read as one more witness. */
export interface EvidenceCheckpoints {
  file: string;
  /** Lines of this database in it. */
  lines: number;
  read: WitnessRead;
}

export interface IntegrityOptions {
  /** The deployment's keys; checkpoints are signed with the current version's checkpoint key. */
  keys: KeyService;
  /** The identity of the database (databaseIdentity), recorded in every checkpoint. */
  database: string;
  /** This workstation's name, as its audit entries carry it. */
  workstation: string;
  /** Where the witness file goes when the administrator chose no folder (the user-data folder in the app); null for none. */
  defaultWitnessFolder: string | null;
  /** How long a witness write may take before the checkpoint is stored without it. Default 10 s. */
  witnessTimeoutMs?: number;
}

export interface WitnessWrite {
  at: string;
  ok: boolean;
  error: string | null;
}

export const VERIFY_EVENT = 'audit.verify';

export class AuditIntegrityService {
  private lastWitnessWrite: WitnessWrite | null = null;
  private signingReasonLogged = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: IntegrityOptions,
  ) {}

  /** The folder this workstation's witness file is in: the administrator's choice, else the default. */
  witnessFolder(): string | null {
    return this.ctx.desktop.witnessFolder() ?? this.options.defaultWitnessFolder;
  }

  /** Whether this workstation can sign checkpoints now, and why not when it cannot. */
  async signing(): Promise<{ available: boolean; reason: string | null }> {
    const ring = await this.options.keys.ring();
    return { available: ring.available, reason: ring.available ? null : signingReason(ring) };
  }

  /**
   * Signs the head as it is now and stores it in the database and the witness. Never throws: a
   * checkpoint that cannot be written is logged, and the app goes on. Null when nothing was written
   * (no key on this workstation, or an empty trail).
   */
  async checkpoint(kind: CheckpointKind): Promise<SignedCheckpoint | null> {
    const { workstation, database } = this.options;
    try {
      const { db, clock } = this.ctx;
      const head = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      // An empty trail has nothing to attest.
      if (!head) return null;
      const keys = await this.options.keys.ring();
      if (!keys.available) {
        if (!this.signingReasonLogged) this.ctx.logger.info(`audit checkpoints are not signed on this workstation: ${signingReason(keys)}`);
        this.signingReasonLogged = true;
        return null;
      }
      const pair = keys.checkpointKeyPair();
      const signer = { keyVersion: keys.currentVersion, publicKeyBase64: pair.publicKeyBase64, sign: (m: Uint8Array) => pair.sign(m) };
      const body = { database, seq: Number(head.seq), headHash: head.hash, at: clock.now().toISOString(), workstation, kind };
      const folder = this.witnessFolder();
      let cp = signCheckpoint({ ...body, witness: folder }, signer);
      if (folder) {
        try {
          await withTimeout(
            appendToWitness(folder, cp, { create: folder === this.options.defaultWitnessFolder }),
            this.options.witnessTimeoutMs ?? 10_000,
          );
          this.lastWitnessWrite = { at: body.at, ok: true, error: null };
        } catch (error) {
          // Stored without the witness, and signed as such: verification will not look for it there.
          this.lastWitnessWrite = { at: body.at, ok: false, error: describeError(error) };
          this.ctx.logger.error(`audit witness write failed: ${this.lastWitnessWrite.error}`);
          cp = signCheckpoint({ ...body, witness: null }, signer);
        }
      }
      await db
        .insertInto('audit_checkpoints')
        .values({
          database_id: cp.database,
          seq: cp.seq,
          head_hash: cp.headHash,
          at: cp.at,
          workstation: cp.workstation,
          kind: cp.kind,
          key_version: cp.keyVersion,
          witness: cp.witness,
          public_key: cp.publicKey,
          signature: cp.signature,
        })
        .execute();
      return cp;
    } catch (error) {
      this.ctx.logger.error(`audit checkpoint (${kind}) failed: ${error instanceof Error ? error.name : 'error'}`);
      return null;
    }
  }

  /** The whole verification (see trailVerifier.ts), with an evidence pack's checkpoints as one more witness when given; reads only. */
  async verify(evidence?: WitnessRead): Promise<IntegrityReport> {
    const keys = await this.options.keys.ring();
    return verifyTrail({
      db: this.ctx.db,
      database: this.options.database,
      witnessFolder: this.witnessFolder(),
      ...(evidence ? { extraWitnesses: [evidence] } : {}),
      trustedPublicKey: (version) => (keys.available && keys.holds(version) ? keys.checkpointKeyPair(version).publicKeyBase64 : null),
    });
  }

  /** Verifies and records the result in the trail, by a person or (actor null) by the daily schedule. */
  async verifyAndRecord(actor: Actor | null, workstation: string, evidence?: EvidenceCheckpoints): Promise<VerifyView> {
    const report = await this.verify(evidence?.read);
    const view = toVerifyView(report, this.ctx.clock.now().toISOString());
    const against = evidence ? `against the evidence pack file ${evidence.file} (${evidence.lines} checkpoints): ` : '';
    await this.ctx.audit.record({
      actor,
      workstation,
      event: VERIFY_EVENT,
      outcome: 'allowed',
      resource: { type: 'AuditTrail', id: '*' },
      reason: `${against}${verificationReason(report, actor === null)}`,
      details: {
        ...verificationDetails(report, actor === null),
        ...(evidence ? { evidencePack: evidence.file, evidenceLines: evidence.lines } : {}),
      },
    });
    return view;
  }

  /**
   * The checkpoints of an evidence pack (its `audit-checkpoints.jsonl`, chosen in a dialog and read
   * in main), ready to verify the trail against: a copy the assessor kept, which whoever controls the
   * database and the witness folder cannot reach. Null when the dialog was cancelled.
   */
  async chooseEvidenceCheckpoints(senderKey: string): Promise<EvidenceCheckpoints | null> {
    const chosen = await this.ctx.desktop.chooseFile(senderKey, {
      title: 'Choose the audit-checkpoints.jsonl of an evidence pack',
      filters: [
        { name: 'Audit checkpoints (JSON Lines)', extensions: ['jsonl'] },
        { name: 'All files', extensions: ['*'] },
      ],
      maxBytes: EVIDENCE_MAX_BYTES,
    });
    if (!chosen) return null;
    if (!chosen.content)
      throw new AppError(
        'INVALID_INPUT',
        `${chosen.name} is larger than ${EVIDENCE_MAX_BYTES / 1_000_000} MB: it is not an evidence pack's checkpoint file.`,
      );
    const text = new TextDecoder('utf-8', { fatal: false }).decode(chosen.content);
    const read = readWitnessText(`the evidence pack file ${chosen.name}`, chosen.name, text);
    const ours = read.lines.filter((l) => l.checkpoint.database === this.options.database).length;
    if (ours === 0)
      throw new AppError(
        'INVALID_INPUT',
        `${chosen.name} holds no checkpoint of this database: choose the audit-checkpoints.jsonl of an evidence pack written from it.`,
      );
    return { file: chosen.name, lines: ours, read };
  }

  /**
   * What the shell runs every minute or so: an interval checkpoint when this workstation's last one
   * is older than the interval and the trail has grown since, and the daily verification when the
   * last scheduled one (by any workstation) is a day old.
   */
  async runScheduled(): Promise<void> {
    await this.checkpointIfDue();
    await this.verifyIfDue();
  }

  private async checkpointIfDue(): Promise<void> {
    if (!(await this.options.keys.ring()).available) return;
    const { db, clock } = this.ctx;
    const minutes = await numberSetting(db, 'audit.checkpointIntervalMinutes');
    const last = await db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'at'])
      .where('workstation', '=', this.options.workstation)
      // The last one written, not the latest time: the clock may have gone back since.
      .orderBy('seq', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && clock.now().getTime() - new Date(last.at).getTime() < minutes * MINUTE) return;
    const head = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!head || (last && Number(head.seq) <= Number(last.seq))) return;
    await this.checkpoint('interval');
  }

  private async verifyIfDue(): Promise<void> {
    const { db, clock, dialect } = this.ctx;
    const since = new Date(clock.now().getTime() - DAY).toISOString();
    const recent = () =>
      db
        .selectFrom('audit_log')
        .select('seq')
        .where('event', '=', VERIFY_EVENT)
        .where('actor_id', 'is', null)
        .where('at', '>', since)
        .limit(1)
        .executeTakeFirst();
    if (await recent()) return;
    const report = await this.verify();
    await db.transaction().execute(async (trx) => {
      // Workstations sharing a database record one scheduled verification a day between them.
      await lockForTransaction(trx, dialect, 'scheduledVerification');
      const already = await trx
        .selectFrom('audit_log')
        .select('seq')
        .where('event', '=', VERIFY_EVENT)
        .where('actor_id', 'is', null)
        .where('at', '>', since)
        .limit(1)
        .executeTakeFirst();
      if (already) return;
      await this.ctx.audit.append(trx, {
        actor: null,
        workstation: this.options.workstation,
        event: VERIFY_EVENT,
        outcome: 'allowed',
        resource: { type: 'AuditTrail', id: '*' },
        reason: verificationReason(report, true),
        details: verificationDetails(report, true),
      });
    });
    if (!report.ok) this.ctx.logger.error(`scheduled audit verification found a problem: ${report.problems[0]?.kind ?? 'unknown'}`);
  }

  /** Privacy officer: the head and the last checkpoint with their age, the witness, and the last verification. */
  async status(principal: Principal, { workstation }: Caller): Promise<TrailStatusView> {
    await authorize(this.ctx, principal, workstation, 'read', 'AuditTrail');
    const { db, clock } = this.ctx;
    const head = await db.selectFrom('audit_log').select(['seq', 'at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const last = await db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('seq', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      now: clock.now().toISOString(),
      head: head ? { seq: Number(head.seq), at: head.at } : null,
      lastCheckpoint: last ? checkpointView(fromCheckpointRow(last)) : null,
      signing: await this.signing(),
      witness: { folder: this.witnessFolder(), lastWrite: this.lastWitnessWrite },
      intervalMinutes: await numberSetting(db, 'audit.checkpointIntervalMinutes'),
      lastVerification: await this.lastVerification(),
    };
  }

  /** The most recent verification recorded in the trail, by a person or the schedule. */
  async lastVerification(): Promise<LastVerificationView | null> {
    const row = await this.ctx.db
      .selectFrom('audit_log')
      .select(['at', 'reason', 'details', 'actor_username'])
      .where('event', '=', VERIFY_EVENT)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    const details = parseDetails(row.details);
    const ok = typeof details.ok === 'boolean' ? details.ok : !/^(chain|trail) broken/.test(row.reason);
    return { at: row.at, ok, result: row.reason, scheduled: details.scheduled === true, by: row.actor_username };
  }

  /** Administrators: this workstation's witness folder, the checkpoint interval and whether it can sign. */
  async witnessSettings(principal: Principal, { workstation }: Caller): Promise<AuditWitnessSettings> {
    await authorize(this.ctx, principal, workstation, 'read', 'Settings');
    return this.settingsView();
  }

  /**
   * Administrators: a folder for this workstation's witness file (null: back to the default). The
   * folder is tried first with a file write; nothing is saved if that fails.
   */
  async setWitnessFolder(principal: Principal, folder: string | null, { workstation }: Caller): Promise<AuditWitnessSettings> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Settings');
    if (folder) {
      try {
        await checkWitnessFolder(folder, this.options.workstation);
      } catch (error) {
        throw new AppError(
          'INVALID_INPUT',
          `The witness file cannot be written in ${folder}: ${describeError(error)}. Nothing was saved.`,
          {
            folder: 'Choose a folder this workstation can write to.',
          },
        );
      }
    }
    await this.ctx.desktop.storeWitnessFolder(folder);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'admin.audit_witness',
      outcome: 'allowed',
      resource: { type: 'workstation', id: workstation },
      reason: folder ? `audit witness folder set to ${folder}` : 'audit witness folder back to the default',
    });
    // The new witness starts with a checkpoint of the head as it is now.
    await this.checkpoint('interval');
    return this.settingsView();
  }

  /** Administrators: minutes between checkpoints (for every workstation of this database). */
  async setCheckpointInterval(principal: Principal, minutes: number, { workstation }: Caller): Promise<AuditWitnessSettings> {
    await authorize(this.ctx, principal, workstation, 'manage', 'Settings');
    const { db, clock, audit } = this.ctx;
    await db.transaction().execute(async (trx) => {
      await saveSetting(trx, 'audit.checkpointIntervalMinutes', minutes, clock.now());
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'admin.audit_checkpoint_interval',
        outcome: 'allowed',
        resource: { type: 'setting', id: 'audit.checkpointIntervalMinutes' },
        reason: `audit checkpoints every ${minutes} minutes`,
      });
    });
    return this.settingsView();
  }

  private async settingsView(): Promise<AuditWitnessSettings> {
    const chosen = this.ctx.desktop.witnessFolder();
    return {
      folder: chosen ?? this.options.defaultWitnessFolder,
      isDefault: chosen === null,
      defaultFolder: this.options.defaultWitnessFolder,
      lastWrite: this.lastWitnessWrite,
      intervalMinutes: await numberSetting(this.ctx.db, 'audit.checkpointIntervalMinutes'),
      signing: await this.signing(),
    };
  }
}

function signingReason(ring: KeyRing): string {
  return ring.unavailableReason ?? 'this workstation holds no master key';
}

export function checkpointView(cp: SignedCheckpoint): CheckpointView {
  return { seq: cp.seq, at: cp.at, workstation: cp.workstation, kind: cp.kind, witnessed: cp.witness !== null };
}

export function toVerifyView(r: IntegrityReport, verifiedAt: string): VerifyView {
  const first = r.problems[0] ?? null;
  const last = r.checkpoints.last;
  return {
    ok: r.ok,
    checked: r.checked,
    headSeq: r.head?.seq ?? null,
    headHash: r.head?.hash ?? null,
    brokenSeq: first?.fromSeq ?? null,
    problem: first?.message ?? null,
    verifiedAt,
    checkpointsVerified: r.checkpoints.verified,
    lastCheckpoint: last
      ? { seq: last.seq, at: last.at, workstation: last.workstation, kind: last.kind, witnessed: last.witness !== null }
      : null,
    witnessFolder: r.witness.folder,
    witnessLines: r.witness.lines,
    problems: r.problems,
    warnings: r.warnings,
  };
}

function verificationReason(r: IntegrityReport, scheduled: boolean): string {
  const who = scheduled ? 'scheduled daily verification: ' : '';
  if (r.ok) {
    const head = r.head ? `, head ${r.head.hash.slice(0, 16)}…` : '';
    return `${who}trail intact: ${r.checked} entries, ${r.checkpoints.verified} signed checkpoints${head}`;
  }
  const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : '';
  return `${who}trail broken: ${r.problems[0]!.message}${more}`;
}

function verificationDetails(r: IntegrityReport, scheduled: boolean): { [key: string]: JsonValue } {
  return {
    ok: r.ok,
    scheduled,
    checked: r.checked,
    headSeq: r.head?.seq ?? null,
    headHash: r.head?.hash ?? null,
    checkpointsVerified: r.checkpoints.verified,
    witnessLines: r.witness.lines,
    problems: r.problems.slice(0, 10).map((p) => ({ kind: p.kind, message: p.message, fromSeq: p.fromSeq, toSeq: p.toSeq })),
    warnings: r.warnings.slice(0, 10),
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 100) / 10} s`)), ms);
    timer.unref();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
