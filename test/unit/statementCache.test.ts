import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachingStatements } from '../../db/statementCache.js';

interface Db {
  t: { id: number; name: string };
}

describe('SQLite statements kept between queries', () => {
  let sqlite: BetterSqlite3.Database;
  let db: Kysely<Db>;
  const open = (size?: number) => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(`create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c')`);
    const prepare = vi.spyOn(sqlite, 'prepare');
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite, size) }) });
    return prepare;
  };
  afterEach(async () => {
    await db.destroy();
  });

  const byId = (id: number) => db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();

  it('prepares a query once and runs it again with new values', async () => {
    const prepare = open();
    expect(await byId(1)).toEqual({ name: 'a' });
    expect(await byId(2)).toEqual({ name: 'b' });
    expect(await byId(9)).toBeUndefined();
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('gives a fresh statement for a text whose kept statement is still being read', () => {
    open();
    const kept = cachingStatements(sqlite);
    const text = 'select name from t where id > ? order by id';
    const reading = kept.prepare(text) as BetterSqlite3.Statement;
    const rows = reading.iterate(0);
    expect(rows.next().value).toEqual({ name: 'a' });
    const again = kept.prepare(text) as BetterSqlite3.Statement;
    expect(again).not.toBe(reading);
    expect(again.all(1)).toEqual([{ name: 'b' }, { name: 'c' }]);
    expect([...rows]).toEqual([{ name: 'b' }, { name: 'c' }]);
    expect(kept.prepare(text)).toBe(reading);
  });

  it('sees a column added after the statement was kept', async () => {
    open();
    const everything = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(db);
    expect((await everything()).rows[0]).toEqual({ id: 1, name: 'a' });
    sqlite.exec(`alter table t add column note text default 'new'`);
    expect((await everything()).rows[0]).toEqual({ id: 1, name: 'a', note: 'new' });
  });

  it('keeps at most the given number of texts, dropping the oldest', async () => {
    const prepare = open(2);
    await byId(1); // text A
    await db.selectFrom('t').select('id').where('name', '=', 'a').execute(); // text B
    await db.selectFrom('t').select('id').where('name', 'in', ['a', 'b']).execute(); // text C: A is dropped
    await db.selectFrom('t').select('id').where('name', '=', 'b').execute(); // B is still kept
    expect(prepare).toHaveBeenCalledTimes(3);
    await byId(2); // A again
    expect(prepare).toHaveBeenCalledTimes(4);
  });
});
