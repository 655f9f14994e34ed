/**
 * Records intake: real records come in from the source systems' files, chosen on the Records
 * intake screen or dropped into the watched folder. Either way the same rules hold: the whole
 * file is validated first (an error imports nothing), every free-text field is redacted before
 * anything is stored, a source id is stored once, the import is one transaction, and it is
 * audited with who, the file's SHA-256, the counts and the redactions by kind. Who may import
 * is the records-intake permission (policy/intakePolicy.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database } from '../../../db/schema.js';
import {
  INTAKE_KIND_NAMES,
  type FolderScanResult,
  type IntakeApplied,
  type IntakeChosen,
  type IntakeImportSummary,
  type IntakeKind,
  type WatchedFolderStatus,
} from '../../contract/intake.js';
import { countOfKind } from '../../contract/sensitiveKinds.js';
import type { JsonValue } from '../audit/canonical.js';
import type { Caller } from '../caller.js';
import { HOUR, MINUTE } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError, isConnectionError } from '../errors.js';
import { decideIntake, type IntakeDecision } from '../policy/intakePolicy.js';
import { accessFacts } from '../records/accessFacts.js';
import { actorOf, loadPrincipal, type Principal } from '../staff/principal.js';
import type { TrainingService } from '../training/trainingService.js';
import { MAX_FILE_BYTES } from './intakeFile.js';
import {
  analyseIntakeFile,
  countList,
  countsOf,
  existingBySource,
  previewOf,
  redactionsOf,
  type Analysis,
  type IntakeFileInput,
} from './intakeAnalysis.js';
import { insertImport, storeRecords, type SealPersonal } from './intakeStore.js';
import { sealPersonalFields, type SensitiveFieldCipher } from '../records/sensitiveFields.js';
import { countsJson, type RedactionCounts } from './redactOnIntake.js';
import { claim, finish, prepareFolder, readClaimed, recoverAbandoned, release, waitingFiles } from './watchedFolder.js';

/** A chosen file waits in main this long for its import. */
const STAGED_FOR = HOUR;
const FOLDER_SETTING = 'intake.watchedFolder';

interface Staged {
  ownerId: number;
  file: IntakeFileInput;
  at: number;
}

interface FolderSetting {
  folder: string;
  workstation: string;
  setBy: number;
  setAt: string;
}

export interface IntakeOptions {
  /** This workstation: it watches the folder only when the folder was set on it. */
  workstation: string;
  /** A file modified more recently than this may still be being written (real time, not the app's clock). */
  settleMs?: number;
}

type ImportOutcome = { ok: true; applied: IntakeApplied } | { ok: false; analysis: Analysis; problem: string };

const redactionWords = (counts: RedactionCounts) =>
  countList(counts)
    .map((c) => countOfKind(c.kind, c.count))
    .join(', ') || 'nothing';

export class IntakeService {
  private readonly staged = new Map<string, Staged>();
  private scanning: Promise<FolderScanResult> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly training: TrainingService,
    private readonly sensitive: SensitiveFieldCipher,
    private readonly options: IntakeOptions,
  ) {}

  /** The records-intake permission with current training; a refusal is audited and thrown with its reason. */
  private async permit(principal: Principal, workstation: string, event: string): Promise<IntakeDecision> {
    const decision = decideIntake(await accessFacts(this.ctx, this.training, principal));
    if (decision.allowed) return decision;
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event,
      outcome: 'denied',
      resource: { type: 'intake', id: '*' },
      reason: decision.reason,
    });
    throw new AppError('FORBIDDEN', decision.reason);
  }

  /** Picks a file in a native dialog, reads it in main, and previews it; stores nothing. The preview is audited. */
  async choose(principal: Principal, { senderKey, workstation }: Caller): Promise<IntakeChosen> {
    await this.permit(principal, workstation, 'intake.preview');
    const chosen = await this.ctx.desktop.chooseFile(senderKey, {
      title: 'Choose a file to import',
      filters: [
        { name: 'Import files (JSON Lines, JSON, CSV)', extensions: ['jsonl', 'ndjson', 'json', 'csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
      maxBytes: MAX_FILE_BYTES,
    });
    if (!chosen) return { status: 'cancelled' };
    const analysis = await analyseIntakeFile(this.ctx.db, chosen);
    const preview = previewOf(analysis);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation,
      event: 'intake.preview',
      outcome: 'allowed',
      resource: { type: 'intake', id: '*' },
      reason: `${analysis.kind ? INTAKE_KIND_NAMES[analysis.kind] : 'A file'} previewed: ${preview.counts.new} new, ${preview.counts.duplicates} duplicates, ${preview.errorCount} errors`,
      details: this.fileDetails(analysis, 'screen'),
    });
    this.forgetExpired();
    const token = randomBytes(24).toString('base64url');
    this.staged.set(token, { ownerId: principal.id, file: chosen, at: this.ctx.clock.now().getTime() });
    return { status: 'chosen', token, preview };
  }

  /** Imports the previewed file: checked again against the database, stored in one transaction, audited. */
  async apply(principal: Principal, token: string, { workstation }: Caller): Promise<IntakeApplied> {
    const decision = await this.permit(principal, workstation, 'intake.import');
    this.forgetExpired();
    const staged = this.staged.get(token);
    if (!staged || staged.ownerId !== principal.id)
      throw new AppError('NOT_FOUND', 'That file is no longer held for import (an hour has passed, or it was imported). Choose it again.');
    const outcome = await this.importFile(principal, staged.file, 'screen', workstation, decision, null);
    if (!outcome.ok) throw new AppError('INVALID_INPUT', outcome.problem);
    this.staged.delete(token);
    return outcome.applied;
  }

  /** The latest imports, newest first. */
  async history(principal: Principal, { workstation }: Caller): Promise<{ imports: IntakeImportSummary[] }> {
    await this.permit(principal, workstation, 'intake.history');
    const rows = await this.ctx.db
      .selectFrom('intake_imports as i')
      .innerJoin('staff as s', 's.id', 'i.imported_by')
      .select([
        'i.id',
        'i.imported_at',
        's.display_name',
        'i.file_name',
        'i.file_sha256',
        'i.kind',
        'i.via',
        'i.added',
        'i.duplicates',
        'i.updated',
        'i.redactions',
      ])
      .orderBy('i.id', 'desc')
      .limit(20)
      .execute();
    return {
      imports: rows.map((r) => ({
        id: Number(r.id),
        at: r.imported_at,
        by: r.display_name,
        fileName: r.file_name,
        sha256: r.file_sha256,
        kind: r.kind,
        via: r.via,
        added: Number(r.added),
        duplicates: Number(r.duplicates),
        updated: Number(r.updated),
        redactions: countList(JSON.parse(r.redactions) as RedactionCounts),
      })),
    };
  }

  private forgetExpired(): void {
    const now = this.ctx.clock.now().getTime();
    for (const [token, s] of this.staged) if (now - s.at > STAGED_FOR) this.staged.delete(token);
  }

  private fileDetails(a: Analysis, via: 'screen' | 'watched_folder'): { [key: string]: JsonValue } {
    return {
      file: a.file.name,
      sha256: a.file.sha256,
      bytes: a.file.bytes,
      format: a.file.format,
      kind: a.kind,
      via,
      ...countsOf(a),
      errors: a.errors.length,
      redactions: JSON.parse(countsJson(redactionsOf(a))) as JsonValue,
    };
  }

  /**
   * The one import path (screen and watched folder): analyse, refuse a file with any error
   * (audited, nothing stored), otherwise store it in one transaction with its audit entry.
   * Source ids are checked again inside the transaction, under the intake lock.
   */
  private async importFile(
    principal: Principal,
    file: IntakeFileInput,
    via: 'screen' | 'watched_folder',
    workstation: string,
    decision: IntakeDecision,
    folder: string | null,
  ): Promise<ImportOutcome> {
    const { db, audit, clock, dialect } = this.ctx;
    const actor = actorOf(principal);
    const analysis = await analyseIntakeFile(db, file);
    const where = folder ? ` (watched folder ${folder})` : '';
    if (analysis.errors.length || !analysis.kind || !analysis.file.format) {
      const problem = `${analysis.file.name} has ${analysis.errors.length} error${analysis.errors.length === 1 ? '' : 's'}; nothing was imported. Correct the file and import it again.`;
      await audit.record({
        actor,
        workstation,
        event: 'intake.import',
        outcome: 'denied',
        resource: { type: 'intake', id: '*' },
        reason: `${analysis.errors.length} error(s) in the file; nothing imported${where}`,
        details: this.fileDetails(analysis, via),
      });
      return { ok: false, analysis, problem };
    }
    const kind: IntakeKind = analysis.kind;
    const format = analysis.file.format;
    try {
      // Letters with an SSN or a date of birth need the key: without it the import is refused, saying why.
      const ring = analysis.records.some(
        (r) => r.record.kind === 'correspondence' && (r.record.values.ssn || r.record.values.date_of_birth),
      )
        ? await this.sensitive.ring()
        : null;
      const sealPersonal: SealPersonal | null = ring ? (id, values) => sealPersonalFields(ring, id, values) : null;
      const applied = await db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, dialect, 'recordsIntake');
        const current = await this.recheck(trx, analysis);
        const counts = countsOf(current);
        const redactions = redactionsOf(current);
        const now = clock.now().toISOString();
        const importId = await insertImport(trx, {
          kind,
          format,
          fileName: analysis.file.name,
          sha256: analysis.file.sha256,
          via,
          importedBy: principal.id,
          at: now,
          workstation,
          added: counts.new,
          duplicates: counts.duplicates,
          updated: counts.updated,
          redactions: countsJson(redactions),
        });
        await storeRecords(trx, importId, current.records, now, sealPersonal);
        await audit.append(trx, {
          actor,
          workstation,
          event: 'intake.import',
          outcome: 'allowed',
          resource: { type: 'intake_import', id: importId },
          reason: `${INTAKE_KIND_NAMES[kind]} imported${where}: ${counts.new} new, ${counts.duplicates} duplicates skipped${kind === 'settlement' ? `, ${counts.updated} updated` : ''}; redacted ${redactionWords(redactions)}. ${decision.reason}`,
          details: { importId, ...this.fileDetails(current, via), certificates: decision.certificates },
        });
        return { importId, kind, fileName: analysis.file.name, sha256: analysis.file.sha256, counts, redactions: countList(redactions) };
      });
      return { ok: true, applied };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError(
          'CONFLICT',
          'Another import stored some of these records at the same moment; nothing was imported. Choose the file again to see what is left.',
        );
      throw error;
    }
  }

  /** The analysis with each source id looked up again inside the transaction: what another import stored meanwhile is a duplicate now. */
  private async recheck(trx: Kysely<Database>, analysis: Analysis): Promise<Analysis> {
    if (!analysis.kind) return analysis;
    const stored = await existingBySource(
      trx,
      analysis.kind,
      analysis.records.filter((r) => r.decision.status === 'new').map((r) => r.record),
    );
    return {
      ...analysis,
      records: analysis.records.map((r) =>
        r.decision.status === 'new' && stored.has(`${r.record.sourceSystem}\u0000${r.record.sourceId}`)
          ? { ...r, decision: { status: 'duplicate', note: 'stored by another import meanwhile; skipped' } }
          : r,
      ),
    };
  }

  // ---- The watched folder ----

  private async folderSetting(): Promise<FolderSetting | null> {
    const row = await this.ctx.db.selectFrom('settings').select('value').where('key', '=', FOLDER_SETTING).executeTakeFirst();
    if (!row) return null;
    try {
      return JSON.parse(row.value) as FolderSetting;
    } catch {
      return null;
    }
  }

  private async folderStatus(workstation: string): Promise<WatchedFolderStatus> {
    const s = await this.folderSetting();
    if (!s) return { folder: null, workstation: null, onThisWorkstation: false, setBy: null, setAt: null };
    const by = await this.ctx.db.selectFrom('staff').select('display_name').where('id', '=', s.setBy).executeTakeFirst();
    return {
      folder: s.folder,
      workstation: s.workstation,
      onThisWorkstation: s.workstation === workstation,
      setBy: by?.display_name ?? null,
      setAt: s.setAt,
    };
  }

  async folder(principal: Principal, { workstation }: Caller): Promise<WatchedFolderStatus> {
    await this.permit(principal, workstation, 'intake.folder');
    return this.folderStatus(workstation);
  }

  /** Sets the watched folder (checked and prepared first) for this workstation, under the setter's permission; null clears it. */
  async setFolder(principal: Principal, folder: string | null, { workstation }: Caller): Promise<WatchedFolderStatus> {
    await this.permit(principal, workstation, 'intake.folder_set');
    if (folder !== null) await prepareFolder(folder);
    const { db, audit, clock } = this.ctx;
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (folder === null) await trx.deleteFrom('settings').where('key', '=', FOLDER_SETTING).execute();
      else {
        const value = JSON.stringify({ folder, workstation, setBy: principal.id, setAt: now } satisfies FolderSetting);
        await trx
          .insertInto('settings')
          .values({ key: FOLDER_SETTING, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
      }
      await audit.append(trx, {
        actor: actorOf(principal),
        workstation,
        event: 'intake.folder_set',
        outcome: 'allowed',
        resource: { type: 'setting', id: FOLDER_SETTING },
        reason: folder
          ? `watched intake folder set to ${folder} on ${workstation}; its imports run under ${principal.username}'s records-intake permission`
          : 'watched intake folder cleared',
        details: { folder, workstation },
      });
    });
    return this.folderStatus(workstation);
  }

  /** An intake officer asks the folder to be looked at now. */
  async scanFolder(principal: Principal, { workstation }: Caller): Promise<FolderScanResult> {
    await this.permit(principal, workstation, 'intake.folder_scan');
    const setting = await this.folderSetting();
    if (!setting) throw new AppError('CONFLICT', 'No watched folder is set.');
    if (setting.workstation !== workstation)
      throw new AppError('CONFLICT', `The watched folder is watched by ${setting.workstation}; look at it from there.`);
    return this.scanWatchedFolder();
  }

  /**
   * Looks in the watched folder once (every 30 seconds in the app): each waiting file is imported
   * under the permission of the intake officer who set the folder, then moved to done/ or
   * rejected/ with its report. One look at a time.
   */
  scanWatchedFolder(): Promise<FolderScanResult> {
    if (!this.scanning)
      this.scanning = this.scan().finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  /** Resolves once no look at the folder is under way (the app waits for it before closing the database). */
  async whenIdle(): Promise<void> {
    await this.scanning?.catch(() => undefined);
  }

  private async scan(): Promise<FolderScanResult> {
    const { workstation } = this.options;
    const setting = await this.folderSetting();
    if (!setting || setting.workstation !== workstation) return { files: [] };
    const { folder } = setting;
    const nowMs = Date.now();
    let waiting;
    try {
      await recoverAbandoned(folder, 10 * MINUTE, nowMs);
      waiting = await waitingFiles(folder, this.options.settleMs ?? 2_000, nowMs);
    } catch (e) {
      this.ctx.logger.error(`watched intake folder unreadable: ${e instanceof Error ? e.name : 'error'}`);
      return { files: [] };
    }
    const results: FolderScanResult['files'] = [];
    for (const file of waiting) {
      if (!(await claim(folder, file.name))) continue;
      try {
        results.push(await this.importClaimed(setting, file));
      } catch (e) {
        // The database could not be reached, or the app is stopping: the file waits for the next look.
        await release(folder, file.name);
        this.ctx.logger.error(
          `watched intake folder: import failed (${isConnectionError(e) ? 'database unavailable' : e instanceof Error ? e.name : 'error'})`,
        );
        results.push({
          file: file.name,
          outcome: 'left',
          summary: 'Not imported now (the import could not finish); it will be tried again.',
        });
      }
    }
    return { files: results };
  }

  private async importClaimed(setting: FolderSetting, file: { name: string; size: number }): Promise<FolderScanResult['files'][number]> {
    const { folder } = setting;
    const { workstation } = this.options;
    const content = await readClaimed(folder, file.name, file.size);
    const checkedAt = this.ctx.clock.now().toISOString();
    const owner = await loadPrincipal(this.ctx.db, setting.setBy);
    const decision: IntakeDecision =
      owner && owner.status === 'active'
        ? decideIntake(await accessFacts(this.ctx, this.training, owner))
        : { allowed: false, reason: 'The intake officer who set the watched folder no longer has an active account.', certificates: [] };
    const base = { file: file.name, checkedAt, workstation, importedBy: owner?.username ?? null };
    if (!owner || !decision.allowed) {
      const reason = `Not imported: ${decision.reason} Set the watched folder again (as an intake officer) and move the file back into it.`;
      await this.ctx.audit.record({
        actor: owner ? actorOf(owner) : null,
        workstation,
        event: 'intake.import',
        outcome: 'denied',
        resource: { type: 'intake', id: '*' },
        reason: `${decision.reason} (watched folder ${folder})`,
        details: { file: file.name, via: 'watched_folder' },
      });
      const name = await finish(folder, file.name, 'rejected', { ...base, outcome: 'rejected', problem: reason });
      return { file: name, outcome: 'rejected', summary: reason };
    }
    const outcome = await this.importFile(
      owner,
      { name: file.name, size: file.size, content },
      'watched_folder',
      workstation,
      decision,
      folder,
    );
    if (!outcome.ok) {
      const a = outcome.analysis;
      const name = await finish(folder, file.name, 'rejected', {
        ...base,
        outcome: 'rejected',
        sha256: a.file.sha256,
        kind: a.kind,
        format: a.file.format,
        problem: outcome.problem,
        errors: a.errors,
      });
      return { file: name, outcome: 'rejected', summary: outcome.problem };
    }
    const { applied } = outcome;
    const name = await finish(folder, file.name, 'done', {
      ...base,
      outcome: 'imported',
      importId: applied.importId,
      sha256: applied.sha256,
      kind: applied.kind,
      counts: applied.counts,
      redactions: Object.fromEntries(applied.redactions.map((r) => [r.kind, r.count])),
    });
    return {
      file: name,
      outcome: 'done',
      summary: `${INTAKE_KIND_NAMES[applied.kind]}: ${applied.counts.new} new, ${applied.counts.duplicates} duplicates; redacted ${redactionWords(Object.fromEntries(applied.redactions.map((r) => [r.kind, r.count])))}.`,
    };
  }
}

/** A unique index refused a row (SQLite and PostgreSQL say it differently). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
