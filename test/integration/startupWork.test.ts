/**
 * What every start does must not grow with the records: the look for values still held in clear
 * (sealed at the first start that holds the key) reads an index that holds only those rows.
 */
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { stillInClear } from '../../electron/services/records/sensitiveFields.js';
import { createTestApp, testDialects } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

describe.each(testDialects())('start-up work on %s', (dialect) => {
  it('finds values still held in clear through an index of just those rows, not a scan of every record', async () => {
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect });
    const db = a.handle.db;
    const query = stillInClear(db).limit(200);
    const compiled = query.compile();
    const explain = async <R>(prefix: string) =>
      (await db.executeQuery<R>(CompiledQuery.raw(`${prefix} ${compiled.sql}`, [...compiled.parameters]))).rows;
    if (dialect === 'postgres') {
      const def = (
        await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'personal_records_carried_over'`.execute(db)
      ).rows[0]?.indexdef;
      expect(def).toMatch(/WHERE \(\(unsealed_ssn IS NOT NULL\) OR \(unsealed_date_of_birth IS NOT NULL\)\)/);
      await sql`set enable_seqscan = off`.execute(db);
      const plan = (await explain<{ 'QUERY PLAN': string }>('explain')).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('personal_records_carried_over');
    } else {
      const plan = (await explain<{ detail: string }>('explain query plan')).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/USING (COVERING )?INDEX personal_records_carried_over/);
      expect(plan).not.toMatch(/SCAN personal_records\b(?! USING)/);
    }
    // Sealed at start: the index is empty, and a value written in clear (as before migration 035) is found by it.
    expect(await query.execute()).toEqual([]);
    const id = Number((await db.selectFrom('personal_records').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id);
    await db.updateTable('personal_records').set({ unsealed_ssn: '123-45-6789' }).where('id', '=', id).execute();
    expect((await query.execute()).map((r) => Number(r.id))).toEqual([id]);
    await a.stop();
  });
});
