/**
 * The records' text index (migration 052, search.ts) finds exactly the rows the LIKE search found,
 * on both dialects, and stays in step with inserts, corrections and disposal. Under three
 * characters the LIKE runs alone (a trigram index cannot answer it).
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle, type DialectName } from '../../db/connection.js';
import { migrate } from '../../db/migrator.js';
import { containsText, indexedTextMatch, TEXT_INDEXED, type TextIndexedTable } from '../../electron/services/search.js';
import { testDialects } from '../support/testApp.js';
import { emptyDatabase } from '../support/emptyDatabase.js';

async function fresh(dialect: DialectName): Promise<DatabaseHandle> {
  const h = await emptyDatabase(dialect);
  await migrate(h);
  return h;
}

type Loose = Kysely<Record<string, Record<string, unknown>>>;

// Names and e-mails with mixed case, accents, a quote, LIKE's wildcards and a backslash.
const PEOPLE = [
  ['Margaret Leffler', 'mleffler@example.org'],
  ['Tom LEFFLER-Young', 'TLY@Example.org'],
  ['Zoë Ødegaard', 'zoe.odegaard@example.net'],
  ['ZOË ANDERSEN', null],
  ["Seán O'Brien", 'sean.obrien@example.ie'],
  ['Anna "Ann" Kowalski', 'anna_k@example.com'],
  ['Percy 100% Sure', 'percy\\sure@example.com'],
  ['Li Na', 'li.na@example.cn'],
  ['Éric Dubois', 'eric@exemple.fr'],
  ['Ab', 'ab@ab.ab'],
] as const;

async function seed(db: Loose): Promise<void> {
  await db.insertInto('departments').values({ code: 'CORR', name: 'Correspondence' }).execute();
  const dept = Number((await db.selectFrom('departments').select('id').executeTakeFirstOrThrow()).id);
  for (const [i, [name, email]] of PEOPLE.entries()) {
    await db
      .insertInto('personal_records')
      .values({
        department_id: dept,
        received_at: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
        source: 'email',
        agency: i % 2 ? 'Revenue Agency' : 'Parks & Recreation',
        full_name: name,
        email,
        message: `Question ${i} about my file, ref 2026-03-${String(i + 1).padStart(2, '0')}.`,
      })
      .execute();
    await db
      .insertInto('live_help_transcripts')
      .values({
        department_id: dept,
        session_date: `2026-03-${String(i + 1).padStart(2, '0')}`,
        started_at: `2026-03-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
        ended_at: `2026-03-${String(i + 1).padStart(2, '0')}T09:10:00Z`,
        operator_name: i % 3 ? 'Operator Ruiz' : 'Operator Leffler',
        visitor_name: name,
        browser: 'Firefox',
        browser_version: '128',
        host_ip: '203.0.113.7',
        transcript_text: 'Hello',
        topic: i % 2 ? 'Tax refund' : 'Passport renewal',
        transcript_email: email,
      })
      .execute();
    await db
      .insertInto('card_transactions')
      .values({
        department_id: dept,
        order_id: `ORD-${1000 + i}`,
        cardholder_name: name,
        amount_cents: 1000 + i,
        agency: 'Parks & Recreation',
        status: 'pending',
        created_at: `2026-03-${String(i + 1).padStart(2, '0')}T11:00:00Z`,
        pan_first6: '411111',
        pan_last4: '1111',
      })
      .execute();
  }
}

const QUERIES = [
  'leffler',
  'LEFFLER',
  'Leff',
  'zoë',
  'ZOË',
  'ødegaard',
  'éric',
  "o'brien",
  '"ann"',
  '100%',
  '100% s',
  'anna_k',
  'percy\\sure',
  'example',
  'example.org',
  'ord-100',
  'parks & rec',
  'tax refund',
  '2026-03-0',
  'nobody here',
  // Two words or more: the text index is asked for each word, the LIKE keeps the rows that hold the text itself.
  'margaret leffler',
  'leffler margaret',
  'anna kowalski',
  'zoë  ødegaard',
  'tom leffler-young',
  "seán o'brien",
  'li na',
  // Under three characters: no trigram, so the LIKE alone answers.
  'a',
  'ab',
  'zo',
  'ë',
  '%',
  '_',
];

/** The column sets the app searches: each kind's search box, and "who accessed" (names and e-mails). */
const COLUMN_SETS: { table: TextIndexedTable; columns: readonly string[] }[] = [
  ...(Object.keys(TEXT_INDEXED) as TextIndexedTable[]).map((table) => ({ table, columns: TEXT_INDEXED[table] })),
  { table: 'live_help_transcripts', columns: ['visitor_name', 'transcript_email'] },
  { table: 'personal_records', columns: ['full_name', 'email'] },
  { table: 'card_transactions', columns: ['cardholder_name'] },
];

async function ids(
  db: Loose,
  table: TextIndexedTable,
  where: 'indexed' | 'like',
  dialect: DialectName,
  columns: readonly string[],
  text: string,
) {
  const rows = await db
    .selectFrom(`${table} as r`)
    .select('r.id')
    .where((eb) =>
      where === 'indexed'
        ? indexedTextMatch(eb as never, dialect, table, 'r', columns as never, text)
        : eb.or(columns.map((c) => containsText(eb.ref(`r.${c}`), text))),
    )
    .orderBy('r.id')
    .execute();
  return rows.map((r) => Number(r.id));
}

describe.each(testDialects())('record text search on %s', (dialect) => {
  it('returns exactly the rows the LIKE search returned, for every query and every searched set of columns', async () => {
    const h = await fresh(dialect);
    const db = h.db as unknown as Loose;
    await seed(db);
    let found = 0;
    for (const { table, columns } of COLUMN_SETS) {
      for (const q of QUERIES) {
        const like = await ids(db, table, 'like', dialect, columns, q);
        expect(await ids(db, table, 'indexed', dialect, columns, q), `${table} [${columns.join(', ')}] "${q}"`).toEqual(like);
        found += like.length;
      }
    }
    // The fixture does find rows (an index that found nothing would not pass as "equal" on empty sets alone).
    expect(found).toBeGreaterThan(100);
    expect(await ids(db, 'personal_records', 'indexed', dialect, ['full_name', 'email'], 'leffler')).toEqual([1, 2]);
  });

  it('follows a correction and a disposal, and finds a record inserted later', async () => {
    const h = await fresh(dialect);
    const db = h.db as unknown as Loose;
    await seed(db);
    const search = (text: string) => ids(db, 'personal_records', 'indexed', dialect, TEXT_INDEXED.personal_records, text);
    expect(await search('margaret')).toEqual([1]);

    await db
      .updateTable('personal_records')
      .set({ full_name: 'Margarethe Lefler-Brandt', email: 'mlb@example.org' })
      .where('id', '=', 1)
      .execute();
    expect(await search('leffler')).toEqual([2]);
    expect(await search('lefler-brandt')).toEqual([1]);

    await db.deleteFrom('personal_records').where('id', '=', 2).execute();
    expect(await search('leffler')).toEqual([]);

    const dept = Number((await db.selectFrom('departments').select('id').executeTakeFirstOrThrow()).id);
    await db
      .insertInto('personal_records')
      .values({
        department_id: dept,
        received_at: '2026-04-01T10:00:00Z',
        source: 'web_form',
        agency: 'Parks',
        full_name: 'New Leffler',
        message: 'Hi',
      })
      .execute();
    expect(await search('leffler')).toEqual([11]);
    // A change to a column outside the index (sealing an SSN) leaves the index as it was.
    await db.updateTable('personal_records').set({ ssn_last4: '6789' }).where('id', '=', 11).execute();
    expect(await search('leffler')).toEqual([11]);
    expect(await search('6789')).toEqual([]);
  });

  it('indexes only the searched columns: never an SSN, card number or date of birth', async () => {
    const h = await fresh(dialect);
    const sensitive = /ssn|date_of_birth|pan|expiry|lookup|sealed/;
    if (dialect === 'postgres') {
      const rows = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname like '%_trgm'`.execute(h.db)).rows.map(
        (r) => r.indexdef,
      );
      expect(rows).toHaveLength(Object.values(TEXT_INDEXED).flat().length);
      for (const def of rows) {
        expect(def).toMatch(/USING gin \(lower\(\w+\) gin_trgm_ops\)/);
        expect(def).not.toMatch(sensitive);
      }
      // The planner can answer a search from the index alone (sequential scans off, as on a large table).
      await sql`set enable_seqscan = off`.execute(h.db);
      const plan = (
        await sql<{
          'QUERY PLAN': string;
        }>`explain select id from personal_records where lower(full_name) like ${'%leffler%'} escape '\\'`.execute(h.db)
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('personal_records_full_name_trgm');
      return;
    }
    for (const [table, columns] of Object.entries(TEXT_INDEXED)) {
      const info = (await sql<{ name: string }>`select name from pragma_table_info(${`${table}_search`})`.execute(h.db)).rows.map(
        (r) => r.name,
      );
      expect(info).toEqual([...columns]);
      for (const c of info) expect(c).not.toMatch(sensitive);
    }
    const plan = (
      await sql<{
        detail: string;
      }>`explain query plan select rowid from personal_records_search where personal_records_search match ${'"leffler"'}`.execute(h.db)
    ).rows.map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
  });
});
