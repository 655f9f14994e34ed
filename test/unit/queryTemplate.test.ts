import BetterSqlite3 from 'better-sqlite3';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryTemplate, slot } from '../../db/queryTemplate.js';

interface Db {
  t: { id: number; name: string; kind: string };
}

const byKind = new QueryTemplate<Db, { id: number; name: string }, { kind: string; after: number }>((db) =>
  db.selectFrom('t').select(['id', 'name']).where('kind', '=', slot('kind')).where('id', '>', slot('after')).orderBy('id').limit(2),
);
const insert = new QueryTemplate<Db, never, { id: number; name: string; kind: string }>((db) =>
  db.insertInto('t').values({ id: slot('id'), name: slot('name'), kind: slot('kind') }),
);

describe('a query compiled once and run with new values', () => {
  let db: Kysely<Db>;
  afterEach(() => db?.destroy());
  const open = () => {
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(`create table t (id integer primary key, name text not null, kind text not null)`);
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: sqlite }) });
  };

  it('puts each value in its place, keeps the compiled constants, and runs inside a transaction too', async () => {
    open();
    for (const [id, name, kind] of [
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [3, 'c', 'x'],
      [4, 'd', 'x'],
      [5, 'e', 'x'],
    ] as const)
      await insert.execute(db, { id, name, kind });
    expect(await byKind.execute(db, { kind: 'x', after: 0 })).toEqual([
      { id: 1, name: 'a' },
      { id: 3, name: 'c' },
    ]);
    expect(await byKind.execute(db, { kind: 'x', after: 3 })).toEqual([
      { id: 4, name: 'd' },
      { id: 5, name: 'e' },
    ]);
    expect(await byKind.executeTakeFirst(db, { kind: 'y', after: 0 })).toEqual({ id: 2, name: 'b' });
    expect(await byKind.executeTakeFirst(db, { kind: 'z', after: 0 })).toBeUndefined();
    await expect(
      db.transaction().execute(async (trx) => {
        await insert.execute(trx, { id: 6, name: 'f', kind: 'y' });
        expect(await byKind.execute(trx, { kind: 'y', after: 2 })).toEqual([{ id: 6, name: 'f' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byKind.execute(db, { kind: 'y', after: 2 })).toEqual([]);
  });

  it('refuses to run without a value for every slot', async () => {
    open();
    await expect(byKind.execute(db, { kind: 'x' } as never)).rejects.toThrow('No value was given for the query\'s slot "after".');
  });

  it('is compiled for each dialect it runs on', async () => {
    open();
    const compiled: string[] = [];
    const pg = new Kysely<Db>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => void compiled.push(`${event.query.sql} ${JSON.stringify(event.query.parameters)}`),
    });
    await byKind.execute(pg, { kind: 'x', after: 7 });
    await byKind.execute(db, { kind: 'x', after: 0 });
    expect(compiled).toEqual(['select "id", "name" from "t" where "kind" = $1 and "id" > $2 order by "id" limit $3 ["x",7,2]']);
    await pg.destroy();
  });
});
