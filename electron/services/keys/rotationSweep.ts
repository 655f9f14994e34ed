/**
 * The re-sealing half of a rotation: one batch per transaction over the registry of sealed
 * columns, each value opened under its old version and sealed under the current one (and its
 * lookup hash recomputed), written only if the row still holds what was read, so a value changed
 * or wiped meanwhile (an order processed) is left as the user made it. Passes repeat until one
 * finds nothing left under an older version; then the older versions are destroyed.
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../../../db/locks.js';
import type { Database } from '../../../db/schema.js';
import type { ServiceContext } from '../context.js';
import { SealedValueRejectedError, UnknownKeyVersionError } from './keyErrors.js';
import type { KeyRing } from './keyRing.js';
import { SEALED_COLUMNS, sealedContext, type SealedColumn } from './sealedColumns.js';

export type SweepStep = 'more' | 'finished' | 'idle';

interface Progress {
  /** Per column (`table.column`): the last row id done in this pass, or 'done'. */
  cursors: Record<string, number | 'done'>;
  /** Values re-sealed in this pass: a pass that re-seals nothing ends the rotation. */
  changed: number;
  /** Values that could not be opened in this pass (altered, or under a version no one holds). */
  unreadable: number;
}

// The registry names tables and columns at run time; Kysely is typed loosely for it on purpose.
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

const columnKey = (c: SealedColumn) => `${c.table}.${c.column}`;

function parseProgress(text: string): Progress {
  const parsed = JSON.parse(text) as Partial<Progress>;
  return { cursors: parsed.cursors ?? {}, changed: parsed.changed ?? 0, unreadable: parsed.unreadable ?? 0 };
}

export class RotationSweep {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly batchSize: number,
    private readonly columns: readonly SealedColumn[] = SEALED_COLUMNS,
  ) {}

  /** One batch of the running rotation, if this workstation can do it ('idle' when there is none or it cannot). */
  async step(ring: KeyRing, workstation: string): Promise<SweepStep> {
    if (!ring.available) return 'idle';
    return this.ctx.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, this.ctx.dialect, 'keys');
      const rotation = await trx
        .selectFrom('key_rotations')
        .selectAll()
        .where('status', '=', 'running')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      // Only a workstation holding the rotation's new version can re-seal under it.
      if (!rotation || Number(rotation.to_version) !== ring.currentVersion) return 'idle';
      const progress = parseProgress(rotation.progress);
      const column = this.columns.find((c) => progress.cursors[columnKey(c)] !== 'done');
      let resealed = 0;
      if (column) {
        const cursor = progress.cursors[columnKey(column)];
        const batch = await this.#batch(trx, ring, column, typeof cursor === 'number' ? cursor : 0);
        resealed = batch.resealed;
        progress.changed += batch.resealed;
        progress.unreadable += batch.unreadable;
        progress.cursors[columnKey(column)] = batch.lastId === null || batch.rows < this.batchSize ? 'done' : batch.lastId;
      } else if (progress.changed === 0) {
        await this.#finish(trx, Number(rotation.id), Number(rotation.to_version), progress.unreadable, workstation);
        return 'finished';
      } else {
        progress.cursors = {};
        progress.changed = 0;
        progress.unreadable = 0;
      }
      await trx
        .updateTable('key_rotations')
        .set({ progress: JSON.stringify(progress), resealed: Number(rotation.resealed) + resealed })
        .where('id', '=', rotation.id)
        .execute();
      return 'more';
    });
  }

  async #batch(
    trx: Kysely<Database>,
    ring: KeyRing,
    column: SealedColumn,
    after: number,
  ): Promise<{ rows: number; resealed: number; unreadable: number; lastId: number | null }> {
    const db = trx as unknown as LooseDb;
    const { idColumn, contextColumn } = column;
    const rows = await db
      .selectFrom(column.table)
      .select([idColumn, column.column, contextColumn])
      .where(idColumn, '>', after)
      .where(column.column, 'is not', null)
      .where(column.column, 'not like', `cv1.${ring.currentVersion}.%`)
      .orderBy(idColumn)
      .limit(this.batchSize)
      .execute();
    let resealed = 0;
    let unreadable = 0;
    for (const row of rows) {
      const old = String(row[column.column]);
      const context = sealedContext(column, String(row[contextColumn]));
      let plain: Buffer;
      try {
        plain = ring.open(column.purpose, old, context);
      } catch (error) {
        if (!(error instanceof SealedValueRejectedError) && !(error instanceof UnknownKeyVersionError)) throw error;
        unreadable += 1;
        continue;
      }
      const update: Record<string, string> = { [column.column]: ring.seal(column.purpose, plain, context) };
      if (column.lookup) update[column.lookup.column] = ring.lookupHash(column.lookup.domain, plain.toString('utf8'));
      plain.fill(0);
      const result = await db
        .updateTable(column.table)
        .set(update)
        .where(idColumn, '=', row[idColumn] as number)
        .where(column.column, '=', old)
        .executeTakeFirst();
      resealed += Number(result.numUpdatedRows);
    }
    const last = rows.at(-1);
    return { rows: rows.length, resealed, unreadable, lastId: last ? Number(last[idColumn]) : null };
  }

  async #finish(trx: Kysely<Database>, rotationId: number, toVersion: number, unreadable: number, workstation: string): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    const retiring = await trx.selectFrom('key_versions').select('version').where('status', '=', 'retiring').execute();
    const versions = retiring.map((r) => Number(r.version));
    await trx.updateTable('key_versions').set({ status: 'destroyed', destroyed_at: now }).where('status', '=', 'retiring').execute();
    if (versions.length) await trx.deleteFrom('key_wraps').where('version', 'in', versions).execute();
    await trx.updateTable('key_rotations').set({ status: 'finished', finished_at: now, unreadable }).where('id', '=', rotationId).execute();
    const { resealed } = await trx.selectFrom('key_rotations').select('resealed').where('id', '=', rotationId).executeTakeFirstOrThrow();
    await this.ctx.audit.append(trx, {
      actor: null,
      workstation,
      event: 'key.rotation_finished',
      outcome: 'allowed',
      resource: { type: 'KeyRotation', id: rotationId },
      reason: `every stored value is sealed under master key version ${toVersion}`,
      details: { toVersion, resealed: Number(resealed), unreadable, destroyedVersions: versions },
    });
    for (const version of versions) {
      await this.ctx.audit.append(trx, {
        actor: null,
        workstation,
        event: 'key.destroyed',
        outcome: 'allowed',
        resource: { type: 'KeyVersion', id: version },
        reason: `master key version ${version} is no longer used by any stored value; every workstation forgets it`,
        details: { version },
      });
    }
  }
}
